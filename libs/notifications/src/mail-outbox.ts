import { Clock, GroupCommit } from '@desk/common';
import { AppConfig } from '@desk/config';
import { Injectable } from '@nestjs/common';
import { sqlExecute, sqlRows } from '@desk/database';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
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

/** Mail lists written together by one INSERT at most (each list is one event's mail). */
export const MAIL_WRITE_BATCH_MAX = 16;
/** Mail INSERTs of `write` running at once. */
export const MAIL_WRITE_IN_FLIGHT_MAX = 2;

/**
 * Writes mail into the outbox inside the caller's transaction, so a mail exists if and only if the
 * change that caused it committed. The worker's sweeper is woken by a NOTIFY on commit.
 */
@Injectable()
export class MailOutbox {
  private readonly domain: string;
  private readonly batches = new GroupCommit<OutgoingMail[], string[]>({
    maxInFlight: MAIL_WRITE_IN_FLIGHT_MAX,
    maxBatch: MAIL_WRITE_BATCH_MAX,
    many: (lists) => this.writeMany(lists),
    one: (mails) => this.add(this.dataSource.manager, mails),
  });

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {
    this.domain = messageIdDomain(config.MAIL_FROM);
  }

  /**
   * Writes mails that go with no other change (the mail of an outbox event, which committed
   * already), without attachments: callers at the same moment share one INSERT and one commit
   * (group commit, docs/write-path-performance.md). Returns the ids of this caller's rows written.
   */
  async write(mails: OutgoingMail[]): Promise<string[]> {
    if (!mails.length) return [];
    if (mails.some((m) => m.attachments?.length))
      throw new Error('MailOutbox.write takes no attachments: use add() in a transaction');
    return this.batches.run(mails);
  }

  /** One INSERT for every list; each list gets the ids of its rows (a key twice: the first list's). */
  private async writeMany(lists: OutgoingMail[][]): Promise<string[][]> {
    const rows = await this.insert(this.dataSource.manager, lists.flat());
    const owner = new Map<string, number>();
    lists.forEach((mails, i) => {
      for (const m of mails) if (!owner.has(m.dedupeKey)) owner.set(m.dedupeKey, i);
    });
    const ids = lists.map((): string[] => []);
    for (const row of rows) ids[owner.get(row.dedupe_key)!].push(row.id);
    return ids;
  }

  /** Returns the ids of the rows written; mails whose dedupe key exists already are skipped. */
  async add(em: EntityManager, mails: OutgoingMail[]): Promise<string[]> {
    if (!mails.length) return [];
    const rows = await this.insert(em, mails);
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

  /** The mail rows, one INSERT; a dedupe key already there (or twice in `mails`) is written once. */
  private async insert(
    em: EntityManager,
    mails: OutgoingMail[],
  ): Promise<{ id: string; dedupe_key: string }[]> {
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
    return sqlRows<{ id: string; dedupe_key: string }>(
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
  }
}
