import { JwtService } from '@nestjs/jwt';
import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket, validTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi, testConfig } from '../support/harness';
import { countOf, sqlExecute } from '../support/db';

/** Opens `/events/stream`; resolves with the status once the first bytes arrived. */
function openStream(api: TestApi, auth: Record<string, string>) {
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  return new Promise<IncomingMessage>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/api/v1/events/stream', headers: auth }, (res) => {
      res.on('error', () => undefined);
      res.once('data', () => resolve(res));
      res.resume();
    }).on('error', reject);
  });
}

describe('Abuse limits: live streams, report mail, claims, escalations, idempotency', () => {
  let api: TestApi;
  let org: TestOrg;
  const streams: IncomingMessage[] = [];

  beforeAll(async () => {
    api = await startApi(
      await testConfig({ STREAMS_PER_USER: '10', STREAMS_TOTAL: '25', REPORT_SEND_NOW_INTERVAL_S: '300' }),
    );
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    streams.forEach((s) => s.destroy());
    await api?.close();
  });

  /** `n` more Tier 1 agents of PD A, with tokens. */
  async function tier1Agents(n: number): Promise<TestUser[]> {
    const jwt = api.app.get(JwtService);
    const out: TestUser[] = [];
    for (let i = 0; i < n; i++) {
      const email = `agen${i}-${Math.random().toString(36).slice(2, 8)}@pd-a.go.id`;
      const [user] = await api.dataSource.query(
        `INSERT INTO app_user (name, email, password_hash, unit_id, roles) VALUES ($1, $2, 'x', $3, '{tier1}') RETURNING id`,
        [`Agen ${i}`, email, org.pdA.id],
      );
      const token = jwt.sign({ sub: user.id, sv: 0 }, { expiresIn: '1h' });
      out.push({ id: user.id, email, unitId: org.pdA.id, token, auth: { Authorization: `Bearer ${token}` } });
    }
    return out;
  }

  describe('live streams', () => {
    it('should refuse an 11th stream of one user with 429 and Retry-After, and allow one again after a close', async () => {
      const user = org.users.tier1A;
      const mine: IncomingMessage[] = [];
      for (let i = 0; i < 10; i++) mine.push(await openStream(api, user.auth));
      streams.push(...mine);
      expect(mine.map((s) => s.statusCode)).toEqual(Array(10).fill(200));
      const extra = await openStream(api, user.auth);
      expect(extra.statusCode).toBe(429);
      expect(Number(extra.headers['retry-after'])).toBeGreaterThan(0);
      // Another user is not affected by this one's streams.
      const other = await openStream(api, org.users.tier1A2.auth);
      streams.push(other);
      expect(other.statusCode).toBe(200);
      mine[0].destroy();
      await new Promise((r) => setTimeout(r, 200));
      const again = await openStream(api, user.auth);
      streams.push(again);
      expect(again.statusCode).toBe(200);
    });

    it('should cap the streams of the whole server, and still answer other requests', async () => {
      const users = [org.users.supervisor, org.users.tier2, org.users.unitHeadA];
      const statuses: number[] = [];
      for (const u of users)
        for (let i = 0; i < 5; i++) {
          const s = await openStream(api, u.auth);
          streams.push(s);
          statuses.push(s.statusCode!);
        }
      // 11 were open already; the cap is 25.
      expect(statuses.filter((s) => s === 200)).toHaveLength(14);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
      expect((await api.http.get('/ready')).status).toBe(200);
      expect((await api.http.get('/api/v1/auth/me').set(org.users.admin.auth)).status).toBe(200);
    });
  });

  describe('report subscriptions', () => {
    const subscribe = (as: TestUser, recipients: unknown[]) =>
      api.http.post('/api/v1/report-subscriptions').set(as.auth).send({
        name: 'Laporan harian',
        scope: {},
        frequency: 'daily',
        sendAt: '07:00',
        recipients,
      });

    it('should refuse outside addresses, naming recipients', async () => {
      const res = await subscribe(org.users.unitHeadA, [
        { email: 'sekretaris@pd-a.go.id' },
        { email: 'korban@gmail.com' },
        { email: 'x@go.id.evil.example' },
      ]);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'recipients.1.email',
        'recipients.2.email',
      ]);
      const n = await countOf(api.dataSource, `SELECT count(*)::int AS n FROM report_subscription`);
      expect(n).toBe(0);
    });

    it('should accept a desk user by address even outside the allowed domains', async () => {
      await sqlExecute(api.dataSource, `UPDATE app_user SET email = $2 WHERE id = $1`, [
        org.users.tier1A2.id,
        'teknisi.a2@gmail.com',
      ]);
      const res = await subscribe(org.users.unitHeadA, [{ email: 'Teknisi.A2@gmail.com' }]);
      expect(res.status).toBe(201);
    });

    it('should rate-limit send-now per subscription with 429 and Retry-After', async () => {
      const { body: sub } = await subscribe(org.users.unitHeadA, [{ email: 'sekretaris@pd-a.go.id' }]);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.http.post(`/api/v1/report-subscriptions/${sub.id}/send-now`).set(org.users.unitHeadA.auth),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([202, ...Array(9).fill(429)].sort());
      const limited = results.find((r) => r.status === 429)!;
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(200);
      const n = await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM report_delivery WHERE subscription_id = $1`,
        [sub.id],
      );
      expect(n).toBe(1);
      // Another subscription is not held back by this one.
      const { body: other } = await subscribe(org.users.unitHeadA, [{ email: 'sekretaris@pd-a.go.id' }]);
      const res = await api.http
        .post(`/api/v1/report-subscriptions/${other.id}/send-now`)
        .set(org.users.unitHeadA.auth);
      expect(res.status).toBe(202);
    });
  });

  describe('claims and escalations', () => {
    it('should answer 409 naming the holder when the ticket is assigned to a colleague', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      await act(api, org.users.tier1A, t.id, 'claim');
      const [colleague] = await tier1Agents(1);
      const res = await api.http.post(`/api/v1/tickets/${t.id}/claim`).set(colleague.auth).send({});
      expect(res.status).toBe(409);
      expect(res.body.holder).toEqual({ id: org.users.tier1A.id, name: 'User tier1A' });
      const after = await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.tier1A.auth);
      expect(after.body.assignee.id).toBe(org.users.tier1A.id);
    });

    it.each([
      ['without version', false],
      ['with version', true],
    ])('should give exactly one winner among 20 parallel claims %s', async (_what, withVersion) => {
      const t = await fileTicket(api, org.users.requesterA);
      const agents = await tier1Agents(20);
      const results = await Promise.all(
        agents.map((a) =>
          api.http
            .post(`/api/v1/tickets/${t.id}/claim`)
            .set(a.auth)
            .send(withVersion ? { version: t.version } : {}),
        ),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(19);
      const after = await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.tier1A.auth);
      expect(after.body.assignee.id).toBe(winners[0].body.assignee.id);
    });

    it('should give the losers of parallel escalations 409, not 403', async () => {
      const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
      const results = await Promise.all(
        [org.users.tier1A, org.users.supervisor, ...(await tier1Agents(4))].map((a) =>
          api.http.post(`/api/v1/tickets/${t.id}/escalate`).set(a.auth).send({ reason: 'Perlu Tier 2' }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    });
  });

  describe('Idempotency-Key', () => {
    it('should refuse a reused key with another body (409), and replay the same body', async () => {
      const key = `kunci-${Date.now()}`;
      const post = (body: object) =>
        api.http
          .post('/api/v1/tickets')
          .set(org.users.requesterA.auth)
          .set('Idempotency-Key', key)
          .send(body);
      const first = await post(validTicket({ title: 'Printer lantai 2 mati' }));
      expect(first.status).toBe(201);
      const replay = await post({ ...validTicket({ title: 'Printer lantai 2 mati' }) });
      expect([200, 201]).toContain(replay.status);
      expect(replay.body.id).toBe(first.body.id);
      const other = await post(validTicket({ title: 'Proyektor aula rusak' }));
      expect(other.status).toBe(409);
      expect(other.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      const n = await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM ticket WHERE title = 'Proyektor aula rusak'`,
      );
      expect(n).toBe(0);
    });
  });
});
