import { AppConfig } from '@desk/config';
import { TicketChangeMessage, ticketEventsChannel } from '@desk/queue';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { DomainEventsProcessor } from './domain-events.processor';

/**
 * Publishes every relayed `ticket.*` event on `<QUEUE_PREFIX>:ticket-events` so the api replicas can
 * push it to their live queues. The ticket's unit, team, requester and escalation state are read
 * once here, so the replicas filter by visibility without querying. A failed publish is logged and
 * dropped: live updates are best effort (the web also polls), and retrying the job would re-run the
 * other handlers for nothing.
 */
@Injectable()
export class TicketEventsPublisher implements OnModuleInit, OnModuleDestroy {
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
    this.redis.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.domainEvents.onPrefix('ticket.', async (event) => {
      if (event.aggregateType !== 'ticket') return;
      try {
        const [row] = await this.dataSource.query(
          `SELECT unit_id, team_id, requester_id, escalated_at IS NOT NULL AS escalated FROM ticket WHERE id = $1`,
          [event.aggregateId],
        );
        if (!row) return;
        const message: TicketChangeMessage = {
          type: event.type,
          ticketId: event.aggregateId,
          unitId: row.unit_id,
          teamId: row.team_id,
          requesterId: row.requester_id,
          escalated: row.escalated,
        };
        await this.redis.publish(this.channel, JSON.stringify(message));
      } catch (error) {
        this.logger.warn(
          `live event ${event.type} ${event.aggregateId} not published: ${(error as Error).message}`,
        );
      }
    });
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
