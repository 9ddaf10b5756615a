import { NotificationsModule } from '@desk/notifications';
import { OrgAuthModule } from '@desk/org-auth';
import { TicketsModule } from '@desk/tickets';
import { Module } from '@nestjs/common';
import { KbArticleRepository } from './kb-article.repository';
import { KnowledgeSearchService } from './knowledge-search.service';
import { KnowledgeService } from './knowledge.service';

@Module({
  imports: [OrgAuthModule, TicketsModule, NotificationsModule],
  providers: [KbArticleRepository, KnowledgeService, KnowledgeSearchService],
  exports: [KnowledgeService, KnowledgeSearchService, KbArticleRepository],
})
export class KnowledgeModule {}
