import { reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TicketChangeMessage, ticketEventsChannel, TicketVisibilitySnapshot } from '@desk/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
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

  constructor(
    private readonly domainEvents: DomainEventsProcessor,
    private readonly dataSource: DataSource,
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
        const seen =
          (event.payload.visibility as TicketVisibilitySnapshot | undefined) ??
          (await this.current(event.aggregateId));
        if (!seen) return;
        const message: TicketChangeMessage = { type: event.type, ticketId: event.aggregateId, ...seen };
        await this.redis.publish(this.channel, JSON.stringify(message));
      } catch (error) {
        this.logger.warn(
          `live event ${event.type} ${event.aggregateId} not published: ${(error as Error).message}`,
        );
      }
    });
  }

  /** For events written without a snapshot (SLA and routing events): the ticket as it is now. */
  private async current(ticketId: string): Promise<TicketVisibilitySnapshot | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT unit_id AS "unitId", team_id AS "teamId", requester_id AS "requesterId",
              escalated_at IS NOT NULL AS escalated
         FROM ticket WHERE id = $1`,
      [ticketId],
    );
    return row;
  }

  /** After the domain-events worker finished its last jobs (closed in `beforeApplicationShutdown`). */
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
