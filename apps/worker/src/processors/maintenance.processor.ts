import { KnowledgeService } from '@desk/knowledge';
import { JobName, QueueName, QueueService, schedulerIds } from '@desk/queue';
import { TicketService } from '@desk/tickets';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

const AUTO_CLOSE_EVERY_MS = 60_000;
const KB_REVIEW_EVERY_MS = 60 * 60_000;

/** Recurring housekeeping on a BullMQ job scheduler (one run per period across all workers). */
@Processor(QueueName.Maintenance, { autorun: false })
export class MaintenanceProcessor extends QueueProcessor {
  constructor(
    private readonly queues: QueueService,
    private readonly tickets: TicketService,
    private readonly knowledge: KnowledgeService,
  ) {
    super();
  }

  protected override async prepare(): Promise<void> {
    await this.queues
      .queue(QueueName.Maintenance)
      .upsertJobScheduler(
        schedulerIds.ticketAutoClose,
        { every: AUTO_CLOSE_EVERY_MS },
        { name: JobName.TicketAutoClose },
      );
    await this.queues
      .queue(QueueName.Maintenance)
      .upsertJobScheduler(
        schedulerIds.kbReviewReminders,
        { every: KB_REVIEW_EVERY_MS },
        { name: JobName.KbReviewReminders },
      );
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.TicketAutoClose: {
        const closed = await this.tickets.autoCloseDue();
        if (closed) this.logger.log(`auto-closed ${closed} resolved tickets`);
        return { closed };
      }
      case JobName.KbReviewReminders:
        return { mailed: await this.knowledge.remindOverdueReviews() };
      default:
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  }
}
