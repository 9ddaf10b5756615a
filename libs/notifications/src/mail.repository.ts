import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailStatus } from './entities/mail-message.entity';

export interface ClaimedMail {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  attempts: number;
  /** Since when the mail could be sent (written, or released from working-hours hold). */
  dueSince: Date;
}

export interface StoredAttachment {
  fileName: string;
  contentType: string;
  contentId: string | null;
  content: Buffer;
}

export interface MailSummary {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  notBefore: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** State changes of outbox mail. Each is a conditional update: zero rows means someone else won. */
@Injectable()
export class MailRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the mail for sending: a due queued row, or a row whose previous sender's lease ran out
   * (that worker died mid-send). Returns null when the row is not ours to send now.
   */
  async claim(id: string, now: Date, leaseMs: number): Promise<ClaimedMail | null> {
    return sqlRow<ClaimedMail>(
      this.dataSource,
      `UPDATE mail_message
          SET status = 'sending', attempts = attempts + 1, lease_until = $2::timestamptz + $3 * interval '1 millisecond'
        WHERE id = $1
          AND ((status = 'queued' AND next_attempt_at <= $2)
               OR (status = 'sending' AND lease_until < $2))
        RETURNING id, kind, recipient, subject, html, text, message_id AS "messageId", attempts,
                  greatest(created_at, not_before) AS "dueSince"`,
      [id, now, leaseMs],
    );
  }

  async status(id: string): Promise<MailStatus | null> {
    const row = await sqlRow<{ status: MailStatus }>(
      this.dataSource,
      `SELECT status FROM mail_message WHERE id = $1`,
      [id],
    );
    return row?.status ?? null;
  }

  attachments(mailId: string): Promise<StoredAttachment[]> {
    return sqlRows<StoredAttachment>(
      this.dataSource,
      `SELECT file_name AS "fileName", content_type AS "contentType", content_id AS "contentId", content
         FROM mail_attachment WHERE mail_id = $1 ORDER BY position`,
      [mailId],
    );
  }

  async markSent(id: string, at: Date): Promise<void> {
    await sqlExecute(
      this.dataSource,
      `UPDATE mail_message SET status = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL
        WHERE id = $1 AND status = 'sending'`,
      [id, at],
    );
  }

  /**
   * Back to the queue for a later attempt, or failed for good (`nextAttemptAt` null). `enqueued_at`
   * is cleared so the sweep offers the retry as soon as `next_attempt_at` comes.
   */
  async markUnsent(id: string, error: string, nextAttemptAt: Date | null): Promise<void> {
    await sqlExecute(
      this.dataSource,
      `UPDATE mail_message
          SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
              next_attempt_at = coalesce($3::timestamptz, next_attempt_at), lease_until = NULL, last_error = $2,
              enqueued_at = NULL
        WHERE id = $1 AND status = 'sending'`,
      [id, error.slice(0, 2000), nextAttemptAt],
    );
  }

  /** Releases held mail whose working hours have come. */
  async releaseHeld(now: Date): Promise<number> {
    return sqlExecute(
      this.dataSource,
      `UPDATE mail_message SET status = 'queued', next_attempt_at = greatest(next_attempt_at, not_before)
        WHERE status = 'held' AND not_before <= $1`,
      [now],
    );
  }

  /**
   * Hands mail that should be in flight now (due queued rows, rows whose lease expired) to `publish`
   * and stamps `enqueued_at`, in one transaction: if publishing fails nothing is stamped. A row is
   * offered again `reofferAfterMs` later if it is still due then (its job was lost with Redis), never
   * sooner, so a large backlog is enqueued once rather than at every sweep.
   */
  async offerDue(
    now: Date,
    limit: number,
    reofferAfterMs: number,
    publish: (ids: string[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows = await sqlRows<{ id: string }>(
        em,
        `SELECT id FROM mail_message
          WHERE ((status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1))
            AND (enqueued_at IS NULL OR enqueued_at < $1::timestamptz - $3 * interval '1 millisecond')
          ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit, reofferAfterMs],
      );
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      await publish(ids);
      await sqlExecute(em, `UPDATE mail_message SET enqueued_at = $2 WHERE id = ANY($1)`, [ids, now]);
      return ids.length;
    });
  }

  /** The mail caused by one aggregate (a report delivery, a ticket), oldest first. */
  byAggregate(aggregateIds: string[]): Promise<(MailSummary & { aggregateId: string })[]> {
    if (!aggregateIds.length) return Promise.resolve([]);
    return sqlRows<MailSummary & { aggregateId: string }>(
      this.dataSource,
      `SELECT id, kind, recipient, subject, status, attempts, last_error AS "lastError", not_before AS "notBefore",
              created_at AS "createdAt", sent_at AS "sentAt", aggregate_id AS "aggregateId"
         FROM mail_message WHERE aggregate_id = ANY($1) ORDER BY created_at, recipient`,
      [aggregateIds],
    );
  }
}
