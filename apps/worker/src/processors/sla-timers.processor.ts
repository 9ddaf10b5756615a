import { AppConfig } from '@desk/config';
import { IncidentAckTimerService, IncidentEvents } from '@desk/incidents';
import { IncidentAckJob, JobName, QueueName, QueueService, schedulerIds, SlaTimerJob } from '@desk/queue';
import { CALENDAR_CHANGED_EVENT, POLICY_CHANGED_EVENT, SlaTimerService, TIMERS_EVENT } from '@desk/sla';
import { Processor } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DomainEventsProcessor } from './domain-events.processor';
import { QueueProcessor } from './queue-processor';

/**
 * The `sla-timers` queue: warning, ladder and breach timers, and the reconciliation scheduler. Timers
 * are armed from outbox events (`ticket.created`, `sla.timers`), so a crash after a commit still arms
 * them; the reconciliation re-creates whatever Redis lost.
 */
@Processor(QueueName.SlaTimers, { autorun: false, concurrency: 32 })
export class SlaTimersProcessor extends QueueProcessor implements OnModuleInit {
  constructor(
    private readonly queues: QueueService,
    private readonly timers: SlaTimerService,
    private readonly events: DomainEventsProcessor,
    private readonly config: AppConfig,
    private readonly incidentAcks: IncidentAckTimerService,
  ) {
    super();
  }

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

  protected override async prepare(): Promise<void> {
    await this.keepScheduler(
      this.queues.queue(QueueName.SlaTimers),
      schedulerIds.slaReconcile,
      JobName.SlaReconcile,
      this.config.SLA_RECONCILE_MS,
    );
  }

  async process(job: Job): Promise<unknown> {
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
