import { CHANGE_WINDOW_EVENT, ChangeWindowService } from '@desk/changes';
import { AppConfig } from '@desk/config';
import { ChangeNoticeJob, JobName, QueueName, QueueService, schedulerIds } from '@desk/queue';
import { OnModuleInit } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { DomainEventsProcessor } from './domain-events.processor';
import { QueueProcessor } from './queue-processor';

/**
 * The `change-timers` queue: one delayed notice job per scheduled change window, armed from the
 * `change.window` outbox event, and the reconciliation scheduler that sends overdue notices and
 * re-creates lost jobs (same interval as the SLA reconciliation).
 */
@Processor(QueueName.ChangeTimers, { autorun: false, concurrency: 4 })
export class ChangeTimersProcessor extends QueueProcessor implements OnModuleInit {
  constructor(
    private readonly queues: QueueService,
    private readonly notices: ChangeWindowService,
    private readonly events: DomainEventsProcessor,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.events.on(CHANGE_WINDOW_EVENT, async (e) => {
      await this.notices.arm(e.aggregateId);
    });
  }

  protected override async prepare(): Promise<void> {
    await this.keepScheduler(
      this.queues.queue(QueueName.ChangeTimers),
      schedulerIds.changeReconcile,
      JobName.ChangeReconcile,
      this.config.SLA_RECONCILE_MS,
    );
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.ChangeNotice: {
        const data = job.data as ChangeNoticeJob;
        if (typeof data?.changeId !== 'string' || !Number.isInteger(data.revision)) return 'invalid-payload';
        return this.notices.fire(data);
      }
      case JobName.ChangeReconcile:
        return this.notices.reconcile();
      default:
        throw new Error(`unknown change-timers job ${job.name}`);
    }
  }
}
