import { Clock, SystemClock } from '@desk/common';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { AttachmentStorage } from './attachment.storage';
import { EscalationRepository } from './escalation.repository';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';

@Module({
  imports: [OrgAuthModule],
  providers: [
    TicketRepository,
    TicketService,
    EscalationRepository,
    AttachmentStorage,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [TicketService, TicketRepository, EscalationRepository],
})
export class TicketsModule {}
