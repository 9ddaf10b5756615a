import { ReportDeliveryService, ReportScheduler } from '@desk/reports';
import { JobName, QueueName, ReportDeliverJob } from '@desk/queue';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

const RECONCILE_EVERY_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Report deliveries: `report-deliver` jobs from the subscriptions' job schedulers, catch-ups and
 * send-now. At start and every five minutes each worker re-registers the schedulers from
 * PostgreSQL and catches up missed periods (idempotent, so several workers may do it at once).
 */
@Processor(QueueName.Reports, { autorun: false, concurrency: 2 })
export class ReportsProcessor extends QueueProcessor {
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;

  constructor(
    private readonly deliveries: ReportDeliveryService,
    private readonly scheduler: ReportScheduler,
  ) {
    super();
  }

  protected override async prepare(): Promise<void> {
    const run = () => {
      this.reconciling ??= this.reconcile().finally(() => (this.reconciling = undefined));
    };
    run();
    this.timer = setInterval(run, RECONCILE_EVERY_MS);
  }

  protected override async halt(): Promise<void> {
    clearInterval(this.timer);
    await this.reconciling;
  }

  async reconcile(): Promise<void> {
    try {
      await this.scheduler.reconcile();
    } catch (error) {
      this.logger.warn(`report schedule reconciliation paused: ${(error as Error).message}`);
    }
  }

  async process(job: Job<ReportDeliverJob>): Promise<string> {
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
