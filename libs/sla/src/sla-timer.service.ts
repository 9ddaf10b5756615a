import { Clock, GroupCommit } from '@desk/common';
import { AppConfig } from '@desk/config';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { JobName, jobIds, QueueName, QueueService, SlaTimerJob } from '@desk/queue';
import { reasonText, TicketService } from '@desk/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { EntityManager } from 'typeorm';
import { BusinessCalendarService } from './business-calendar.service';
import { fire } from './sla-clock.engine';
import { rulesOf } from './sla-clock-step';
import { SlaLifecycleHook } from './sla-lifecycle.hook';
import { FALLBACK_POLICY, SlaPolicyService } from './sla-policy.service';
import { FiringRow, SlaRepository, TimerRow } from './sla.repository';

const URGENT = ['P1', 'P2'];
/** A job that fires this little before its step waits for it instead of going back to Redis. */
const EARLY_WAIT_MS = 2_000;
/** The reconciliation reads this many overdue clocks at a time and fires them on a few lanes. */
const BATCH = 500;
const RECONCILE_LANES = 4;
const REARM_PAGE = 1000;
/** A step overdue by less than this is still in the hands of its own job. */
const OVERDUE_GRACE_MS = 2_000;
/** Tickets whose timers are armed together at most, and such arming passes running at once. */
const ARM_BATCH_MAX = 32;
const ARM_IN_FLIGHT_MAX = 2;

/** Timer jobs are small and their guard is PostgreSQL: keep only a short history in Redis. */
const TIMER_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 3600, count: 5_000 },
  removeOnFail: { age: 24 * 3600, count: 5_000 },
};

export type FireResult = 'fired' | 'stale' | 'early';

/**
 * SLA timers. Each running clock has one BullMQ delayed job, for its next step; the job only names
 * the clock and its revision. Firing re-reads PostgreSQL under the ticket's row lock and records the
 * steps with a conditional UPDATE, in the same transaction as their outbox events and the automatic
 * escalation: each warning, ladder level, breach and escalation happens once, whichever worker, job
 * or reconciliation pass gets there, however often.
 */
@Injectable()
export class SlaTimerService {
  private readonly logger = new Logger(SlaTimerService.name);
  private reconciling = false;

  constructor(
    private readonly repo: SlaRepository,
    private readonly policies: SlaPolicyService,
    private readonly hook: SlaLifecycleHook,
    private readonly tickets: TicketService,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly calendar: BusinessCalendarService,
  ) {}

  /** The job of a clock's next step: name, id and delay. */
  timerJob(row: TimerRow, now: number) {
    const fireAt = new Date(row.nextFireAt).getTime();
    const data: SlaTimerJob = { ticketId: row.ticketId, clock: row.clock, revision: row.revision };
    let name: JobName;
    let jobId: string;
    if (!row.warnedAt && new Date(row.warnAt).getTime() === fireAt) {
      name = JobName.SlaWarn;
      jobId = jobIds.slaWarn(row.ticketId, row.clock, row.revision);
    } else if (!row.breachedAt && new Date(row.dueAt).getTime() === fireAt) {
      name = JobName.SlaBreach;
      jobId = jobIds.slaBreach(row.ticketId, row.clock, row.revision);
    } else {
      name = JobName.SlaLadder;
      data.level = row.ladderLevel + 1;
      jobId = jobIds.slaLadder(row.ticketId, row.clock, data.level, row.revision);
    }
    return { name, data, opts: { ...TIMER_JOB_OPTIONS, jobId, delay: Math.max(0, fireAt - now) } };
  }

  /** Arms the timers of every running clock of a ticket (duplicates collapse on the job id). */
  armTicket(ticketId: string): Promise<number> {
    return this.arming.run(ticketId);
  }

  /**
   * Tickets armed at the same moment (the `ticket.created` events of one relay batch) share one read
   * of their clocks and one `addBulk` (group commit, docs/write-path-performance.md): a lone ticket
   * goes at once; under load the ones that wait go together. Each returns its own timer count.
   */
  private readonly arming = new GroupCommit<string, number>({
    maxInFlight: ARM_IN_FLIGHT_MAX,
    maxBatch: ARM_BATCH_MAX,
    many: async (ticketIds) => {
      const rows = await this.repo.timersOfTickets(ticketIds);
      await this.arm(rows);
      return ticketIds.map((id) => rows.filter((r) => r.ticketId === id).length);
    },
    one: async (ticketId) => {
      const rows = await this.repo.timersOf(ticketId);
      await this.arm(rows);
      return rows.length;
    },
  });

