import { DomainEventJob, QueueName } from '@desk/queue';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QueueProcessor } from './queue-processor';

export type DomainEventHandler = (event: DomainEventJob) => Promise<void>;

/**
 * Consumes relayed outbox events and dispatches them by type to the handlers that libraries register
 * (notifications, SLA timers, ticket and change timers, live events). Delivery is at least once:
 * handlers are idempotent.
 */
@Processor(QueueName.DomainEvents, { autorun: false, concurrency: 16 })
export class DomainEventsProcessor extends QueueProcessor {
  private readonly handlers = new Map<string, DomainEventHandler[]>();
  private readonly prefixHandlers: { prefix: string; handler: DomainEventHandler }[] = [];

  on(type: string, handler: DomainEventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** A handler for every event type starting with `prefix` (e.g. `ticket.`), run after the exact ones. */
  onPrefix(prefix: string, handler: DomainEventHandler): void {
    this.prefixHandlers.push({ prefix, handler });
  }

  async process(job: Job<DomainEventJob>): Promise<string> {
    const handlers = [
      ...(this.handlers.get(job.data.type) ?? []),
      ...this.prefixHandlers.filter((p) => job.data.type.startsWith(p.prefix)).map((p) => p.handler),
    ];
    for (const handler of handlers) await handler(job.data);
    return handlers.length ? 'handled' : 'no-handler';
  }
}
