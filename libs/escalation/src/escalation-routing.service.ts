import { Clock } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { DomainEventJob, EscalationRouteJob, JobName, jobIds, QueueName, QueueService } from '@desk/queue';
import { Injectable, Logger } from '@nestjs/common';
import { EscalationRoutingRepository } from './escalation-routing.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RouteOutcome = 'routed' | 'returned-before-routing' | 'already-routed';

/**
 * The escalation pipeline (docs/architecture.md): `ticket.escalated` outbox event -> `escalation-route` job
 * on the `escalations` queue -> the routing is recorded once and `escalation.routed` is written to
 * the outbox for the team's notifications.
 */
@Injectable()
export class EscalationRoutingService {
  private readonly logger = new Logger(EscalationRoutingService.name);

  constructor(
    private readonly repo: EscalationRoutingRepository,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  /** Domain-event handler for `ticket.escalated`: one routing job per escalation (the id dedupes). */
  async onEscalated(event: DomainEventJob): Promise<void> {
    const { escalationId, teamId } = event.payload as { escalationId?: unknown; teamId?: unknown };
    if (typeof escalationId !== 'string' || !UUID.test(escalationId) || typeof teamId !== 'string') {
      this.logger.warn(`ticket.escalated event ${event.eventId} has no escalation id; skipped`);
      return;
    }
    await this.queues
      .queue(QueueName.Escalations)
      .add(
        JobName.EscalationRoute,
        { escalationId, ticketId: event.aggregateId, teamId } satisfies EscalationRouteJob,
        { jobId: jobIds.escalationRoute(escalationId) },
      );
  }

  /** Idempotent: a redelivered job changes nothing and writes no second notification event. */
  async route(job: EscalationRouteJob): Promise<RouteOutcome> {
    return this.tx.run(async (em) => {
      const e = await this.repo.markRouted(em, job.escalationId, this.clock.now());
      if (!e) return 'already-routed';
      // Returned before the worker got to it: nothing left for the team to pick up.
      if (e.returnedAt) return 'returned-before-routing';
      await this.outbox.add(em, [
        {
          type: 'escalation.routed',
          aggregateType: 'ticket',
          aggregateId: e.ticketId,
          payload: {
            number: e.number,
            escalationId: e.id,
            teamId: e.teamId,
            unitId: e.unitId,
            priority: e.priority,
            automatic: e.automatic,
            reason: e.reason,
            memberIds: e.memberIds,
          },
        },
      ]);
      return 'routed';
    });
  }
}