  async arm(rows: TimerRow[]): Promise<void> {
    if (!rows.length) return;
    const now = this.clock.now().getTime();
    await this.queues.queue(QueueName.SlaTimers).addBulk(rows.map((r) => this.timerJob(r, now)));
  }

  /** Handles a timer job: fires what is due on the clock, then arms its next step. */
  async fireJob(job: SlaTimerJob): Promise<FireResult> {
    await this.warmCaches();
    for (let attempt = 0; ; attempt++) {
      const result = await this.tx.run(async (em) => {
        const row = await this.repo.lockForFiring(em, job.ticketId, job.clock);
        if (!row || row.revision !== job.revision || !row.nextFireAt) return 'stale' as const;
        const wait = new Date(row.nextFireAt).getTime() - this.clock.now().getTime();
        if (wait > 0) return wait;
        return this.fireLocked(em, row);
      });
      if (typeof result === 'number') {
        // Early by a few milliseconds (timer granularity): wait; further off, the next job or the
        // reconciliation takes it.
        if (result > EARLY_WAIT_MS || attempt > 2) return 'early';
        await new Promise((r) => setTimeout(r, result + 5));
        continue;
      }
      if (result === 'fired') await this.armNext(job.ticketId, job.clock);
      return result;
    }
  }

  /** Fires everything due on a locked clock. The conditional UPDATE decides: zero rows = stale. */
  private async fireLocked(em: EntityManager, row: FiringRow): Promise<'fired' | 'stale'> {
    const now = this.clock.now();
    const policy = (await this.policies.byId(row.policyId)) ?? FALLBACK_POLICY;
    const rules = rulesOf(policy);
    const math = await this.hook.mathFor(row.calendar);
    const firing = fire(row, rules, math, row.pauses, now.getTime(), row.tier);
    if (!firing.events.length) return 'stale';
    if (!(await this.repo.recordFiring(em, row, firing.row, firing.fired, now))) return 'stale';
    const urgent = URGENT.includes(row.priority);
    await this.outbox.add(
      em,
      firing.events.map((e) => ({
        type: e.type,
        aggregateType: 'ticket',
        aggregateId: row.ticketId,
        payload: {
          number: row.number,
          clock: row.clock,
          priority: row.priority,
          ...(e.level ? { level: e.level } : {}),
          notify: e.notify,
          urgent,
          dueAt: new Date(row.dueAt).toISOString(),
        },
      })),
    );
    if (firing.escalate) {
      const breached = firing.fired.breached;
      // Stored as a code for the history (each reader's language); the text (Indonesian, local time)
      // stays on the escalation record and in the team's mail.
      const reasonCode = {
        code: breached ? 'sla_breached' : 'sla_ladder',
        params: { clock: row.clock, priority: row.priority, dueAt: new Date(row.dueAt).toISOString() },
      };
      const reason = reasonText(reasonCode, 'id', await this.calendar.timezone());
      await this.tickets.escalateInTransaction(em, row.ticketId, { reason, reasonCode, automatic: true });
    }
    return 'fired';
  }

  /**
   * The safety net, run every SLA_RECONCILE_MS by a job scheduler: fires every step overdue by more
   * than OVERDUE_GRACE_MS straight from PostgreSQL, then makes sure every step due before the next pass
   * has its BullMQ job (after a Redis loss, or a crash between commit and enqueue). Each clock fires in
   * its own short transaction that skips tickets someone else holds: a long transaction holding many
   * ticket locks would stall the timer jobs waiting on them, and the reconciliation would become the
   * only, sequential, firer.
   */
  async reconcile(): Promise<{ fired: number; armed: number }> {
    if (this.reconciling) return { fired: 0, armed: 0 };
    this.reconciling = true;
    try {
      let fired = 0;
      const started = Date.now();
      for (;;) {
        const due = await this.repo.overdue(new Date(this.clock.now().getTime() - OVERDUE_GRACE_MS), BATCH);
        let next = 0;
        const lane = async () => {
          while (next < due.length) {
            const { ticketId, clock } = due[next++];
            try {
              if ((await this.fireOverdue(ticketId, clock)) === 'fired') fired++;
            } catch (error) {
              this.logger.warn(`sla fire ${ticketId} ${clock} failed: ${(error as Error).message}`);
            }
          }
        };
        await Promise.all(Array.from({ length: RECONCILE_LANES }, lane));
        if (due.length < BATCH || Date.now() - started > 60_000) break;
      }
      const armed = await this.rearmWindow();
      if (fired || armed) this.logger.log(`sla reconcile: fired ${fired} overdue, re-armed ${armed} timers`);
      return { fired, armed };
    } finally {
      this.reconciling = false;
    }
  }

