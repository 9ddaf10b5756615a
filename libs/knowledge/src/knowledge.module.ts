import { NotificationsModule } from '@desk/notifications';
import { OrgAuthModule } from '@desk/org-auth';
import { TicketsModule } from '@desk/tickets';
import { Module } from '@nestjs/common';
import { ArticleFeedbackService } from './article-feedback.service';
import { ArticleHistoryService } from './article-history.service';
import { ArticleTicketsService } from './article-tickets.service';
import { KbArticleRecordsRepository } from './kb-article-records.repository';
import { KbArticleRepository } from './kb-article.repository';
import { KbSearchPool } from './kb-search-pool';
import { KbSearchRepository } from './kb-search.repository';
import { KnowledgeSearchService } from './knowledge-search.service';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [OrgAuthModule, TicketsModule, NotificationsModule],
  providers: [
    KbArticleRepository,
    KbArticleRecordsRepository,
    KbSearchPool,
    KbSearchRepository,
    KnowledgeService,
    KnowledgeSearchService,
    ArticleFeedbackService,
    ArticleHistoryService,
    ArticleTicketsService,
  ],
  exports: [
    KnowledgeService,
    KnowledgeSearchService,
    ArticleFeedbackService,
    ArticleHistoryService,
    ArticleTicketsService,
    KbArticleRepository,
  ],
})
export class KnowledgeModule {}
