import { Clock, reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import type { QueueClock } from '@desk/contracts';
import { preparedQuery } from '@desk/database';
import {
  TicketChangeMessage,
  ticketEventsChannel,
  TicketLiveRow,
  TicketVisibilitySnapshot,
} from '@desk/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { QueueClockInput, queueClockOf } from '@desk/tickets';
import { DataSource } from 'typeorm';
import { DomainEventsProcessor } from './domain-events.processor';

/** What a live ticket row needs: who may see the ticket, and the facts of its queue clock. */
type CurrentTicketRow = QueueClockInput &
  Omit<TicketVisibilitySnapshot, 'teamId'> & {
    teamId: string | null;
    status: TicketLiveRow['status'];
    priority: TicketLiveRow['priority'];
    version: number | string;
    assigneeId: string | null;
    assigneeName: string;
  };

/**
 * Publishes every relayed `ticket.*` event on `<QUEUE_PREFIX>:ticket-events` so the api replicas can
 * push it to their live queues. The ticket's unit, team, requester and escalation state come from the
 * event's own snapshot (read from the ticket only when the event has none), so the replicas filter by
 * visibility without querying. A failed publish is logged and
 * dropped: live updates are best effort (the web also polls), and retrying the job would re-run the
 * other handlers for nothing.
 */
@Injectable()
export class TicketEventsPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TicketEventsPublisher.name);
  private readonly redis: IORedis;
  private readonly channel: string;

  constructor(
    private readonly domainEvents: DomainEventsProcessor,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.channel = ticketEventsChannel(config.QUEUE_PREFIX);
    this.redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
    reportConnectionErrors(this.redis, this.logger, 'redis (live event publisher)');
  }

  onModuleInit(): void {
    this.domainEvents.onPrefix('ticket.', async (event) => {
      if (event.aggregateType !== 'ticket') return;
      try {
        const now = await this.current(event.aggregateId);
        const seen = (event.payload.visibility as TicketVisibilitySnapshot | undefined) ?? now?.visibility;
        if (!seen) return;
        const message: TicketChangeMessage = {
          type: event.type,
          ticketId: event.aggregateId,
          ...seen,
          ...(now ? { queueClock: now.queueClock, row: now.row } : {}),
        };
        await this.redis.publish(this.channel, JSON.stringify(message));
      } catch (error) {
        this.logger.warn(
          `live event ${event.type} ${event.aggregateId} not published: ${(error as Error).message}`,
        );
      }
    });
  }

  /**
   * The ticket as it is now: its queue clock (the same rule as the lists', so a live row shows the
   * clock a refetch would), the row's status, priority, tier, assignee and version, and, for events
   * written without a snapshot (SLA and routing events), who may see it.
   */
  private async current(
    ticketId: string,
  ): Promise<
    { visibility: TicketVisibilitySnapshot; queueClock: QueueClock; row: TicketLiveRow } | undefined
  > {
    // Prepared: runs once per ticket event, and planning it cost more than running it.
    const [row] = await preparedQuery<CurrentTicketRow>(
      this.dataSource,
      `SELECT t.unit_id AS "unitId", t.team_id AS "teamId", t.requester_id AS "requesterId",
              t.escalated_at IS NOT NULL AS escalated, t.status, t.tier, t.priority, t.version,
              t.assignee_id AS "assigneeId", a.name AS "assigneeName",
              t.response_due_at AS "responseDueAt", t.resolution_due_at AS "resolutionDueAt",
              t.first_response_at AS "firstResponseAt", t.resolved_at AS "resolvedAt",
              (SELECT jsonb_object_agg(k.clock, jsonb_build_object('dueAt', k.due_at,
                      'breachedAt', k.breached_at, 'metAt', k.met_at, 'pausedAt', k.paused_at,
                      'stoppedAt', k.stopped_at))
                 FROM ticket_sla_clock k WHERE k.ticket_id = t.id) AS clocks
         FROM ticket t LEFT JOIN app_user a ON a.id = t.assignee_id WHERE t.id = $1`,
      [ticketId],
    );
    if (!row) return undefined;
    const { unitId, teamId, requesterId, escalated, status, priority, tier, version } = row;
    return {
      visibility: { unitId, teamId, requesterId, escalated },
      queueClock: queueClockOf(row, this.clock.now()),
      row: {
        status,
        priority,
        tier: Number(tier),
        version: Number(version),
        assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName } : null,
      },
    };
  }

  /** After the domain-events worker finished its last jobs (closed in `beforeApplicationShutdown`). */
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