  /**
   * Loads the policies and the calendar before a transaction opens: loading them inside one, with
   * every pool connection held by a firing transaction, would wait for a connection that never frees.
   */
  private async warmCaches(): Promise<void> {
    await Promise.all([this.policies.cachedPolicies(), this.hook.mathFor('business')]);
  }

  /** One overdue clock, in its own transaction; 'busy' when another transaction holds its ticket. */
  private async fireOverdue(ticketId: string, clock: string): Promise<FireResult | 'busy'> {
    await this.warmCaches();
    const result = await this.tx.run(async (em) => {
      const row = await this.repo.lockForFiring(em, ticketId, clock, true);
      if (!row) return 'busy' as const;
      if (!row.nextFireAt || new Date(row.nextFireAt).getTime() > this.clock.now().getTime()) return 'stale';
      return this.fireLocked(em, row);
    });
    if (result === 'fired') await this.armNext(ticketId, clock);
    return result;
  }

  private async armNext(ticketId: string, clock: string): Promise<void> {
    const next = await this.repo.timerOf(ticketId, clock);
    if (next) await this.arm([next]);
  }

  /** Re-creates the missing jobs of steps due before the next reconciliation pass (and a margin). */
  private async rearmWindow(): Promise<number> {
    const now = this.clock.now().getTime();
    const to = new Date(now + 2 * this.config.SLA_RECONCILE_MS + 5000);
    const queue = this.queues.queue(QueueName.SlaTimers);
    const client = (await queue.client) as unknown as Redis;
    let after: TimerRow | null = null;
    let added = 0;
    // Pages of REARM_PAGE: a burst can put tens of thousands of steps in the window, and holding
    // them all at once cost the worker tens of MB for nothing.
    for (let seen = 0; seen < 50_000; seen += REARM_PAGE) {
      const rows: TimerRow[] = await this.repo.timersBetween(new Date(now - 2000), to, REARM_PAGE, after);
      if (!rows.length) break;
      const jobs = rows.map((r) => this.timerJob(r, now));
      const pipeline = client.pipeline();
      for (const j of jobs) pipeline.exists(queue.toKey(j.opts.jobId));
      const results = (await pipeline.exec()) ?? [];
      const missing = jobs.filter((_, k) => results[k]?.[1] === 0);
      if (missing.length) await queue.addBulk(missing);
      added += missing.length;
      if (rows.length < REARM_PAGE) break;
      after = rows[rows.length - 1];
    }
    return added;
  }

  /** Re-places the running clocks of every open ticket under a changed policy, ticket by ticket. */
  recomputePolicy(policyId: string): Promise<number> {
    this.policies.invalidate();
    return this.recompute(
      (after) => this.repo.ticketsWithRunningClocks({ policyId }, after, 200),
      (em, id) => this.hook.replaceForPolicy(em, id, policyId),
    );
  }

  /** Re-places every running business-time clock after the calendar changed. */
  recomputeCalendar(): Promise<number> {
    this.calendar.forget();
    return this.recompute(
      (after) => this.repo.ticketsWithRunningClocks({ calendar: 'business' }, after, 200),
      (em, id) => this.hook.replaceForCalendar(em, id),
    );
  }

  /** Pages through the tickets `page` lists, re-placing each in its own short transaction. */
  private async recompute(
    page: (after: string | null) => Promise<string[]>,
    replace: (em: EntityManager, ticketId: string) => Promise<boolean>,
  ): Promise<number> {
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const ids = await page(after);
      if (!ids.length) return total;
      for (const id of ids) if (await this.tx.run((em) => replace(em, id))) total++;
      after = ids[ids.length - 1];
    }
  }
}
