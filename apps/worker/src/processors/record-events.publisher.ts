import { AppConfig } from '@desk/config';
import { RECORD_KINDS, recordEventsChannel, RecordStreamEvent } from '@desk/queue';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { DomainEventsProcessor } from './domain-events.processor';

/**
 * Publishes every relayed `incident.*`, `change.*` and `problem.*` outbox event on its kind's channel
 * (`<QUEUE_PREFIX>:<kind>-events`) for the live record streams. The message names the event and the
 * record only; the api decides who may receive it and the page reads the rest through the scoped
 * routes. A failed publish is logged and dropped: a client that missed it gets it from the api's
 * replay (by outbox id) when it reconnects, and the pages also poll.
 */
@Injectable()
export class RecordEventsPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RecordEventsPublisher.name);
  private readonly redis: IORedis;

  constructor(
    private readonly domainEvents: DomainEventsProcessor,
    private readonly config: AppConfig,
  ) {
    this.redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
    this.redis.on('error', () => undefined);
  }

  onModuleInit(): void {
    for (const kind of RECORD_KINDS) {
      const channel = recordEventsChannel(this.config.QUEUE_PREFIX, kind);
      this.domainEvents.onPrefix(`${kind}.`, async (event) => {
        if (event.aggregateType !== kind) return;
        const message: RecordStreamEvent = {
          eventId: event.eventId,
          type: event.type,
          recordId: event.aggregateId,
        };
        try {
          await this.redis.publish(channel, JSON.stringify(message));
        } catch (error) {
          this.logger.warn(
            `live event ${event.type} ${event.aggregateId} not published: ${(error as Error).message}`,
          );
        }
      });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
