import { AppConfig } from '@desk/config';
import { IncidentAckTimerService, IncidentEvents } from '@desk/incidents';
import { IncidentAckJob, JobName, QueueName, QueueService, schedulerIds, SlaTimerJob } from '@desk/queue';
import { CALENDAR_CHANGED_EVENT, POLICY_CHANGED_EVENT, SlaTimerService, TIMERS_EVENT } from '@desk/sla';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { DomainEventsProcessor } from './domain-events.processor';

const CONCURRENCY = 32;

/**
 * The `sla-timers` queue: warning, ladder and breach timers, and the reconciliation scheduler. Timers
 * are armed from outbox events (`ticket.created`, `sla.timers`), so a crash after a commit still arms
 * them; the reconciliation re-creates whatever Redis lost.
 */
@Injectable()
export class SlaTimersProcessor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaTimersProcessor.name);
  private worker?: Worker;
  private keepAlive?: NodeJS.Timeout;

  constructor(
    private readonly queues: QueueService,
    private readonly timers: SlaTimerService,
    private readonly events: DomainEventsProcessor,
    private readonly config: AppConfig,
    private readonly incidentAcks: IncidentAckTimerService,
  ) {}

  onModuleInit(): void {
    const arm = async (e: { aggregateId: string }) => {
      await this.timers.armTicket(e.aggregateId);
    };
    this.events.on('ticket.created', arm);
    this.events.on(TIMERS_EVENT, arm);
    // A security incident's acknowledgement clock runs on the same timers and reconciliation.
    const armIncident = async (e: { aggregateId: string }) => {
      await this.incidentAcks.arm(e.aggregateId);
    };
    this.events.on(IncidentEvents.Reported, armIncident);
    // A new severity moves a running clock to a new revision: its job is armed here.
    this.events.on(IncidentEvents.SeverityChanged, armIncident);
    this.events.on(POLICY_CHANGED_EVENT, async (e) => {
      const n = await this.timers.recomputePolicy(e.aggregateId);
      if (n) this.logger.log(`policy ${e.aggregateId} changed: re-placed the clocks of ${n} tickets`);
    });
    this.events.on(CALENDAR_CHANGED_EVENT, async () => {
      const n = await this.timers.recomputeCalendar();
      if (n) this.logger.log(`calendar changed: re-placed the clocks of ${n} tickets`);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureScheduler();
    // A Redis loss (FLUSHALL, failover to an empty replica) also loses the job scheduler itself:
    // check it once per period and put it back. This is no business deadline, only its alarm clock.
    this.keepAlive = setInterval(() => void this.ensureScheduler(), this.config.SLA_RECONCILE_MS);
    this.worker = new Worker(QueueName.SlaTimers, (job: Job) => this.handle(job), {
      connection: this.queues.workerConnection(),
      prefix: this.queues.prefix,
      concurrency: CONCURRENCY,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
    this.worker.on('error', () => undefined);
  }

  private async ensureScheduler(): Promise<void> {
    try {
      const queue = this.queues.queue(QueueName.SlaTimers);
      if (await queue.getJobScheduler(schedulerIds.slaReconcile)) return;
      await queue.upsertJobScheduler(
        schedulerIds.slaReconcile,
        { every: this.config.SLA_RECONCILE_MS },
        {
          name: JobName.SlaReconcile,
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      );
    } catch (error) {
      this.logger.warn(`sla reconcile scheduler: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.keepAlive);
    await this.worker?.close();
  }

  private async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.SlaWarn:
      case JobName.SlaBreach:
      case JobName.SlaLadder: {
        const data = job.data as SlaTimerJob;
        if (
          typeof data?.ticketId !== 'string' ||
          typeof data.clock !== 'string' ||
          !Number.isInteger(data.revision)
        )
          return 'invalid-payload';
        return this.timers.fireJob(data);
      }
      case JobName.IncidentAckBreach: {
        const data = job.data as IncidentAckJob;
        if (typeof data?.incidentId !== 'string' || !Number.isInteger(data.revision))
          return 'invalid-payload';
        return this.incidentAcks.fire(data);
      }
      case JobName.SlaReconcile: {
        const tickets = await this.timers.reconcile();
        const incidents = await this.incidentAcks.reconcile();
        return { ...tickets, incidents };
      }
      default:
        throw new Error(`unknown sla-timers job ${job.name}`);
    }
  }
}
