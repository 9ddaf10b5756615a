import { AppConfig } from '@desk/config';
import { OutboxEvent, OutboxRepository } from '@desk/database';
import { DomainEventJob, JobName, jobIds, QueueName, QueueService } from '@desk/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';

const BATCH = 200;

/**
 * Moves committed outbox events into BullMQ. Wakes on the NOTIFY sent by the outbox trigger, and polls
 * as a fallback. Several relays can run at once (the batch query uses SKIP LOCKED). An event whose
 * enqueue succeeded but whose "published" mark was lost is enqueued again under the same job id.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.listen();
    this.timer = setInterval(() => this.kick(), this.config.OUTBOX_POLL_MS);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'spbe-desk-outbox-listener',
    });
    const retry = () => {
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), 1000);
    };
    client.on('error', retry);
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query('LISTEN outbox_event');
      this.listener = client;
    } catch {
      retry();
    }
  }

  /** Runs a relay pass now, or right after the one in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Relays until the outbox is empty; returns how many events moved. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const moved = await this.outbox.relayBatch(BATCH, (events) => this.publish(events));
        total += moved;
        if (moved < BATCH || this.stopped) break;
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
