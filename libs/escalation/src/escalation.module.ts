import { OrgAuthModule } from '@desk/org-auth';
import { TicketsModule } from '@desk/tickets';
import { Module } from '@nestjs/common';
import { WorkQueueRepository } from './work-queue.repository';
import { WorkQueueService } from './work-queue.service';

@Module({
  imports: [OrgAuthModule, TicketsModule],
  providers: [WorkQueueRepository, WorkQueueService],
  exports: [WorkQueueService],
})
export class EscalationModule {}
