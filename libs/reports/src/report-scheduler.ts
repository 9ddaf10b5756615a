import { RegionService } from '@desk/org-auth';
import { Clock } from '@desk/common';
import {
  DB_STATE_JOB_OPTIONS,
  JobName,
  jobIds,
  QueueName,
  QueueService,
  ReportDeliverJob,
  schedulerIds,
} from '@desk/queue';
import { Injectable, Logger } from '@nestjs/common';
import { cronPattern, lastFireAt, previousPeriod } from './report-period';
import { ReportSubscriptionRepository, SubscriptionRow } from './report-subscription.repository';
import { SlaReportRepository } from './sla-report.repository';

/** A send-now row still pending after this long has lost its job (Redis was down): enqueue again. */
const MANUAL_STALE_MS = 60_000;

export const deliveryKey = (subscriptionId: string, periodKey: string) =>
  `report-deliver_${subscriptionId}_${periodKey}`;

/**
 * The BullMQ side of subscriptions: one job scheduler per subscription (stable id
 * `report-subscription_<id>`, cron pattern in the region's time zone) that produces `report-deliver`
 * jobs. Registered when a subscription is saved and again by every worker at start and every few
 * minutes, so a Redis flush loses nothing for long; a period whose run was missed (worker down,
 * Redis flushed at the time) is caught up at the next reconciliation.
 */
@Injectable()
export class ReportScheduler {
  private readonly logger = new Logger(ReportScheduler.name);

  constructor(
    private readonly queues: QueueService,
    private readonly subscriptions: ReportSubscriptionRepository,
    private readonly reports: SlaReportRepository,
    private readonly region: RegionService,
    private readonly clock: Clock,
  ) {}

  private get queue() {
    return this.queues.queue(QueueName.Reports);
  }

  async timezone(): Promise<string> {
    return this.region.timezone();
  }

  async upsert(
    sub: Pick<SubscriptionRow, 'id' | 'frequency' | 'sendAt' | 'active'>,
    tz?: string,
  ): Promise<void> {
    if (!sub.active) return this.remove(sub.id);
    await this.queue.upsertJobScheduler(
      schedulerIds.reportSubscription(sub.id),
      { pattern: cronPattern(sub.frequency, sub.sendAt), tz: tz ?? (await this.timezone()) },
      {
        name: JobName.ReportDeliver,
        data: { subscriptionId: sub.id } satisfies ReportDeliverJob,
        opts: DB_STATE_JOB_OPTIONS,
      },
    );
  }

  async remove(subscriptionId: string): Promise<void> {
    await this.queue.removeJobScheduler(schedulerIds.reportSubscription(subscriptionId));
  }

  /** The next run of a subscription's scheduler, when Redis knows it. */
  async nextRunAt(subscriptionId: string): Promise<Date | null> {
    const scheduler = await this.queue.getJobScheduler(schedulerIds.reportSubscription(subscriptionId));
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  /** A send-now: its delivery row exists already; the job id is the row's. */
  async enqueueManual(subscriptionId: string, deliveryId: string): Promise<void> {
    await this.queue.add(JobName.ReportDeliver, { subscriptionId, deliveryId } satisfies ReportDeliverJob, {
      ...DB_STATE_JOB_OPTIONS,
      jobId: jobIds.reportDeliverManual(deliveryId),
    });
  }

  /**
   * Every active subscription's scheduler registered, each missed or failed period enqueued once (its
   * job id and its delivery's dedupe key name the period), and lost send-now jobs enqueued again.
   */
  async reconcile(): Promise<void> {
    const tz = await this.timezone();
    const now = this.clock.now();
    for (const sub of await this.subscriptions.active()) {
      await this.upsert(sub, tz);
      const firedAt = lastFireAt(sub.frequency, sub.sendAt, tz, now);
      // Subscribed after that run: its first report is the next one.
      if (firedAt < new Date(sub.createdAt)) continue;
      const period = previousPeriod(sub.frequency, firedAt, tz);
      // A failed delivery, or one whose retry job Redis lost, is enqueued again (the same job id:
      // a retry still waiting in the queue makes this a no-op).
      if (await this.subscriptions.deliveryMailed(deliveryKey(sub.id, period.key))) continue;
      this.logger.log(`catching up ${sub.frequency} report ${sub.id} for ${period.key}`);
      await this.queue.add(
        JobName.ReportDeliver,
        { subscriptionId: sub.id, firedAt: firedAt.getTime() } satisfies ReportDeliverJob,
        { ...DB_STATE_JOB_OPTIONS, jobId: jobIds.reportDeliver(sub.id, period.key) },
      );
    }
    for (const d of await this.subscriptions.staleManual(new Date(now.getTime() - MANUAL_STALE_MS))) {
      await this.enqueueManual(d.subscriptionId, d.id);
    }
  }
}
