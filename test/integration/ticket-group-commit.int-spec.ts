import { FILING_IN_FLIGHT_MAX, TicketRepository } from '@desk/tickets';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { validTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, testConfig, TestApi, waitFor } from '../support/harness';

/**
 * Group commit of filings (docs/write-path-performance.md, "Group commit"): tickets filed at the
 * same moment share one insert statement and one commit, yet each request gets its own ticket with
 * its own audit event, outbox event, SLA clocks, search document and receipt mail, exactly once;
 * a ticket the database refuses fails alone and leaves nothing behind.
 */
describe('Filing under load (group commit)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;

  beforeAll(async () => {
    const config = await testConfig();
    api = await startApi(config);
    org = await createOrg(api.app);
    worker = await startWorker(config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  /** Sends at once (a supertest request leaves only when awaited). */
  const post = (body: object) =>
    api.http
      .post('/api/v1/tickets')
      .set(org.users.requesterA.auth)
      .send(body)
      .then((r) => r);
  const count = async (sql: string, params: unknown[]) =>
    ((await api.dataSource.query(sql, params)) as { n: number }[])[0].n;

  /** Filing statements waiting on the lock of `holdFilings`. */
  const blocked = () =>
    count(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH ins AS%'`,
      [],
    );
  /** Holds every filing statement (a lock on the search table) until the returned release is called. */
  async function holdFilings(): Promise<() => Promise<void>> {
    const lock = api.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('LOCK TABLE ticket_search IN SHARE MODE');
    return async () => {
      if (lock.isReleased) return;
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    };
  }

  it('should file 50 simultaneous tickets with distinct numbers, each with its rows and receipt exactly once', async () => {
    const tag = `gc${Date.now()}`;
    // The first filings are held at the database so that the rest surely queue in the batcher, on a
    // quiet machine too (there, unheld, each request could finish before the next one arrives).
    const release = await holdFilings();
    let results: Awaited<ReturnType<typeof post>>[];
    try {
      const sent = Array.from({ length: 50 }, (_, i) =>
        post(validTicket({ title: `Printer ${tag}n${i}x rusak` })),
      );
      await waitFor(async () => (await blocked()) === FILING_IN_FLIGHT_MAX, 10000, 'filings held');
      await new Promise((r) => setTimeout(r, 1000));
      await release();
      results = await Promise.all(sent);
    } finally {
      await release();
    }
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    // Each answer is its own ticket, with the title it was filed with.
    results.forEach((r, i) => expect(r.body.title).toBe(`Printer ${tag}n${i}x rusak`));
    const ids = results.map((r) => r.body.id as string);
    expect(new Set(ids).size).toBe(50);
    expect(new Set(results.map((r) => r.body.number)).size).toBe(50);

    // Filed together: fewer commits than tickets (tickets of one statement share its transaction id).
    const commits = await count(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM ticket WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(commits).toBeLessThan(50);

    const perTicket = async (sql: string) =>
      (await api.dataSource.query(sql, [ids])) as { id: string; n: number }[];
    const expectEach = (rows: { id: string; n: number }[], n: number) => {
      expect(rows).toHaveLength(50);
      for (const r of rows) expect(r.n).toBe(n);
    };
    expectEach(
      await perTicket(`SELECT t.id, (SELECT count(*)::int FROM ticket_event e
                         WHERE e.ticket_id = t.id AND e.action = 'created' AND e.actor_id = t.created_by_id) AS n
                         FROM ticket t WHERE t.id = ANY($1::uuid[])`),
      1,
    );
    expectEach(
      await perTicket(`SELECT t.id, (SELECT count(*)::int FROM outbox_event o
                         WHERE o.aggregate_id = t.id AND o.type = 'ticket.created' AND o.payload->>'number' = t.number) AS n
                         FROM ticket t WHERE t.id = ANY($1::uuid[])`),
      1,
    );
    // The SLA clocks start at the ticket's own creation and are due when its columns say.
    expectEach(
      await perTicket(`SELECT t.id, (SELECT count(*)::int FROM ticket_sla_clock k
                         WHERE k.ticket_id = t.id AND k.started_at = t.created_at
                           AND k.due_at = CASE k.clock WHEN 'response' THEN t.response_due_at ELSE t.resolution_due_at END) AS n
                         FROM ticket t WHERE t.id = ANY($1::uuid[])`),
      2,
    );
    // Each search document holds its own ticket's words, not a neighbour's.
    expectEach(
      await perTicket(`SELECT t.id, (SELECT count(*)::int FROM ticket_search s
                         WHERE s.ticket_id = t.id AND s.public_doc @@ to_tsquery('simple', split_part(t.title, ' ', 2))
                           AND s.agent_doc @@ to_tsquery('simple', split_part(t.title, ' ', 2))) AS n
                         FROM ticket t WHERE t.id = ANY($1::uuid[])`),
      1,
    );
    const search = await api.http
      .get('/api/v1/tickets')
      .query({ q: `${tag}n7x` })
      .set(org.users.requesterA.auth);
    expect(search.status).toBe(200);
    expect(search.body.items.map((t: { id: string }) => t.id)).toEqual([ids[7]]);

    // The worker sends each requester exactly one receipt.
    const receipts = () =>
      count(
        `SELECT count(*)::int AS n FROM mail_message WHERE kind = 'ticket.receipt' AND aggregate_id = ANY($1::uuid[])`,
        [ids],
      );
    await waitFor(async () => (await receipts()) >= 50, 30000, '50 receipts');
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = ANY($1::uuid[]) AND published_at IS NULL`,
          [ids],
        )) === 0,
      15000,
      'the outbox relayed',
    );
    expect(
      await count(
        `SELECT count(DISTINCT aggregate_id)::int AS n FROM mail_message
          WHERE kind = 'ticket.receipt' AND aggregate_id = ANY($1::uuid[])`,
        [ids],
      ),
    ).toBe(50);
    expect(await receipts()).toBe(50);
  });

  it('should answer a ticket the database refuses with its own 400 and file the others', async () => {
    const tag = `gcbad${Date.now()}`;
    const body = (i: number, categoryId: string) =>
      validTicket({ title: `Jaringan ${tag} ${i}`, categoryId });
    // Hold the filing statements so that the requests below queue up in the batcher and go to the
    // database together once they are released.
    const release = await holdFilings();
    let results: Awaited<ReturnType<typeof post>>[];
    const bad = 7;
    try {
      const first = Array.from({ length: FILING_IN_FLIGHT_MAX }, (_, i) =>
        post(body(100 + i, org.categories.network)),
      );
      await waitFor(async () => (await blocked()) === FILING_IN_FLIGHT_MAX, 10000, 'filings held');
      // A category that does not exist (as one deleted between validation and insert) fails the
      // foreign key, which only the database sees.
      const queued = Array.from({ length: 20 }, (_, i) =>
        post(body(i, i === bad ? randomUUID() : org.categories.network)),
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect(await blocked()).toBe(FILING_IN_FLIGHT_MAX);
      await release();
      results = await Promise.all([...queued, ...first]);
    } finally {
      await release();
    }
    results.forEach((r, i) => expect(r.status).toBe(i === bad ? 400 : 201));
    expect(results[bad].headers['content-type']).toMatch(/application\/problem\+json/);
    expect(results[bad].body.errors).toEqual([{ field: 'categoryId', message: expect.any(String) }]);

    const rows = (await api.dataSource.query(
      `SELECT t.title, t.category_id AS "categoryId",
              (SELECT count(*)::int FROM ticket_event e WHERE e.ticket_id = t.id) AS events,
              (SELECT count(*)::int FROM outbox_event o WHERE o.aggregate_id = t.id) AS outbox,
              (SELECT count(*)::int FROM ticket_sla_clock k WHERE k.ticket_id = t.id) AS clocks
         FROM ticket t WHERE t.title LIKE $1`,
      [`Jaringan ${tag} %`],
    )) as { title: string; categoryId: string; events: number; outbox: number; clocks: number }[];
    expect(rows).toHaveLength(23);
    expect(rows.map((r) => r.title)).not.toContain(`Jaringan ${tag} ${bad}`);
    for (const r of rows) {
      expect(r).toMatchObject({ categoryId: org.categories.network, events: 1, outbox: 1, clocks: 2 });
    }
    // Nothing of the refused ticket was written anywhere.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM ticket_search s WHERE NOT EXISTS (SELECT 1 FROM ticket t WHERE t.id = s.ticket_id)`,
        [],
      ),
    ).toBe(0);
  });

  it('should write nothing of a batch when one of its tickets fails (what the fallback relies on)', async () => {
    const repo = api.app.get(TicketRepository);
    const [ticket] = (await api.dataSource.query(
      `SELECT kind, title, description, impact, urgency, priority, channel, requester_id AS "requesterId",
              created_by_id AS "createdById", unit_id AS "unitId", desk_id AS "deskId",
              response_due_at AS "responseDueAt", resolution_due_at AS "resolutionDueAt"
         FROM ticket WHERE created_by_id = $1 LIMIT 1`,
      [org.users.requesterA.id],
    )) as Record<string, unknown>[];
    const tag = `gcall${Date.now()}`;
    const row = (i: number, categoryId: string | null) => ({
      ticket: {
        ...(ticket as object),
        title: `${tag} ${i}`,
        categoryId,
        year: new Date().getUTCFullYear(),
        idempotencyKey: null,
        now: new Date(),
      } as Parameters<TicketRepository['insert']>[0],
    });
    await expect(
      repo.insertMany([row(1, null), row(2, randomUUID()), row(3, org.categories.email)]),
    ).rejects.toMatchObject({ constraint: 'ticket_category_id_fkey' });
    expect(await count(`SELECT count(*)::int AS n FROM ticket WHERE title LIKE $1`, [`${tag} %`])).toBe(0);

    const ids = await repo.insertMany([row(4, null), row(5, org.categories.email)]);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    const titles = (await api.dataSource.query(`SELECT id, title FROM ticket WHERE id = ANY($1::uuid[])`, [
      ids,
    ])) as { id: string; title: string }[];
    expect(Object.fromEntries(titles.map((t) => [t.id, t.title]))).toEqual({
      [ids[0]!]: `${tag} 4`,
      [ids[1]!]: `${tag} 5`,
    });
  });
});
