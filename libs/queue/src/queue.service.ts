import { AppConfig } from '@desk/config';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
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

export function redisOptions(forWorker: boolean): RedisOptions {
  return forWorker
    ? // BullMQ workers block on Redis and must wait out outages instead of failing commands.
      { maxRetriesPerRequest: null, enableReadyCheck: false }
    : // Producers in the api fail fast so a request answers 503 instead of hanging.
      { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000 };
}

/** Owns the Redis connections and the BullMQ producers shared by api and worker. */
@Injectable()
export class QueueService implements OnModuleDestroy {
  readonly prefix: string;
  private readonly connection: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {
    this.prefix = config.QUEUE_PREFIX;
    this.connection = new IORedis(config.REDIS_URL, { ...redisOptions(false), lazyConnect: false });
    this.connection.on('error', () => undefined); // reported by /ready; ioredis reconnects by itself
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** A fresh connection for a BullMQ Worker (workers must not share the producers' connection). */
  workerConnection(): IORedis {
    const connection = new IORedis(this.config.REDIS_URL, redisOptions(true));
    connection.on('error', () => undefined);
    return connection;
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
