import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { MailRepository, MailSender } from '@desk/notifications';
import { DB_STATE_JOB_OPTIONS, EmailSendJob, JobName, jobIds, QueueName, QueueService } from '@desk/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { CoalescedRun } from './coalesced-run';
import { PgListener } from './pg-listener';

const SWEEP_BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sends the mail outbox. PostgreSQL holds every mail's state; BullMQ carries one `email-send_<id>`
 * job per mail and retries it with the queue's backoff. A sweeper (woken by the NOTIFY of each
 * insert, and every MAIL_SWEEP_MS) releases held mail whose working hours came and enqueues every
 * due row, so mail written while Redis was empty or flushed, or whose job ran out of retries during
 * a long SMTP outage, still goes out.
 */
@Injectable()
export class MailProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailProcessor.name);
  private worker?: Worker;
  private listener?: PgListener;
  private timer?: NodeJS.Timeout;
  private readonly sweeper = new CoalescedRun(() => this.sweep());

  constructor(
    private readonly queues: QueueService,
    private readonly sender: MailSender,
    private readonly mail: MailRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A due mail whose job vanished (Redis flushed) is enqueued again after about a minute. */
  private get reofferAfterMs(): number {
    return this.config.MAIL_SWEEP_MS * 12;
  }

  onApplicationBootstrap(): void {
    if (!this.sender.configured) {
      this.logger.warn('SMTP_URL is not set: mail stays queued in PostgreSQL until it is');
      return;
    }
    this.worker = new Worker(QueueName.Mail, (job: Job<EmailSendJob>) => this.handle(job), {
      connection: this.queues.workerConnection(),
      prefix: this.queues.prefix,
      concurrency: 20,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`),
    );
    this.worker.on('error', () => undefined);
    this.listener = new PgListener(this.config.DATABASE_URL, 'mail_message', () => this.kick());
    this.listener.start();
    this.timer = setInterval(() => this.kick(), this.config.MAIL_SWEEP_MS);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.stop();
    await this.sweeper.stop();
    await this.worker?.close();
  }

  private async handle(job: Job<EmailSendJob>): Promise<string> {
    const mailId = job.data?.mailId;
    if (typeof mailId !== 'string' || !UUID.test(mailId)) return 'invalid-payload';
    // A MailRetryError (transient SMTP failure) propagates: the queue retries with its backoff.
    return this.sender.deliver(mailId);
  }

  /** Runs a sweep now, or right after the one in progress. */
  kick(): void {
    this.sweeper.kick();
  }

  /** Enqueues every due mail; returns how many jobs were offered (duplicates collapse by job id). */
  async sweep(): Promise<number> {
    let total = 0;
    try {
      const now = this.clock.now();
      await this.mail.releaseHeld(now);
      for (;;) {
        const moved = await this.mail.offerDue(now, SWEEP_BATCH, this.reofferAfterMs, async (ids) => {
          await this.queues.queue(QueueName.Mail).addBulk(
            ids.map((mailId) => ({
              name: JobName.EmailSend,
              data: { mailId } satisfies EmailSendJob,
              opts: { ...DB_STATE_JOB_OPTIONS, jobId: jobIds.emailSend(mailId) },
            })),
          );
        });
        total += moved;
        if (moved < SWEEP_BATCH || this.sweeper.stopped) break;
      }
    } catch (error) {
      // PostgreSQL or Redis is down: the mail stays in PostgreSQL and the next sweep retries.
      this.logger.warn(`mail sweep paused: ${(error as Error).message}`);
    }
    return total;
  }
}
