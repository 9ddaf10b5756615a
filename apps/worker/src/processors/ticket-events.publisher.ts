import { Clock, GroupCommit, reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import type { QueueClock } from '@desk/contracts';
import {
  TicketChangeMessage,
  ticketEventsChannel,
  TicketLiveRow,
  TicketVisibilitySnapshot,
} from '@desk/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { CurrentTicketRow, queueClockOf, TicketLiveRepository } from '@desk/tickets';
import { DomainEventsProcessor } from './domain-events.processor';

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
  /** Events handled at the same moment (one relay batch) share one read of their tickets. */
  private readonly reads: GroupCommit<string, CurrentTicketRow | null>;

  constructor(
    private readonly domainEvents: DomainEventsProcessor,
    tickets: TicketLiveRepository,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.channel = ticketEventsChannel(config.QUEUE_PREFIX);
    this.reads = new GroupCommit({
      maxInFlight: 2,
      maxBatch: 32,
      many: (ids) => tickets.currentOf(ids),
      one: (id) => tickets.current(id),
    });
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
    const row = await this.reads.run(ticketId);
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
