import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { MailRepository } from './mail.repository';

/** A worker that dies mid-send loses its claim after this long; the mail is then sent again. */
export const MAIL_LEASE_MS = 120_000;
/**
 * Transient failures (SMTP down, timeouts, 4xx replies) are retried until the mail has been due this
 * long: longer than a long weekend plus the Lebaran cuti bersama, so an outage delays mail and loses
 * none. Only a 5xx refusal fails a mail sooner.
 */
export const MAIL_GIVE_UP_MS = 14 * 24 * 3600_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const BASE_BACKOFF_MS = 1000;

/**
 * The wait before the next attempt after `attempts` failed ones: 1 s, 2 s, 4 s ... capped at 15
 * minutes. The only retry schedule of a mail: it is written to `next_attempt_at` (BullMQ jobs of the
 * mail queue have a single attempt).
 */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export type DeliverResult =
  | { outcome: 'sent' | 'failed' | 'not-due' | 'not-configured' }
  /** A transient failure: the row is queued again for `retryAt` (the sweep enqueues it then). */
  | { outcome: 'retry-scheduled'; retryAt: Date; attempts: number; error: string };
export type DeliverOutcome = DeliverResult['outcome'];

/**
 * SMTP_URL as nodemailer options: `smtp://[user:pass@]host[:port]` or `smtps://...` (TLS from the
 * start), with query parameters passed on (`?requireTLS=true`, `?tls.rejectUnauthorized=false`).
 * nodemailer's own `{ url }` option would drop every other option given with it (pool, timeouts).
 */
export function smtpUrlOptions(url: string): Record<string, unknown> {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const options: Record<string, unknown> = { host: u.hostname, secure };
  if (u.port) options.port = Number(u.port);
  if (u.username)
    options.auth = { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) };
  for (const [key, raw] of u.searchParams) {
    const value = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
    const path = key.split('.');
    let target = options;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  }
  return options;
}

/** SMTP replies 5xx are final (bad recipient, refused content); anything else may pass later. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends outbox mail through SMTP (SMTP_URL, MAIL_FROM). Exactly once within reason: the row is
 * claimed with a conditional update before sending and marked sent right after; a crash between the
 * SMTP server's acceptance and that mark resends the mail with the same Message-ID once the lease
 * expires (see README.md).
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private transport?: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: MailRepository,
    private readonly clock: Clock,
  ) {}

  get configured(): boolean {
    return !!this.config.SMTP_URL;
  }

  private smtp(): Transporter {
    this.transport ??= createTransport({
      ...smtpUrlOptions(this.config.SMTP_URL!),
      pool: true,
      maxConnections: 10,
      maxMessages: 1000,
      // Well inside the lease: a send that hangs fails and is retried before another worker may take it.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return this.transport;
  }

  async deliver(mailId: string): Promise<DeliverResult> {
    if (!this.configured) return { outcome: 'not-configured' };
    const mail = await this.repo.claim(mailId, this.clock.now(), MAIL_LEASE_MS);
    // Sent already, held, failed, or being sent by another worker whose lease is alive.
    if (!mail) return { outcome: 'not-due' };
    const attachments = await this.repo.attachments(mail.id);
    try {
      await this.smtp().sendMail({
        from: this.config.MAIL_FROM,
        to: mail.recipient,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Desk-Mail-Kind': mail.kind },
        attachments: attachments.map((a) => ({
          filename: a.fileName,
          contentType: a.contentType,
          content: a.content,
          ...(a.contentId ? { cid: a.contentId, contentDisposition: 'inline' as const } : {}),
        })),
      });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const dueFor = this.clock.now().getTime() - new Date(mail.dueSince).getTime();
      const final = isPermanent(error) || dueFor >= MAIL_GIVE_UP_MS;
      const next = final ? null : new Date(this.clock.now().getTime() + mailRetryDelayMs(mail.attempts));
      await this.repo.markUnsent(mail.id, message, next);
      if (!next) {
        this.logger.warn(`mail ${mail.id} to ${mail.recipient} failed for good: ${message}`);
        return { outcome: 'failed' };
      }
      return { outcome: 'retry-scheduled', retryAt: next, attempts: mail.attempts, error: message };
    }
    await this.repo.markSent(mail.id, this.clock.now());
    return { outcome: 'sent' };
  }

  /** After the mail worker finished its last sends (closed in `beforeApplicationShutdown`). */
  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
