import { OrgAuthModule } from '@desk/org-auth';
import { TicketsModule } from '@desk/tickets';
import { Module } from '@nestjs/common';
import { EscalationRoutingRepository } from './escalation-routing.repository';
import { EscalationRoutingService } from './escalation-routing.service';
import { WorkQueueRepository } from './work-queue.repository';
import { WorkQueueService } from './work-queue.service';

@Module({
  imports: [OrgAuthModule, TicketsModule],
  providers: [WorkQueueRepository, WorkQueueService, EscalationRoutingRepository, EscalationRoutingService],
  exports: [WorkQueueService, EscalationRoutingService],
})
export class EscalationModule {}
