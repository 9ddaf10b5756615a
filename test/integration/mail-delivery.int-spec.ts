import { TransactionRunner } from '@desk/database';
import { MailOutbox, OutgoingMail } from '@desk/notifications';
import { INestApplicationContext } from '@nestjs/common';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startWorker, testConfig, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { sqlExecute } from '../support/db';

/**
 * docs/security.md: "SMTP down: mail waits and goes out once SMTP returns; none lost, none twice",
 * with two workers sending side by side, a worker that died mid-send, a bounce and lost jobs.
 */
describe('Mail delivery through the outbox', () => {
  const sink = new SmtpSink();
  let workers: INestApplicationContext[];
  let ds: DataSource;
  let prefix: string;

  beforeAll(async () => {
    await sink.start();
    await sink.stop(); // keep the port, start with SMTP down
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' });
    prefix = config.QUEUE_PREFIX;
    workers = [await startWorker(config), await startWorker(config)];
    ds = workers[0].get(DataSource);
  });
  afterAll(async () => {
    for (const w of workers ?? []) await w.close();
    await sink.stop();
  });

  const mail = (tag: string, i: number, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({
    kind: 'test',
    to: `user${i}-${tag}@test.go.id`,
    subject: `${tag} #${i}`,
    html: `<p>Surat ${i}</p>`,
    text: `Surat ${i}`,
    dedupeKey: `${tag}_${i}`,
    ...extra,
  });

  async function enqueue(mails: OutgoingMail[]): Promise<string[]> {
    const outbox = workers[0].get(MailOutbox);
    return workers[0].get(TransactionRunner).run((em) => outbox.add(em, mails));
  }

  const rows = (tag: string) =>
    ds.query(
      `SELECT id, status, attempts, last_error AS "lastError", message_id AS "messageId", recipient
         FROM mail_message WHERE dedupe_key LIKE $1 ORDER BY dedupe_key`,
      [`${tag}\\_%`],
    );
  const arrived = (tag: string) => sink.mails.filter((m) => m.subject.startsWith(`${tag} #`));

  it('should keep mail while SMTP is down and deliver each exactly once when it is back', async () => {
    const tag = 'outage';
    const ids = await enqueue(Array.from({ length: 30 }, (_, i) => mail(tag, i)));
    expect(ids).toHaveLength(30);
    // Writing the same mails again (a redelivered event) stores nothing new.
    expect(await enqueue(Array.from({ length: 30 }, (_, i) => mail(tag, i)))).toEqual([]);

    await waitFor(
      async () => (await rows(tag)).every((r: { attempts: number }) => r.attempts >= 2),
      20000,
      'two attempts each while SMTP is down',
    );
    const during = await rows(tag);
    expect(during.every((r: { status: string }) => ['queued', 'sending'].includes(r.status))).toBe(true);
    expect(during[0].lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(arrived(tag)).toHaveLength(0);

    await sink.start();
    await waitFor(async () => arrived(tag).length >= 30, 30000, 'all mail after SMTP returned');
    await new Promise((r) => setTimeout(r, 1500)); // time for any duplicate to show up
    const got = arrived(tag);
    expect(got).toHaveLength(30);
    expect(new Set(got.map((m) => m.to)).size).toBe(30);
    const after = await rows(tag);
    expect(after.every((r: { status: string }) => r.status === 'sent')).toBe(true);
    const byRecipient = new Map(
      after.map((r: { recipient: string; messageId: string }) => [r.recipient, r.messageId]),
    );
    for (const m of got) expect(m.messageId).toBe(byRecipient.get(m.to));
  });

  it('should keep retrying through a long outage and give up only on mail due for 14 days', async () => {
    const tag = 'long';
    await sink.stop();
    await enqueue([mail(tag, 1), mail(tag, 2)]);
    // Mail 1 has been due 13 days (a long holiday without SMTP), mail 2 for 15.
    await sqlExecute(
      ds,
      `UPDATE mail_message SET created_at = now() - CASE dedupe_key WHEN $1 THEN interval '13 days' ELSE interval '15 days' END
        WHERE dedupe_key IN ($1, $2)`,
      [`${tag}_1`, `${tag}_2`],
    );
    const [kept, dropped] = await waitFor(
      async () => {
        const r = await rows(tag);
        return r[0].attempts >= 2 && r[1].status === 'failed' ? r : null;
      },
      20000,
      'retries of the 13-day mail and the end of the 15-day one',
    );
    expect(kept.status).not.toBe('failed');
    expect(dropped.lastError).toMatch(/ECONNREFUSED|connect/i);
    await sink.start();
    await waitFor(async () => arrived(tag).length, 15000, 'the kept mail after SMTP returned');
    await new Promise((r) => setTimeout(r, 1000));
    expect(arrived(tag).map((m) => m.to)).toEqual([kept.recipient]);
  });

  it('should send again, with the same Message-ID, a mail whose sender died before recording it', async () => {
    const tag = 'crashed';
    const messageId = `<${randomUUID()}@test.go.id>`;
    // A worker claimed it (status sending, attempt 1) and died: its lease ran out a minute ago.
    await sqlExecute(
      ds,
      `INSERT INTO mail_message (kind, recipient, subject, html, text, status, attempts, lease_until, message_id, dedupe_key)
       VALUES ('test', 'crash@test.go.id', $1, '<p>x</p>', 'x', 'sending', 1, now() - interval '1 minute', $2, $3)`,
      [`${tag} #1`, messageId, `${tag}_1`],
    );
    await waitFor(async () => arrived(tag).length, 15000, 'the resent mail');
    await new Promise((r) => setTimeout(r, 1000));
    expect(arrived(tag)).toHaveLength(1);
    expect(arrived(tag)[0].messageId).toBe(messageId);
    const [row] = await rows(tag);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('should give up at once on a recipient the server refuses, without retrying', async () => {
    const tag = 'bounce';
    sink.refused.add('nobody@test.go.id');
    await enqueue([mail(tag, 1, { to: 'nobody@test.go.id' }), mail(tag, 2)]);
    await waitFor(async () => arrived(tag).length === 1, 15000, 'the deliverable mail');
    const [refused] = await waitFor(async () => {
      const r = (await rows(tag)).filter((x: { status: string }) => x.status === 'failed');
      return r.length ? r : null;
    });
    expect(refused).toMatchObject({ recipient: 'nobody@test.go.id', attempts: 1 });
    expect(refused.lastError).toMatch(/550/);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await rows(tag))[0].attempts).toBe(1);
  });

  it('should deliver mail whose queue jobs were lost with Redis', async () => {
    const tag = 'flushed';
    await sink.stop();
    await enqueue(Array.from({ length: 5 }, (_, i) => mail(tag, i)));
    await waitFor(async () => (await rows(tag)).every((r: { attempts: number }) => r.attempts >= 1), 15000);
    // Redis loses every job of the mail queue (a flush, scoped to this file's prefix).
    const redis = new IORedis(process.env.TEST_REDIS_URL!);
    try {
      const keys = await redis.keys(`${prefix}:mail:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    await sink.start();
    await waitFor(async () => arrived(tag).length >= 5, 30000, 'mail after the flush');
    await new Promise((r) => setTimeout(r, 1000));
    expect(arrived(tag)).toHaveLength(5);
    expect((await rows(tag)).every((r: { status: string }) => r.status === 'sent')).toBe(true);
  });
});
