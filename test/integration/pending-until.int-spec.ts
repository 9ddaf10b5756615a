import IORedis from 'ioredis';
import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, testConfig, TestApi, waitFor } from '../support/harness';
import { SmtpSink, startWorkerWithClock, ShiftedClock } from '../support/mail';
import { RedisServer, startRedisServer } from '../support/redis-server';

/**
 * "Pending until": the ticket resumes by itself at the given time, exactly once, and its assignee is
 * told, also after Redis lost every job (the reconciliation finds the wait in PostgreSQL). This file
 * has a redis-server of its own, so it can FLUSHALL without touching the other test files.
 */
jest.setTimeout(120_000);

describe('Pending until', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let redisServer: RedisServer;
  const sink = new SmtpSink();
  const clock = new ShiftedClock();

  beforeAll(async () => {
    redisServer = await startRedisServer();
    await sink.start();
    const config = await testConfig({
      SMTP_URL: sink.url,
      MAIL_SWEEP_MS: '200',
      SLA_RECONCILE_MS: '1000',
      REDIS_URL: redisServer.url,
    });
    api = await startApi(config);
    org = await createOrg(api.app);
    worker = await startWorkerWithClock(config, clock);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
    await redisServer?.stop();
  });

  const events = async (id: string, action: string) =>
    Number(
      (
        await api.dataSource.query(
          `SELECT count(*) AS n FROM ticket_event WHERE ticket_id = $1 AND action = $2`,
          [id, action],
        )
      )[0].n,
    );

  async function pendedTicket(inMs: number) {
    const { requesterA, tier1A, tier1A2 } = org.users;
    // P2: urgent mail goes at once, whatever the hour the test runs at.
    const t = await fileTicket(api, requesterA, { impact: 1, urgency: 2 });
    await act(api, tier1A, t.id, 'assign', { assigneeId: tier1A2.id });
    const until = new Date(Date.now() + inMs).toISOString();
    const pended = await act(api, tier1A, t.id, 'pend', { reason: 'Menunggu vendor datang', until });
    expect(pended).toMatchObject({ status: 'pending', pendingUntil: until });
    return t;
  }

  it('should resume by itself at the time, once, and tell the assignee', async () => {
    const { tier1A, tier1A2 } = org.users;
    const t = await pendedTicket(2500);
    const resumed = await waitFor(
      async () => {
        const v = (await api.http.get(`/api/v1/tickets/${t.id}`).set(tier1A.auth)).body;
        return v.status === 'in_progress' ? v : null;
      },
      15_000,
      'the automatic resume',
    );
    expect(resumed.pendingUntil).toBeNull();
    expect(resumed.pendingReason).toBeNull();
    const mail = await waitFor(
      async () =>
        sink
          .to(tier1A2.email)
          .find((m) => m.subject.includes(t.number) && m.subject.includes('Waktu tunggu')),
      15_000,
      'the assignee mail',
    );
    expect(mail.subject).toBe(`[${t.number}] Waktu tunggu berakhir: tiket kembali dikerjakan`);
    // Extra reconciliation passes change nothing.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await events(t.id, 'auto_resumed')).toBe(1);
    const history = (await api.http.get(`/api/v1/tickets/${t.id}/history`).set(tier1A.auth)).body;
    expect(history.filter((e: { action: string }) => e.action === 'auto_resumed')).toEqual([
      expect.objectContaining({ actor: null }),
    ]);
    expect(
      sink
        .to(tier1A2.email)
        .filter((m) => m.subject.includes('Waktu tunggu') && m.subject.includes(t.number)),
    ).toHaveLength(1);
  });

  it('should not resume a ticket that someone resumed or re-pended meanwhile', async () => {
    const { tier1A } = org.users;
    const t = await pendedTicket(2000);
    await act(api, tier1A, t.id, 'resume');
    await act(api, tier1A, t.id, 'pend', { reason: 'Menunggu pengguna kembali' });
    await new Promise((r) => setTimeout(r, 4000));
    const v = (await api.http.get(`/api/v1/tickets/${t.id}`).set(tier1A.auth)).body;
    expect(v.status).toBe('pending');
    expect(await events(t.id, 'auto_resumed')).toBe(0);
  });

  it('should still resume exactly once after Redis lost every job', async () => {
    const { tier1A } = org.users;
    const t = await pendedTicket(3000);
    const redis = new IORedis(redisServer.url);
    try {
      const delayed = `${api.config.QUEUE_PREFIX}:ticket-timers:delayed`;
      await waitFor(async () => (await redis.zcard(delayed)) >= 1, 10_000, 'the timer job');
      expect(await redis.flushall()).toBe('OK');
    } finally {
      redis.disconnect();
    }
    await waitFor(
      async () =>
        (await api.http.get(`/api/v1/tickets/${t.id}`).set(tier1A.auth)).body.status === 'in_progress',
      20_000,
      'the resume after FLUSHALL',
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(await events(t.id, 'auto_resumed')).toBe(1);
  });
});
