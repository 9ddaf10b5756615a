import { DomainEventJob, QueueName, QueueService } from '@desk/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';

export type DomainEventHandler = (event: DomainEventJob) => Promise<void>;

/**
 * Consumes relayed outbox events and dispatches them by type to the handlers that libraries register
 * (notifications, SLA timers, escalation routing). Delivery is at least once: handlers are idempotent.
 */
@Injectable()
export class DomainEventsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DomainEventsProcessor.name);
  private readonly handlers = new Map<string, DomainEventHandler[]>();
  private readonly prefixHandlers: { prefix: string; handler: DomainEventHandler }[] = [];
  private worker?: Worker;

  constructor(private readonly queues: QueueService) {}

  on(type: string, handler: DomainEventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** A handler for every event type starting with `prefix` (e.g. `ticket.`), run after the exact ones. */
  onPrefix(prefix: string, handler: DomainEventHandler): void {
    this.prefixHandlers.push({ prefix, handler });
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(QueueName.DomainEvents, (job: Job<DomainEventJob>) => this.handle(job), {
      connection: this.queues.workerConnection(),
      prefix: this.queues.prefix,
      concurrency: 16,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
    this.worker.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async handle(job: Job<DomainEventJob>): Promise<string> {
    const handlers = [
      ...(this.handlers.get(job.data.type) ?? []),
      ...this.prefixHandlers.filter((p) => job.data.type.startsWith(p.prefix)).map((p) => p.handler),
    ];
    for (const handler of handlers) await handler(job.data);
    return handlers.length ? 'handled' : 'no-handler';
  }
}
