import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { AttachmentStorage } from './attachment.storage';
import { EscalationRepository } from './escalation.repository';
import { TicketContentRepository } from './ticket-content.repository';
import { TicketListQuery } from './ticket-list.query';
import { TicketRepository } from './ticket.repository';
import { ReplyTemplateRepository } from './reply-template.repository';
import { TicketLinkRepository } from './ticket-link.repository';
import { TicketLiveRepository } from './ticket-live.repository';
import { TicketOverviewRepository } from './ticket-overview.repository';
import { ReplyTemplateService } from './reply-template.service';
import { TicketBulkService } from './ticket-bulk.service';
import { TicketLinkService } from './ticket-links.service';
import { TicketSearchIndex } from './ticket-search.index';
import { TicketOverviewService } from './ticket-overview.service';
import { TicketService } from './ticket.service';
import { TicketChangeWriter } from './ticket-change.writer';
import { TicketConversationService } from './ticket-conversation.service';
import { TicketEscalationService } from './ticket-escalation.service';
import { TicketFilingBatcher } from './ticket-filing.batcher';
import { TicketFilingService } from './ticket-filing.service';
import { TicketHookRegistry } from './ticket-hook.registry';
import { TicketLifecycleService } from './ticket-lifecycle.service';
import { TicketQueryService } from './ticket-query.service';

@Module({
  imports: [OrgAuthModule],
  providers: [
    TicketRepository,
    TicketListQuery,
    TicketContentRepository,
    TicketService,
    TicketHookRegistry,
    TicketQueryService,
    TicketChangeWriter,
    TicketFilingService,
    TicketFilingBatcher,
    TicketLifecycleService,
    TicketEscalationService,
    TicketConversationService,
    EscalationRepository,
    AttachmentStorage,
    TicketLinkService,
    TicketLinkRepository,
    ReplyTemplateService,
    ReplyTemplateRepository,
    TicketBulkService,
    TicketSearchIndex,
    TicketOverviewRepository,
    TicketOverviewService,
    TicketLiveRepository,
  ],
  exports: [
    TicketService,
    TicketLiveRepository,
    TicketRepository,
    EscalationRepository,
    TicketLinkService,
    ReplyTemplateService,
    TicketBulkService,
    TicketOverviewService,
  ],
})
export class TicketsModule {}
