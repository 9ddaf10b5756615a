import { ReportDeliveryService, ReportScheduler } from '@desk/reports';
import { JobName, QueueName, QueueService, ReportDeliverJob } from '@desk/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';

const RECONCILE_EVERY_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Report deliveries: `report-deliver` jobs from the subscriptions' job schedulers, catch-ups and
 * send-now. At start and every five minutes each worker re-registers the schedulers from
 * PostgreSQL and catches up missed periods (idempotent, so several workers may do it at once).
 */
@Injectable()
export class ReportsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportsProcessor.name);
  private worker?: Worker;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queues: QueueService,
    private readonly deliveries: ReportDeliveryService,
    private readonly scheduler: ReportScheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QueueName.Reports, (job: Job<ReportDeliverJob>) => this.handle(job), {
      connection: this.queues.workerConnection(),
      prefix: this.queues.prefix,
      concurrency: 2,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
    this.worker.on('error', () => undefined);
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.worker?.close();
  }

  async reconcile(): Promise<void> {
    try {
      await this.scheduler.reconcile();
    } catch (error) {
      this.logger.warn(`report schedule reconciliation paused: ${(error as Error).message}`);
    }
  }

  private async handle(job: Job<ReportDeliverJob>): Promise<string> {
    if (job.name !== JobName.ReportDeliver) throw new Error(`unknown reports job ${job.name}`);
    const { subscriptionId, deliveryId, firedAt } = job.data ?? ({} as ReportDeliverJob);
    if (typeof subscriptionId !== 'string' || !UUID.test(subscriptionId)) return 'invalid-payload';
    if (deliveryId !== undefined && (typeof deliveryId !== 'string' || !UUID.test(deliveryId)))
      return 'invalid-payload';
    if (firedAt !== undefined && !Number.isFinite(firedAt)) return 'invalid-payload';
    // A scheduler's job carries the instant it was due (prevMillis); the period follows from that.
    const scheduledAt = new Date(job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0));
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliveries.run(job.data, scheduledAt, final);
  }
}
