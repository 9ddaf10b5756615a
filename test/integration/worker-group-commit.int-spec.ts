import { DomainEventJob, QueueName, QueueService } from '@desk/queue';
import { SlaTimerService } from '@desk/sla';
import { MAIL_WRITE_IN_FLIGHT_MAX, MailOutbox, NotificationService, OutgoingMail } from '@desk/notifications';
import { randomUUID } from 'node:crypto';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, testConfig, TestApi, waitFor } from '../support/harness';
import { countOf, sqlRows } from '../support/db';

/**
 * Group commit in the worker (docs/write-path-performance.md, "The worker"): the mail of outbox
 * events handled at the same moment is written by one INSERT, yet each event gets its own mail
 * exactly once, learns how many of its own mails were written, and an event whose mail the database
 * refuses fails alone; tickets armed at the same moment share one read of their clocks, and each
 * gets its own timers. No worker runs here: the test hands the events to the services itself, as
 * the domain-events processor does.
 */
describe('Worker handling simultaneous events (group commit)', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi(await testConfig());
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Mail INSERTs waiting on the lock of `holdMail`. */
  const blocked = () =>
    countOf(
      api.dataSource,
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO mail_message%'`,
    );
  /** Holds every mail INSERT (a lock on the table) until the returned release is called. */
  async function holdMail(): Promise<() => Promise<void>> {
    const lock = api.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('LOCK TABLE mail_message IN SHARE MODE');
    return async () => {
      if (lock.isReleased) return;
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    };
  }
  /** Starts `run()` while the first mail INSERTs are held, so that the rest queue and go together. */
  async function whileHeld<T>(run: () => Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
    const release = await holdMail();
    try {
      const started = run();
      await waitFor(async () => (await blocked()) === MAIL_WRITE_IN_FLIGHT_MAX, 10000, 'mail held');
      await new Promise((r) => setTimeout(r, 300));
      await release();
      return await Promise.allSettled(started);
    } finally {
      await release();
    }
  }

  it('should write the mail of 12 simultaneous filings in fewer commits, each mail exactly once', async () => {
    const { requesterA, tier1A } = org.users;
    const tickets = [];
    for (let i = 0; i < 12; i++) tickets.push(await fileTicket(api, requesterA, { title: `Mail gc ${i}` }));
    const ids = tickets.map((t) => t.id as string);
    const events = await sqlRows<DomainEventJob>(
      api.dataSource,
      `SELECT id::text AS "eventId", type, aggregate_type AS "aggregateType", aggregate_id::text AS "aggregateId", payload
         FROM outbox_event WHERE type = 'ticket.created' AND aggregate_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(events).toHaveLength(12);
    const notifications = api.app.get(NotificationService);

    const results = await whileHeld(() => events.map((e) => notifications.handle(e)));

    // Each event learns of its own mails: the requester's receipt and the desk's mail.
    const written = results.map((r) => (r.status === 'fulfilled' ? r.value : -1));
    expect(written.every((n) => n >= 2)).toBe(true);
    const rows = await sqlRows<{ aggregateId: string; kind: string; recipient: string; tx: string }>(
      api.dataSource,
      `SELECT aggregate_id::text AS "aggregateId", kind, recipient, xmin::text AS tx
         FROM mail_message WHERE aggregate_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows).toHaveLength(written.reduce((a, n) => a + n, 0));
    for (const id of ids) {
      const mine = rows.filter((r) => r.aggregateId === id);
      expect(mine.filter((r) => r.kind === 'ticket.receipt').map((r) => r.recipient)).toEqual([
        requesterA.email,
      ]);
      expect(mine.filter((r) => r.kind === 'ticket.created' && r.recipient === tier1A.email)).toHaveLength(1);
    }
    // Fewer transactions than events: the queued events shared INSERTs.
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(12);

    // Delivered again, all at once: nothing is written twice.
    const again = await Promise.all(events.map((e) => notifications.handle(e)));
    expect(again).toEqual(Array(12).fill(0));
    expect(
      await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM mail_message WHERE aggregate_id = ANY($1::uuid[])`,
        [ids],
      ),
    ).toBe(rows.length);
  });

  it('should fail only the event whose mail the database refuses, and write the others', async () => {
    const outbox = api.app.get(MailOutbox);
    const tag = randomUUID();
    const mail = (key: string, userId: string | null = null): OutgoingMail => ({
      kind: 'ticket.receipt',
      to: `${key}@example.test`,
      userId,
      subject: key,
      html: `<p>${key}</p>`,
      text: key,
      dedupeKey: `${tag}-${key}`,
    });
    const lists: OutgoingMail[][] = [
      [mail('a1'), mail('a2')],
      [mail('b1'), mail('b2')],
      [mail('c1'), mail('c2')],
      // A recipient that is no user: the foreign key refuses it.
      [mail('bad1'), mail('bad2', randomUUID())],
      [mail('d1'), mail('a1')],
      [mail('e1')],
    ];

    const results = await whileHeld(() => lists.map((l) => outbox.write(l)));

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    // `a1` again: written once, for the list that carried it first.
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.length : -1))).toEqual([2, 2, 2, -1, 1, 1]);
    const stored = await sqlRows<{ subject: string }>(
      api.dataSource,
      `SELECT subject FROM mail_message WHERE dedupe_key LIKE $1 ORDER BY subject`,
      [`${tag}-%`],
    );
    // Nothing of the refused event; everything of the others, once.
    expect(stored.map((r) => r.subject)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'e1']);

    // A key twice inside one shared INSERT: one row, counted for the first list that carried it.
    const shared = await whileHeld(() =>
      [[mail('w1')], [mail('x1')], [mail('y1'), mail('y2')], [mail('z1'), mail('y1')]].map((l) =>
        outbox.write(l),
      ),
    );
    expect(shared.map((r) => (r.status === 'fulfilled' ? r.value.length : -1))).toEqual([1, 1, 2, 1]);
    expect(
      await countOf(api.dataSource, `SELECT count(*)::int AS n FROM mail_message WHERE dedupe_key = $1`, [
        `${tag}-y1`,
      ]),
    ).toBe(1);
  });

  it('should arm the timers of 12 tickets armed at the same moment, each its own', async () => {
    const { requesterA } = org.users;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await fileTicket(api, requesterA, { title: `Timer gc ${i}` })).id);
    const timers = api.app.get(SlaTimerService);
    // Hold the clock reads so that the later tickets queue and are read together.
    const lock = api.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('LOCK TABLE ticket_sla_clock IN ACCESS EXCLUSIVE MODE');
    let armed: number[];
    try {
      const started = ids.map((id) => timers.armTicket(id));
      await waitFor(
        async () =>
          (await countOf(
            api.dataSource,
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE '%FROM ticket_sla_clock c%'`,
          )) === 2,
        10000,
        'clock reads held',
      );
      await new Promise((r) => setTimeout(r, 300));
      await lock.rollbackTransaction();
      armed = await Promise.all(started);
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
    const queue = api.app.get(QueueService).queue(QueueName.SlaTimers);
    for (const [i, id] of ids.entries()) {
      const running = await sqlRows<Parameters<SlaTimerService['timerJob']>[0]>(
        api.dataSource,
        `SELECT ticket_id AS "ticketId", clock, revision, warn_at AS "warnAt", warned_at AS "warnedAt",
                due_at AS "dueAt", breached_at AS "breachedAt", ladder_level AS "ladderLevel",
                next_fire_at AS "nextFireAt"
           FROM ticket_sla_clock WHERE ticket_id = $1 AND next_fire_at IS NOT NULL`,
        [id],
      );
      expect(running.length).toBeGreaterThan(0);
      // Each ticket counts its own clocks, and each clock's next step has its job.
      expect(armed[i]).toBe(running.length);
      for (const row of running) {
        const job = await queue.getJob(timers.timerJob(row, Date.now()).opts.jobId);
        expect(job?.data).toEqual(expect.objectContaining({ ticketId: id, clock: row.clock }));
      }
    }
  });
});
