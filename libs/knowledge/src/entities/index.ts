import { KbArticleEntity } from './kb-article.entity';
import {
  KbArticleRevisionEntity,
  KbArticleVoteEntity,
  KbDeflectionEntity,
  KbTicketLinkEntity,
} from './kb-records.entity';

export * from './kb-article.entity';
export * from './kb-records.entity';

export const KNOWLEDGE_ENTITIES = [
  KbArticleEntity,
  KbArticleRevisionEntity,
  KbArticleVoteEntity,
  KbDeflectionEntity,
  KbTicketLinkEntity,
];
