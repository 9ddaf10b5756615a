import { AppConfig } from '@desk/config';
import { OutboxEvent, OutboxRepository } from '@desk/database';
import { DomainEventJob, JobName, jobIds, QueueName, QueueService } from '@desk/queue';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CoalescedRun } from './coalesced-run';
import { PgListener } from './pg-listener';

const BATCH = 200;

/**
 * Moves committed outbox events into BullMQ. Wakes on the NOTIFY sent by the outbox trigger, and polls
 * as a fallback. Several relays can run at once (the batch query uses SKIP LOCKED). An event whose
 * enqueue succeeded but whose "published" mark was lost is enqueued again under the same job id.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private listener?: PgListener;
  private timer?: NodeJS.Timeout;
  private readonly relay = new CoalescedRun(() => this.drain());

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.listener = new PgListener(this.config.DATABASE_URL, 'outbox_event', () => this.kick());
    this.listener.start();
    this.timer = setInterval(() => this.kick(), this.config.OUTBOX_POLL_MS);
    this.kick();
  }

  /** Before the producers and the database pool close (their `onApplicationShutdown`). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.stop();
    await this.relay.stop();
  }

  /** Runs a relay pass now, or right after the one in progress. */
  kick(): void {
    this.relay.kick();
  }

  /** Relays until the outbox is empty; returns how many events moved. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const moved = await this.outbox.relayBatch(BATCH, (events) => this.publish(events));
        total += moved;
        if (moved < BATCH || this.relay.stopped) break;
      }
    } catch (error) {
      // PostgreSQL or Redis is down: the events stay in the outbox and the next pass retries.
      this.logger.warn(`outbox relay paused: ${(error as Error).message}`);
    }
    return total;
  }

  private async publish(events: OutboxEvent[]): Promise<void> {
    await this.queues.queue(QueueName.DomainEvents).addBulk(
      events.map((e) => ({
        name: JobName.DomainEvent,
        data: {
          eventId: String(e.id),
          type: e.type,
          aggregateType: e.aggregateType,
          aggregateId: e.aggregateId,
          payload: e.payload,
        } satisfies DomainEventJob,
        opts: { jobId: jobIds.domainEvent(String(e.id)) },
      })),
    );
  }
}
