import { reportConnectionErrors } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DefaultJobOptions, Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import { QueueName } from './queue-names';

/** Retries and retention in one place: handlers never decide their own backoff. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs are kept a day so a re-published job id is recognised as a duplicate.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * For jobs whose state lives in PostgreSQL (mail, report deliveries): same retries, but BullMQ
 * forgets a job once it finished, so a sweeper can enqueue the same job id again while the row says
 * the work is still due. The row, not the job id, guards against doing the work twice.
 */
export const DB_STATE_JOB_OPTIONS: DefaultJobOptions = {
  ...DEFAULT_JOB_OPTIONS,
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * `email-send` jobs: one attempt each. PostgreSQL owns the retry schedule (`next_attempt_at`, which
 * survives a Redis flush); a failed send writes the next attempt there and the mail sweep enqueues
 * a fresh job when it is due. BullMQ retrying as well would send on two clocks.
 */
export const MAIL_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: true,
};

export function redisOptions(forWorker: boolean): RedisOptions {
  return forWorker
    ? // BullMQ workers block on Redis and must wait out outages instead of failing commands.
      { maxRetriesPerRequest: null, enableReadyCheck: false }
    : // Producers in the api fail fast so a request answers 503 instead of hanging.
      { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000 };
}

/**
 * Owns the Redis connection and the BullMQ producers shared by api and worker. The worker's consumers
 * are `@nestjs/bullmq` processors with connections of their own (apps/worker/src/worker.module.ts).
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  readonly prefix: string;
  private readonly connection: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {
    this.prefix = config.QUEUE_PREFIX;
    this.connection = new IORedis(config.REDIS_URL, { ...redisOptions(false), lazyConnect: false });
    // ioredis reconnects by itself; /ready reports the outage, the log says why.
    reportConnectionErrors(this.connection, this.logger, 'redis (queue producers)');
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      reportConnectionErrors(queue, this.logger, `queue ${name}`);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  /**
   * After every `beforeApplicationShutdown` hook, so the worker's processors (closed there) may still
   * enqueue follow-up jobs while they finish their last jobs.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
