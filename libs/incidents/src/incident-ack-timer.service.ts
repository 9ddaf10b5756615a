import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { IncidentAckJob, jobIds, JobName, QueueName, QueueService } from '@desk/queue';
import { Injectable, Logger } from '@nestjs/common';
import { AckTimerRow } from './incident.rows';
import { IncidentRepository } from './incident.repository';
import { IncidentEvents } from './incident.types';

/** Same history policy as the SLA timers: PostgreSQL is the guard, Redis keeps a short memory. */
const TIMER_JOB_OPTIONS = {
  removeOnComplete: { age: 3600, count: 5_000 },
  removeOnFail: { age: 24 * 3600, count: 5_000 },
};
const BATCH = 500;
/** A deadline overdue by less than this is still in the hands of its own job. */
const OVERDUE_GRACE_MS = 2_000;
const EARLY_WAIT_MS = 2_000;

/**
 * The acknowledgement clock of security incidents, on the SLA engine's machinery: one delayed job in
 * the `sla-timers` queue per running clock, its id naming the incident and the clock's revision;
 * firing is a conditional UPDATE in the same transaction as the timeline line and the outbox event
 * (breach mail to supervisors), so it happens once whichever job or reconciliation pass gets there.
 * The SLA reconciliation pass also runs `reconcile` here.
 */
@Injectable()
export class IncidentAckTimerService {
  private readonly logger = new Logger(IncidentAckTimerService.name);

  constructor(
    private readonly repo: IncidentRepository,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private job(row: AckTimerRow, now: number) {
    const data: IncidentAckJob = { incidentId: row.id, revision: row.ackRevision };
    return {
      name: JobName.IncidentAckBreach,
      data,
      opts: {
        ...TIMER_JOB_OPTIONS,
        jobId: jobIds.incidentAckBreach(row.id, row.ackRevision),
        delay: Math.max(0, new Date(row.ackDueAt).getTime() - now),
      },
    };
  }

  /** Arms the incident's acknowledgement timer, if its clock runs (duplicates collapse on the id). */
  async arm(incidentId: string): Promise<boolean> {
    const row = await this.repo.ackTimer(incidentId);
    if (!row) return false;
    const job = this.job(row, this.clock.now().getTime());
    await this.queues.queue(QueueName.SlaTimers).add(job.name, job.data, job.opts);
    return true;
  }

  /** Handles a timer job: records the breach if the clock of that revision is due and unmet. */
  async fire(job: IncidentAckJob): Promise<'fired' | 'stale' | 'early'> {
    for (let attempt = 0; ; attempt++) {
      const row = await this.repo.ackTimer(job.incidentId);
      if (!row || row.ackRevision !== job.revision) return 'stale';
      const wait = new Date(row.ackDueAt).getTime() - this.clock.now().getTime();
      if (wait <= 0) return (await this.breach(job.incidentId, job.revision)) ? 'fired' : 'stale';
      if (wait > EARLY_WAIT_MS || attempt > 2) return 'early';
      await new Promise((r) => setTimeout(r, wait + 5));
    }
  }

  private breach(incidentId: string, revision: number): Promise<boolean> {
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      const hit = await this.repo.recordAckBreach(em, incidentId, revision, now);
      if (!hit) return false;
      await this.repo.addEvent(em, {
        incidentId,
        actorId: null,
        action: 'ack_breached',
        note: null,
        data: { dueAt: new Date(hit.ackDueAt).toISOString() },
        at: now,
      });
      await this.outbox.add(em, [
        {
          type: IncidentEvents.AckBreached,
          aggregateType: 'incident',
          aggregateId: incidentId,
          payload: {
            number: hit.number,
            severity: hit.severity,
            tlp: hit.tlp,
            unitId: hit.unitId,
            dueAt: new Date(hit.ackDueAt).toISOString(),
          },
        },
      ]);
      return true;
    });
  }

  /**
   * The safety net, run with the SLA reconciliation: fires every deadline overdue beyond the grace
   * straight from PostgreSQL, and re-creates the jobs of those due before the next pass (a Redis
   * loss, or a crash between commit and enqueue).
   */
  async reconcile(): Promise<{ fired: number; armed: number }> {
    const now = this.clock.now().getTime();
    let fired = 0;
    for (const row of await this.repo.ackTimersDueBefore(new Date(now - OVERDUE_GRACE_MS), BATCH)) {
      try {
        if (await this.breach(row.id, row.ackRevision)) fired++;
      } catch (error) {
        this.logger.warn(`incident ack ${row.id} failed: ${(error as Error).message}`);
      }
    }
    const soon = await this.repo.ackTimersDueBefore(
      new Date(now + 2 * this.config.SLA_RECONCILE_MS + 5000),
      BATCH,
    );
    const queue = this.queues.queue(QueueName.SlaTimers);
    let armed = 0;
    for (const row of soon) {
      const job = this.job(row, now);
      if (await queue.getJob(job.opts.jobId)) continue;
      await queue.add(job.name, job.data, job.opts);
      armed++;
    }
    if (fired || armed) this.logger.log(`incident ack reconcile: fired ${fired}, re-armed ${armed}`);
    return { fired, armed };
  }
}
