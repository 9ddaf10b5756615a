import { connectionErrorLog } from '@desk/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';

/**
 * The base of every queue processor (`@Processor(QueueName.X, { autorun: false, ... })`). One place
 * decides what all of them share:
 * - failures are logged here, once per failed attempt, with queue, job name, id and attempt;
 * - worker errors (Redis down, a lost lock) are logged, throttled while the connection retries;
 * - the worker starts consuming once the whole application is bootstrapped, after `prepare()` (job
 *   schedulers, event handlers), so no job runs before every handler is registered;
 * - on shutdown `halt()` stops the processor's own timers first, then the worker finishes its
 *   active jobs and closes its Redis connections, all before the database pool and the producers
 *   close (those close in `onApplicationShutdown`, which runs after every `beforeApplicationShutdown`).
 * The connection options and prefix come from `BullModule.forRoot` in the worker module (docs/jobs.md).
 */
export abstract class QueueProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  private readonly keepAlive: NodeJS.Timeout[] = [];
  private readonly logWorkerError = connectionErrorLog(this.logger, 'worker error');

  /** Runs before the worker starts consuming (schedulers, timers). */
  protected async prepare(): Promise<void> {}

  /** False keeps the worker idle (mail without SMTP_URL). */
  protected get enabled(): boolean {
    return true;
  }

  /** Stops what `prepare` started; runs before the worker closes. */
  protected async halt(): Promise<void> {}

  /**
   * Registers a job scheduler (a recurring reconciliation) and checks once per period that it still
   * exists: a Redis loss (FLUSHALL, failover to an empty replica) loses the scheduler too. This is no
   * business deadline, only its alarm clock; the deadlines themselves live in PostgreSQL.
   */
  protected async keepScheduler(queue: Queue, id: string, name: string, everyMs: number): Promise<void> {
    const ensure = async () => {
      try {
        if (await queue.getJobScheduler(id)) return;
        await queue.upsertJobScheduler(
          id,
          { every: everyMs },
          { name, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
        );
      } catch (error) {
        this.logger.warn(`job scheduler ${id}: ${(error as Error).message}`);
      }
    };
    await ensure();
    this.keepAlive.push(setInterval(() => void ensure(), everyMs));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.prepare();
    if (!this.enabled) return;
    this.worker.run().catch((error: Error) => this.logger.error(`worker stopped: ${error.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.keepAlive) clearInterval(timer);
    await this.halt();
    await this.worker.close();
  }

  /** Redis down, a lost lock, a stalled job: throttled while the connection retries. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logWorkerError(error);
  }

  /** Every failed attempt once; the last one (no retry left) as an error. */
  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, error: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const final = !job || job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    const line = `${job?.queueName} ${job?.name} ${job?.id} attempt ${job?.attemptsMade}/${attempts} failed: ${error.message}`;
    if (final) this.logger.error(`${line} (no more retries)`);
    else this.logger.warn(line);
  }
}
