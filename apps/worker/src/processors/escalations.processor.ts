import { EscalationRoutingService } from '@desk/escalation';
import { EscalationRouteJob, JobName, QueueName, QueueService } from '@desk/queue';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DomainEventsProcessor } from './domain-events.processor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `escalations` queue: turns each `ticket.escalated` outbox event into an `escalation-route` job
 * (job id per escalation) and runs those jobs through the escalation lib.
 */
@Injectable()
export class EscalationsProcessor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationsProcessor.name);
  private worker?: Worker;
  private connection?: IORedis;

  constructor(
    private readonly queues: QueueService,
    private readonly domainEvents: DomainEventsProcessor,
    private readonly routing: EscalationRoutingService,
  ) {}

  onModuleInit(): void {
    this.domainEvents.on('ticket.escalated', (event) => this.routing.onEscalated(event));
  }

  onApplicationBootstrap(): void {
    this.connection = this.queues.workerConnection();
    this.worker = new Worker(QueueName.Escalations, (job: Job) => this.handle(job), {
      connection: this.connection,
      prefix: this.queues.prefix,
      concurrency: 8,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
    this.worker.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    // BullMQ leaves a connection it was given open; without this the process cannot exit.
    this.connection?.disconnect();
  }

  private async handle(job: Job): Promise<string> {
    switch (job.name) {
      case JobName.EscalationRoute: {
        const data = job.data as Partial<EscalationRouteJob>;
        // Payloads are checked here too: a malformed job fails once instead of retrying forever.
        if (typeof data.escalationId !== 'string' || !UUID.test(data.escalationId)) {
          throw new UnrecoverableError(`escalation-route ${job.id}: escalationId missing or not a UUID`);
        }
        const outcome = await this.routing.route(data as EscalationRouteJob);
        this.logger.debug?.(`${job.name} ${job.id} attempt ${job.attemptsMade + 1}: ${outcome}`);
        return outcome;
      }
      default:
        throw new UnrecoverableError(`unknown escalations job ${job.name}`);
    }
  }
}
