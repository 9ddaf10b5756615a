import { CHANGE_WINDOW_EVENT, ChangeWindowService } from '@desk/changes';
import { AppConfig } from '@desk/config';
import { ChangeNoticeJob, JobName, QueueName, QueueService, schedulerIds } from '@desk/queue';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { DomainEventsProcessor } from './domain-events.processor';

/**
 * The `change-timers` queue: one delayed notice job per scheduled change window, armed from the
 * `change.window` outbox event, and the reconciliation scheduler that sends overdue notices and
 * re-creates lost jobs (same interval as the SLA reconciliation).
 */
@Injectable()
export class ChangeTimersProcessor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeTimersProcessor.name);
  private worker?: Worker;
  private keepAlive?: NodeJS.Timeout;

  constructor(
    private readonly queues: QueueService,
    private readonly notices: ChangeWindowService,
    private readonly events: DomainEventsProcessor,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(CHANGE_WINDOW_EVENT, async (e) => {
      await this.notices.arm(e.aggregateId);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureScheduler();
    // A Redis loss also loses the scheduler: put it back once per period.
    this.keepAlive = setInterval(() => void this.ensureScheduler(), this.config.SLA_RECONCILE_MS);
    this.worker = new Worker(QueueName.ChangeTimers, (job: Job) => this.handle(job), {
      connection: this.queues.workerConnection(),
      prefix: this.queues.prefix,
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
    this.worker.on('error', () => undefined);
  }

  private async ensureScheduler(): Promise<void> {
    try {
      const queue = this.queues.queue(QueueName.ChangeTimers);
      if (await queue.getJobScheduler(schedulerIds.changeReconcile)) return;
      await queue.upsertJobScheduler(
        schedulerIds.changeReconcile,
        { every: this.config.SLA_RECONCILE_MS },
        {
          name: JobName.ChangeReconcile,
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      );
    } catch (error) {
      this.logger.warn(`change reconcile scheduler: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.keepAlive);
    await this.worker?.close();
  }

  private async handle(job: Job): Promise<unknown> {
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
