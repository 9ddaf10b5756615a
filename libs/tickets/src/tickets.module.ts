import { Clock, SystemClock } from '@desk/common';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { AttachmentStorage } from './attachment.storage';
import { EscalationRepository } from './escalation.repository';
import { TicketRepository } from './ticket.repository';
import { ReplyTemplateService } from './reply-template.service';
import { TicketBulkService } from './ticket-bulk.service';
import { TicketLinkService } from './ticket-links.service';
import { TicketService } from './ticket.service';

@Module({
  imports: [OrgAuthModule],
  providers: [
    TicketRepository,
    TicketService,
    EscalationRepository,
    AttachmentStorage,
    TicketLinkService,
    ReplyTemplateService,
    TicketBulkService,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [
    TicketService,
    TicketRepository,
    EscalationRepository,
    TicketLinkService,
    ReplyTemplateService,
    TicketBulkService,
    Clock,
  ],
})
export class TicketsModule {}
