import IORedis from 'ioredis';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { startApi, TestApi, testConfig, waitFor } from '../support/harness';
import { RedisServer, startRedisServer } from '../support/redis-server';
import { startWorkerProcess, WorkerProcess } from '../support/worker-process';

/**
 * docs/security.md: the SLA timers survive a SIGKILLed worker, a Redis that lost its data and two
 * workers racing, with every breach and every automatic escalation exactly once. This file has a
 * redis-server of its own, so it can FLUSHALL without touching the other test files.
 */
jest.setTimeout(300_000);

describe('SLA timers under faults', () => {
  let api: TestApi;
  let org: TestOrg;
  let policyId: string;
  let numbers = 0;
  let redisServer: RedisServer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redisServer = await startRedisServer();
    api = await startApi(
      await testConfig({ SLA_RECONCILE_MS: '2000', DB_POOL_SIZE: '20', REDIS_URL: redisServer.url }),
    );
    org = await createOrg(api.app);
    const res = await api.http.post('/api/v1/sla-policies').set(org.users.admin.auth).send({
      name: 'Uji beban',
      kind: 'change',
      responseTarget: 'PT30S',
      resolutionTarget: 'PT1H',
      tier2ResponseTarget: 'PT1H',
      calendar: '24x7',
      ladder: [],
    });
    policyId = res.body.id;
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await api.close();
    await redisServer?.stop();
  });

  const scalar = async (sql: string, params: unknown[] = []) =>
    Number((await api.dataSource.query(sql, params))[0].n);
  const worker = async () => {
    const w = await startWorkerProcess(api.config);
    workers.push(w);
    return w;
  };

  /**
   * `n` Tier 1 tickets whose response clock is due between `inMs` and `inMs + spanMs` from now (their
   * warning already sent), inserted in bulk with the `sla.timers` outbox events that arm their timers.
   */
  async function dueTickets(n: number, inMs: number, spanMs: number, escalating = n): Promise<string> {
    const tag = `batch-${numbers}`;
    const { pdA, categories, users } = org;
    await api.dataSource.query(
      `WITH g AS (
         SELECT i, now() + ($1::float8 + i * $2::float8 / $3) * interval '1 millisecond' AS due
           FROM generate_series(1, $3::int) i
       ), ins AS (
         INSERT INTO ticket (number, kind, title, description, category_id, impact, urgency, priority, channel,
                             requester_id, created_by_id, unit_id, desk_id, status, response_due_at,
                             resolution_due_at, queue_due_at)
         SELECT 'TIK-2025-' || lpad(($4 + i)::text, 7, '0'), 'change', $9 || ' #' || i, 'Uji timer SLA', CASE WHEN i <= $11 THEN $5::uuid END, 2, 2,
                'P3', 'web', $6, $6, $7, $8, 'new', due, due + interval '1 hour', due
           FROM g RETURNING id, response_due_at AS due
       ), clocks AS (
         INSERT INTO ticket_sla_clock (ticket_id, clock, policy_id, calendar, target_seconds, started_at, due_at,
                                       warn_at, warned_at, next_fire_at, revision)
         SELECT id, 'response', $10, '24x7', 30, due - interval '30 seconds', due, now(), now(), due, 1 FROM ins
       )
       INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload)
       SELECT 'sla.timers', 'ticket', id, '{}'::jsonb FROM ins`,
      [
        inMs,
        spanMs,
        n,
        numbers,
        categories.network,
        users.requesterA.id,
        pdA.id,
        pdA.deskId,
        tag,
        policyId,
        escalating,
      ],
    );
    numbers += n;
    return tag;
  }

  const breached = (tag: string) =>
    scalar(
      `SELECT count(*) AS n FROM ticket_sla_clock c JOIN ticket t ON t.id = c.ticket_id
        WHERE t.title LIKE $1 || ' #%' AND c.clock = 'response' AND c.breached_at IS NOT NULL`,
      [tag],
    );

  /** Every breach and its outbox event exist exactly once, and so does every automatic escalation. */
  async function expectExactlyOnce(tag: string, n: number, escalated = n) {
    const like = [tag];
    const ids = `SELECT id FROM ticket WHERE title LIKE $1 || ' #%'`;
    expect(await breached(tag)).toBe(n);
    expect(
      await scalar(
        `SELECT count(*) AS n FROM outbox_event WHERE type = 'sla.breached' AND aggregate_id IN (${ids})`,
        like,
      ),
    ).toBe(n);
    expect(
      await scalar(
        `SELECT count(DISTINCT aggregate_id) AS n FROM outbox_event WHERE type = 'sla.breached' AND aggregate_id IN (${ids})`,
        like,
      ),
    ).toBe(n);
    expect(
      await scalar(
        `SELECT count(*) AS n FROM ticket_escalation WHERE automatic AND ticket_id IN (${ids})`,
        like,
      ),
    ).toBe(escalated);
    expect(
      await scalar(
        `SELECT count(*) AS n FROM outbox_event WHERE type = 'ticket.escalated' AND aggregate_id IN (${ids})`,
        like,
      ),
    ).toBe(escalated);
    expect(await scalar(`SELECT count(*) AS n FROM ticket WHERE tier = 2 AND id IN (${ids})`, like)).toBe(
      escalated,
    );
    expect(
      await scalar(
        `SELECT count(*) AS n FROM ticket_event WHERE action = 'escalated' AND ticket_id IN (${ids})`,
        like,
      ),
    ).toBe(escalated);
    // docs/security.md, "no duplicate email": every breach is mailed, and once to each recipient.
    const mails = () =>
      api.dataSource.query(
        `SELECT count(*)::int AS total, count(DISTINCT aggregate_id)::int AS tickets,
                count(DISTINCT (aggregate_id, recipient))::int AS pairs
           FROM mail_message WHERE kind = 'sla.breached' AND aggregate_id IN (${ids})`,
        like,
      );
    const [mailed] = await waitFor(
      async () => {
        const rows = await mails();
        return rows[0].tickets === n ? rows : null;
      },
      120_000,
      'the breach mail of every ticket',
    );
    expect(mailed.total).toBe(mailed.pairs);
    expect(mailed.total).toBeGreaterThanOrEqual(n);
  }

  it('should breach every one of 10,000 due timers and escalate once across a SIGKILL of the worker', async () => {
    // Half the tickets have a category routed to a team and are escalated on breach; the others have
    // no route, so their breach is recorded without an escalation.
    const n = 10_000;
    const escalating = 5_000;
    const first = await worker();
    const tag = await dueTickets(n, 5000, 20_000, escalating);
    await waitFor(async () => (await breached(tag)) >= n / 10, 60_000, 'the burst to start');
    await first.kill(); // mid-burst: jobs in flight stay "active" in Redis, transactions roll back
    const atKill = await breached(tag);
    expect(atKill).toBeLessThan(n);
    await worker();
    await waitFor(async () => (await breached(tag)) === n, 200_000, 'every breach after the restart');
    await waitFor(
      async () =>
        (await scalar(`SELECT count(*) AS n FROM ticket WHERE tier = 2 AND title LIKE $1 || ' #%'`, [
          tag,
        ])) === escalating,
      60_000,
      'every escalation',
    );
    await new Promise((r) => setTimeout(r, 2500)); // one more reconciliation pass
    await expectExactlyOnce(tag, n, escalating);
  });

  it('should fire everything after Redis lost its data, through the reconciliation', async () => {
    const tag = await dueTickets(500, 3000, 2000);
    const redis = new IORedis(redisServer.url);
    try {
      const delayed = `${api.config.QUEUE_PREFIX}:sla-timers:delayed`;
      await waitFor(async () => (await redis.zcard(delayed)) >= 500, 30_000, 'the timers');
      // Every queue, every delayed timer and the reconciliation's job scheduler are gone.
      expect(await redis.flushall()).toBe('OK');
    } finally {
      redis.disconnect();
    }
    const started = Date.now();
    await waitFor(async () => (await breached(tag)) === 500, 30_000, 'every breach after the loss');
    // Due 3 to 5 s after filing: at most one reconciliation interval (2 s) plus the check late.
    expect(Date.now() - started).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 2500));
    await expectExactlyOnce(tag, 500);
  });

  it('should not fire twice with two workers racing', async () => {
    await worker(); // a second worker process next to the restarted one
    const tag = await dueTickets(1000, 2000, 3000);
    await waitFor(async () => (await breached(tag)) === 1000, 90_000, 'every breach');
    await new Promise((r) => setTimeout(r, 2500));
    await expectExactlyOnce(tag, 1000);
  });
});
