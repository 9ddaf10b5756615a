import { RegionService } from '@desk/org-auth';
import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { MailOutbox, OutgoingMail } from '@desk/notifications';
import { ReportDeliverJob } from '@desk/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DeliveryStatus, ReportDelivery } from './entities/report-delivery.entity';
import { renderReportChart } from './report-chart';
import { CHART_CID, renderReportMail } from './report-mail';
import { localDate, previousPeriod, type Locale } from './report-period';
import { renderReportPdf } from './report-pdf';
import { deliveryKey, ReportScheduler } from './report-scheduler';
import { ReportSubscriptionRepository, SubscriptionRow } from './report-subscription.repository';
import { slaReportCsv } from './sla-report.csv';
import { SlaReportRepository } from './sla-report.repository';
import { SlaReportService } from './sla-report.service';

export type DeliveryOutcome = 'mailed' | 'duplicate' | 'no-subscription' | 'inactive' | 'no-delivery';

interface Target {
  id?: string;
  subscriptionId: string;
  trigger: 'schedule' | 'manual';
  periodStart: Date;
  periodEnd: Date;
  dedupeKey: string;
}

interface Addressee {
  to: string;
  userId: string | null;
  locale: Locale;
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60) || 'laporan';

/**
 * Builds and mails one report delivery, exactly once per period and subscription: the delivery row
 * (unique dedupe key) is created and locked in the same transaction that writes the mail to the
 * outbox and marks it mailed. A second worker, a second firing or a catch-up for the same period
 * waits for that lock and then finds it mailed; a crash before the commit leaves nothing, and the
 * queue's retry builds it again. The outbox then sends each mail once (libs/notifications).
 */
@Injectable()
export class ReportDeliveryService {
  private readonly logger = new Logger(ReportDeliveryService.name);

  constructor(
    private readonly subscriptions: ReportSubscriptionRepository,
    private readonly reports: SlaReportRepository,
    private readonly region: RegionService,
    private readonly builder: SlaReportService,
    private readonly scheduler: ReportScheduler,
    private readonly outbox: MailOutbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * `scheduledAt`: when the job's scheduler meant it to run (the period follows from it, not from
   * when a worker got to it). `final`: this is the queue's last attempt.
   */
  async run(job: ReportDeliverJob, scheduledAt: Date, final: boolean): Promise<DeliveryOutcome> {
    const sub = await this.subscriptions.find(job.subscriptionId);
    if (!sub) {
      // Deleted while Redis kept its scheduler: stop it.
      await this.scheduler.remove(job.subscriptionId);
      return 'no-subscription';
    }
    const { timezone } = await this.region.facts();
    let target: Target;
    if (job.deliveryId) {
      const d = await this.subscriptions.findDelivery(job.deliveryId);
      if (!d || d.subscriptionId !== sub.id) return 'no-delivery';
      target = { ...d, trigger: 'manual' };
    } else {
      if (!sub.active) return 'inactive';
      const period = previousPeriod(
        sub.frequency,
        job.firedAt ? new Date(job.firedAt) : scheduledAt,
        timezone,
      );
      target = {
        subscriptionId: sub.id,
        trigger: 'schedule',
        periodStart: period.start,
        periodEnd: period.end,
        dedupeKey: deliveryKey(sub.id, period.key),
      };
    }
    try {
      return await this.tx.run(async (em) => {
        const d = await this.subscriptions.claimDelivery(em, target);
        if (d.status === DeliveryStatus.Mailed) return 'duplicate';
        const mails = await this.compose(sub, d);
        await this.outbox.add(em, mails);
        await this.subscriptions.markMailed(em, d.id, {
          at: this.clock.now().toISOString(),
          outcome: 'mailed',
          detail: mails.length
            ? `${mails.length} mail: ${mails.map((m) => m.to).join(', ')}`
            : 'no active recipient',
          recipients: mails.map((m) => m.to),
        });
        this.logger.log(`report ${sub.id} for ${d.dedupeKey}: ${mails.length} mail written`);
        return 'mailed';
      });
    } catch (error) {
      const detail = (error as Error).message ?? String(error);
      await this.subscriptions
        .recordFailure(target, { at: this.clock.now().toISOString(), outcome: 'error', detail }, final)
        .catch(() => undefined);
      throw error;
    }
  }

  private async addressees(sub: SubscriptionRow): Promise<Addressee[]> {
    const ids = sub.recipients.flatMap((r) => ('userId' in r ? [r.userId] : []));
    const users = new Map((await this.subscriptions.recipientUsers(ids)).map((u) => [u.id, u]));
    const seen = new Set<string>();
    const out: Addressee[] = [];
    for (const r of sub.recipients) {
      const user = 'userId' in r ? users.get(r.userId) : undefined;
      if ('userId' in r && !user?.active) continue;
      const to = (user?.email ?? ('email' in r ? r.email : '')).toLowerCase();
      if (!to || seen.has(to)) continue;
      seen.add(to);
      out.push({ to, userId: user?.id ?? null, locale: user?.locale === 'en' ? 'en' : 'id' });
    }
    return out;
  }

  /** One mail per recipient; the report is built once per language among them. */
  private async compose(sub: SubscriptionRow, d: ReportDelivery): Promise<OutgoingMail[]> {
    const addressees = await this.addressees(sub);
    const region = await this.region.facts();
    const mails: OutgoingMail[] = [];
    for (const locale of [...new Set(addressees.map((a) => a.locale))]) {
      const built = await this.builder.build(
        { unitId: sub.unitId, teamId: sub.teamId },
        new Date(d.periodStart),
        new Date(d.periodEnd),
        locale,
      );
      // The side-by-side table of every PD is the regency-wide summary's; other scopes leave it out.
      const report = sub.regencyWide ? built : { ...built, byUnit: [] };
      const chartPng = await renderReportChart(report, locale);
      const input = { report, locale, subscriptionName: sub.name, regionName: region.name };
      const pdf = await renderReportPdf({ ...input, chartPng });
      const csv = Buffer.from(slaReportCsv(report, locale), 'utf8');
      const body = renderReportMail({ ...input, appUrl: this.config.appUrl });
      const file = `laporan-sla-${slug(report.scope.label)}-${localDate(d.periodStart, region.timezone)}`;
      for (const a of addressees.filter((x) => x.locale === locale)) {
        mails.push({
          kind: 'report',
          to: a.to,
          userId: a.userId,
          ...body,
          dedupeKey: `${d.dedupeKey}_${a.userId ?? a.to}`,
          aggregateType: 'report_delivery',
          aggregateId: d.id,
          attachments: [
            { fileName: 'grafik-sla.png', contentType: 'image/png', content: chartPng, contentId: CHART_CID },
            { fileName: `${file}.csv`, contentType: 'text/csv; charset=utf-8', content: csv },
            { fileName: `${file}.pdf`, contentType: 'application/pdf', content: pdf },
          ],
        });
      }
    }
    return mails;
  }
}
