import { AppConfig } from '@desk/config';
import { incidentEventsChannel, IncidentStreamEvent } from '@desk/queue';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { DomainEventsProcessor } from './domain-events.processor';

/**
 * Publishes every relayed `incident.*` outbox event on `<QUEUE_PREFIX>:incident-events` for the
 * CSIRT workspace's live stream. The message names the event and the incident only; the page reads
 * the rest through the confidential routes. A failed publish is logged and dropped: a client that
 * missed it gets it from the api's replay (by outbox id) when it reconnects, and the page also polls.
 */
@Injectable()
export class IncidentEventsPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IncidentEventsPublisher.name);
  private readonly redis: IORedis;
  private readonly channel: string;

  constructor(
    private readonly domainEvents: DomainEventsProcessor,
    config: AppConfig,
  ) {
    this.channel = incidentEventsChannel(config.QUEUE_PREFIX);
    this.redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
    this.redis.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.domainEvents.onPrefix('incident.', async (event) => {
      if (event.aggregateType !== 'incident') return;
      const message: IncidentStreamEvent = {
        eventId: event.eventId,
        type: event.type,
        incidentId: event.aggregateId,
      };
      try {
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
