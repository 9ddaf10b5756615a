import { Clock, SystemClock } from '@desk/common';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { AttachmentStorage } from './attachment.storage';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';

@Module({
  imports: [OrgAuthModule],
  providers: [TicketRepository, TicketService, AttachmentStorage, { provide: Clock, useClass: SystemClock }],
  exports: [TicketService, TicketRepository],
})
export class TicketsModule {}
