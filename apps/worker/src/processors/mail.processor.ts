import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { MailRepository, MailSender } from '@desk/notifications';
import { EmailSendJob, JobName, jobIds, MAIL_JOB_OPTIONS, QueueName, QueueService } from '@desk/queue';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { CoalescedRun } from './coalesced-run';
import { PgListener } from './pg-listener';
import { QueueProcessor } from './queue-processor';

const SWEEP_BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sends the mail outbox. PostgreSQL holds every mail's state and its retry schedule
 * (`next_attempt_at`); BullMQ only carries one single-attempt `email-send_<id>` job per due mail. A
 * sweeper (woken by the NOTIFY of each insert, by a failed send when its retry comes due, and every
 * MAIL_SWEEP_MS) releases held mail whose working hours came and enqueues every due row, so mail
 * written while Redis was empty or flushed, and every retry after an SMTP failure, still goes out.
 */
@Processor(QueueName.Mail, { autorun: false, concurrency: 20 })
export class MailProcessor extends QueueProcessor {
  private listener?: PgListener;
  private timer?: NodeJS.Timeout;
  private readonly wakeUps = new Set<NodeJS.Timeout>();
  private readonly sweeper = new CoalescedRun(() => this.sweep());

  constructor(
    private readonly queues: QueueService,
    private readonly sender: MailSender,
    private readonly mail: MailRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** A due mail whose job vanished (Redis flushed) is enqueued again after about a minute. */
  private get reofferAfterMs(): number {
    return this.config.MAIL_SWEEP_MS * 12;
  }

  protected override get enabled(): boolean {
    return this.sender.configured;
  }

  protected override async prepare(): Promise<void> {
    if (!this.sender.configured) {
      this.logger.warn('SMTP_URL is not set: mail stays queued in PostgreSQL until it is');
      return;
    }
    this.listener = new PgListener(this.config.DATABASE_URL, 'mail_message', () => this.kick());
    this.listener.start();
    this.timer = setInterval(() => this.kick(), this.config.MAIL_SWEEP_MS);
    this.kick();
  }

  protected override async halt(): Promise<void> {
    clearInterval(this.timer);
    for (const t of this.wakeUps) clearTimeout(t);
    this.wakeUps.clear();
    await this.listener?.stop();
    await this.sweeper.stop();
  }

  async process(job: Job<EmailSendJob>): Promise<string> {
    const mailId = job.data?.mailId;
    if (typeof mailId !== 'string' || !UUID.test(mailId)) return 'invalid-payload';
    const result = await this.sender.deliver(mailId);
    if (result.outcome === 'retry-scheduled') {
      this.logger.warn(
        `mail ${mailId} attempt ${result.attempts} failed, next at ${result.retryAt.toISOString()}: ${result.error}`,
      );
      this.wakeAt(result.retryAt);
    }
    return result.outcome;
  }

  /** Sweeps when a retry comes due instead of waiting for the next period (a wake-up, not a schedule). */
  private wakeAt(at: Date): void {
    const delay = at.getTime() - this.clock.now().getTime();
    if (delay >= this.config.MAIL_SWEEP_MS || this.sweeper.stopped) return;
    const t = setTimeout(
      () => {
        this.wakeUps.delete(t);
        this.kick();
      },
      Math.max(0, delay) + 5,
    );
    this.wakeUps.add(t);
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
              opts: { ...MAIL_JOB_OPTIONS, jobId: jobIds.emailSend(mailId) },
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
