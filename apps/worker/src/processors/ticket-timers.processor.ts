import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { JobName, jobIds, QueueName, QueueService, schedulerIds, TicketResumeJob } from '@desk/queue';
import { TicketRepository, TicketService } from '@desk/tickets';
import { Processor } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job, JobsOptions } from 'bullmq';
import { DomainEventsProcessor } from './domain-events.processor';
import { QueueProcessor } from './queue-processor';

const TIMER_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 3600, count: 5_000 },
  removeOnFail: { age: 24 * 3600, count: 5_000 },
};
/** A timer that fires this little early waits instead of leaving the wait to the reconciliation. */
const EARLY_WAIT_MS = 2_000;
const PAGE = 500;

/**
 * "Pending until": one BullMQ delayed job per wait, armed from the `ticket.pending` outbox event (so
 * a crash after the commit still arms it), named by ticket and wait end. The resume itself re-reads
 * PostgreSQL under the row lock and happens only while the ticket still waits for exactly that time,
 * so a job, a duplicate and the reconciliation together resume it once. The reconciliation, on a
 * job scheduler like the SLA timers', resumes overdue waits straight from PostgreSQL and re-creates
 * the jobs of the coming ones after a Redis loss.
 */
@Processor(QueueName.TicketTimers, { autorun: false, concurrency: 8 })
export class TicketTimersProcessor extends QueueProcessor implements OnModuleInit {
  constructor(
    private readonly queues: QueueService,
    private readonly tickets: TicketService,
    private readonly repo: TicketRepository,
    private readonly events: DomainEventsProcessor,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.events.on('ticket.pending', async (e) => {
      const until = e.payload?.pendingUntil;
      if (typeof until === 'string') await this.arm([{ id: e.aggregateId, until }]);
    });
  }

  protected override async prepare(): Promise<void> {
    await this.keepScheduler(
      this.queues.queue(QueueName.TicketTimers),
      schedulerIds.ticketResumeReconcile,
      JobName.TicketResumeReconcile,
      this.config.SLA_RECONCILE_MS,
    );
  }

  async arm(waits: { id: string; until: string }[]): Promise<void> {
    if (!waits.length) return;
    const now = this.clock.now().getTime();
    await this.queues.queue(QueueName.TicketTimers).addBulk(
      waits.map((w) => ({
        name: JobName.TicketResume,
        data: { ticketId: w.id, until: w.until } satisfies TicketResumeJob,
        opts: {
          ...TIMER_JOB_OPTIONS,
          jobId: jobIds.ticketResume(w.id, w.until),
          delay: Math.max(0, Date.parse(w.until) - now),
        },
      })),
    );
  }

  /** Resumes the overdue waits, then arms every wait ending before the next pass (and a margin). */
  async reconcile(): Promise<{ resumed: number; armed: number }> {
    let resumed = 0;
    for (;;) {
      const due = await this.repo.pendingUntilBefore(this.clock.now(), PAGE);
      let changed = 0;
      for (const w of due) if (await this.tickets.autoResume(w.id, w.until)) changed++;
      resumed += changed;
      if (due.length < PAGE || !changed) break;
    }
    const horizon = new Date(this.clock.now().getTime() + 2 * this.config.SLA_RECONCILE_MS + 5000);
    const coming = await this.repo.pendingUntilBefore(horizon, 10_000);
    await this.arm(coming);
    if (resumed) this.logger.log(`ticket timers reconcile: resumed ${resumed} waits`);
    return { resumed, armed: coming.length };
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.TicketResume: {
        const data = job.data as TicketResumeJob;
        if (typeof data?.ticketId !== 'string' || typeof data.until !== 'string') return 'invalid-payload';
        const wait = Date.parse(data.until) - this.clock.now().getTime();
        if (wait > EARLY_WAIT_MS) return 'early';
        if (wait > 0) await new Promise((r) => setTimeout(r, wait + 5));
        return (await this.tickets.autoResume(data.ticketId, data.until)) ? 'resumed' : 'stale';
      }
      case JobName.TicketResumeReconcile:
        return this.reconcile();
      default:
        throw new Error(`unknown ticket-timers job ${job.name}`);
    }
  }
}
