import { KnowledgeService } from '@desk/knowledge';
import { JobName, QueueName, QueueService, schedulerIds } from '@desk/queue';
import { TicketService } from '@desk/tickets';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';

const AUTO_CLOSE_EVERY_MS = 60_000;
const KB_REVIEW_EVERY_MS = 60 * 60_000;

/** Recurring housekeeping on a BullMQ job scheduler (one run per period across all workers). */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly queues: QueueService,
    private readonly tickets: TicketService,
    private readonly knowledge: KnowledgeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
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
    this.worker = new Worker(QueueName.Maintenance, (job: Job) => this.handle(job), {
      connection: this.queues.workerConnection(),
      prefix: this.queues.prefix,
    });
    this.worker.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async handle(job: Job): Promise<unknown> {
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
