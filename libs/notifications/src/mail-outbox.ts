import { Clock } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Injectable } from '@nestjs/common';
import { sqlExecute, sqlRows } from '@desk/database';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MailStatus } from './entities/mail-message.entity';

export interface OutgoingAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
  /** Set for an inline image, referenced from the HTML as `cid:<contentId>`. */
  contentId?: string;
}

export interface OutgoingMail {
  /** A notification kind (`ticket.receipt`, `sla.breached`...) or `report`. */
  kind: string;
  to: string;
  userId?: string | null;
  subject: string;
  html: string;
  text: string;
  /** Unique per mail and recipient: writing the same key twice stores one mail. */
  dedupeKey: string;
  aggregateType?: string | null;
  aggregateId?: string | null;
  /** Hold the mail until then (non-urgent mail outside working hours). */
  notBefore?: Date | null;
  attachments?: OutgoingAttachment[];
}

/** The domain part of MAIL_FROM, for Message-IDs (`<uuid@domain>`). */
export function messageIdDomain(mailFrom: string): string {
  const match = /@([A-Za-z0-9.-]+)/.exec(mailFrom);
  return match?.[1] ?? 'localhost';
}

/**
 * Writes mail into the outbox inside the caller's transaction, so a mail exists if and only if the
 * change that caused it committed. The worker's sweeper is woken by a NOTIFY on commit.
 */
@Injectable()
export class MailOutbox {
  private readonly domain: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.MAIL_FROM);
  }

  /** Returns the ids of the rows written; mails whose dedupe key exists already are skipped. */
  async add(em: EntityManager, mails: OutgoingMail[]): Promise<string[]> {
    if (!mails.length) return [];
    const now = this.clock.now();
    const cols = {
      kind: [] as string[],
      recipient: [] as string[],
      userId: [] as (string | null)[],
      subject: [] as string[],
      html: [] as string[],
      text: [] as string[],
      status: [] as string[],
      next: [] as Date[],
      messageId: [] as string[],
      dedupe: [] as string[],
      aggType: [] as (string | null)[],
      aggId: [] as (string | null)[],
      notBefore: [] as (Date | null)[],
    };
    for (const m of mails) {
      const held = !!m.notBefore && m.notBefore > now;
      cols.kind.push(m.kind);
      cols.recipient.push(m.to);
      cols.userId.push(m.userId ?? null);
      cols.subject.push(m.subject);
      cols.html.push(m.html);
      cols.text.push(m.text);
      cols.status.push(held ? MailStatus.Held : MailStatus.Queued);
      cols.next.push(held ? m.notBefore! : now);
      cols.messageId.push(`<${randomUUID()}@${this.domain}>`);
      cols.dedupe.push(m.dedupeKey);
      cols.aggType.push(m.aggregateType ?? null);
      cols.aggId.push(m.aggregateId ?? null);
      cols.notBefore.push(m.notBefore ?? null);
    }
    const rows = await sqlRows<{ id: string; dedupe_key: string }>(
      em,
      `INSERT INTO mail_message (kind, recipient, recipient_user_id, subject, html, text, status, next_attempt_at,
                                 message_id, dedupe_key, aggregate_type, aggregate_id, not_before, created_at)
       SELECT k, r, u, s, h, tx, st, n, mi, d, at, ai, nb, $14
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::uuid[], $13::timestamptz[])
              AS x(k, r, u, s, h, tx, st, n, mi, d, at, ai, nb)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, dedupe_key`,
      [
        cols.kind,
        cols.recipient,
        cols.userId,
        cols.subject,
        cols.html,
        cols.text,
        cols.status,
        cols.next,
        cols.messageId,
        cols.dedupe,
        cols.aggType,
        cols.aggId,
        cols.notBefore,
        now,
      ],
    );
    const byKey = new Map(mails.map((m) => [m.dedupeKey, m]));
    for (const row of rows) {
      const attachments = byKey.get(row.dedupe_key)?.attachments ?? [];
      for (const [position, a] of attachments.entries()) {
        await sqlExecute(
          em,
          `INSERT INTO mail_attachment (mail_id, position, file_name, content_type, content_id, size_bytes, content)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [row.id, position, a.fileName, a.contentType, a.contentId ?? null, a.content.length, a.content],
        );
      }
    }
    return rows.map((r) => r.id);
  }
}
