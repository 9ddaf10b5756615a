import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { ChangeNoticeJob, JobName, jobIds, QueueName, QueueService } from '@desk/queue';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ChangeNoticeRepository, NoticeRow } from './change-notice.repository';
import { ChangeRepository } from './change.repository';
import { ChangeMailer } from './change-mailer';

/** The affected desks hear of a scheduled change this long before its window opens. */
export const CHANGE_NOTICE_LEAD_MS = 24 * 3600 * 1000;
const RECONCILE_BATCH = 200;

const NOTICE_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

export type NoticeResult = 'sent' | 'stale' | 'early';

/**
 * The pre-window notice: the Tier 1 desks of the owning PD and of every PD the change names are
 * mailed CHANGE_NOTICE_LEAD_MS before a scheduled window (at once when it is nearer). One BullMQ
 * delayed job per change and window revision (`change-notice_<id>_r<rev>`); firing claims the
 * revision with a conditional UPDATE in the transaction that writes the mail, so a redelivered job,
 * a second worker or the reconciliation finds nothing left to send. The reconciliation, run by a job
 * scheduler, sends what is overdue and re-creates the jobs Redis lost.
 */
@Injectable()
export class ChangeWindowService {
  private readonly logger = new Logger(ChangeWindowService.name);

  constructor(
    private readonly repo: ChangeRepository,
    private readonly notices: ChangeNoticeRepository,
    private readonly mailer: ChangeMailer,
    private readonly tx: TransactionRunner,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private job(row: NoticeRow, now: number) {
    const data: ChangeNoticeJob = { changeId: row.id, revision: row.windowRevision };
    return {
      name: JobName.ChangeNotice,
      data,
      opts: {
        ...NOTICE_JOB_OPTIONS,
        jobId: jobIds.changeNotice(row.id, row.windowRevision),
        delay: Math.max(0, new Date(row.noticeAt).getTime() - now),
      },
    };
  }

  /** Arms the notice job of a change's current window, if it still has one to send. */
  async arm(changeId: string): Promise<boolean> {
    const row = await this.notices.pendingNotice(changeId, CHANGE_NOTICE_LEAD_MS);
    if (!row) return false;
    const job = this.job(row, this.clock.now().getTime());
    await this.queues.queue(QueueName.ChangeTimers).add(job.name, job.data, job.opts);
    return true;
  }

  /** Handles a notice job: sends the notice of that window revision, once. */
  async fire(job: ChangeNoticeJob): Promise<NoticeResult> {
    const now = this.clock.now();
    const result = await this.tx.run(async (em) => {
      const row = await this.notices.claimNotice(em, job.changeId, job.revision, now, CHANGE_NOTICE_LEAD_MS);
      if (!row) return 'stale' as const;
      const units = [row.owningUnitId, ...row.affectedUnitIds];
      const sent = await this.mailer.send(
        em,
        'window',
        row,
        `${row.id}_r${row.windowRevision}`,
        units.map((unitId) => ({ kind: 'role-in-unit' as const, role: 'tier1' as const, unitId })),
        null,
      );
      await this.repo.addEvent(
        em,
        {
          changeId: row.id,
          actorId: null,
          type: 'window-notice',
          data: { revision: row.windowRevision, recipients: sent },
        },
        now,
      );
      return 'sent' as const;
    });
    if (result === 'stale') {
      // Early (the clock moved) or superseded: an early job is re-armed for its time.
      const pending = await this.notices.pendingNotice(job.changeId, CHANGE_NOTICE_LEAD_MS);
      if (pending && pending.windowRevision === job.revision && new Date(pending.noticeAt) > now)
        return 'early';
    }
    return result;
  }

  /** Sends every overdue notice, then makes sure the notices due before the next pass have a job. */
  async reconcile(): Promise<{ sent: number; armed: number }> {
    const now = this.clock.now();
    let sent = 0;
    for (const row of await this.notices.noticesBefore(now, now, CHANGE_NOTICE_LEAD_MS, RECONCILE_BATCH)) {
      try {
        if ((await this.fire({ changeId: row.id, revision: row.windowRevision })) === 'sent') sent++;
      } catch (error) {
        this.logger.warn(`change notice ${row.id} failed: ${(error as Error).message}`);
      }
    }
    const until = new Date(now.getTime() + 2 * this.config.SLA_RECONCILE_MS + 5000);
    const upcoming = await this.notices.noticesBefore(until, now, CHANGE_NOTICE_LEAD_MS, RECONCILE_BATCH);
    const queue = this.queues.queue(QueueName.ChangeTimers);
    const client = (await queue.client) as unknown as Redis;
    const jobs = upcoming.map((r) => this.job(r, now.getTime()));
    let armed = 0;
    if (jobs.length) {
      const pipeline = client.pipeline();
      for (const j of jobs) pipeline.exists(queue.toKey(j.opts.jobId));
      const results = (await pipeline.exec()) ?? [];
      const missing = jobs.filter((_, k) => results[k]?.[1] === 0);
      if (missing.length) await queue.addBulk(missing);
      armed = missing.length;
    }
    if (sent || armed) this.logger.log(`change notices: sent ${sent} overdue, re-armed ${armed}`);
    return { sent, armed };
  }
}
