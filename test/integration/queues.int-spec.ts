import IORedis from 'ioredis';
import { INestApplicationContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, waitFor } from '../support/harness';
import { IdRow, sqlExecute, sqlRows } from '../support/db';

const REASON = 'Butuh penanganan tim Dinas, di luar kewenangan Tier 1';
const HOUR = 3600_000;

interface QueueItem {
  kind: 'team' | 'desk';
  id: string;
  canClaim: boolean;
  counts: { new: number; open: number; dueSoon: number; breached: number; unassigned: number };
}

describe('Work queues: GET /queues, POST /queues/{teamId}/next and escalation routing', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  const queues = async (as: TestUser) => {
    const res = await api.http.get('/api/v1/queues').set(as.auth);
    expect(res.status).toBe(200);
    return res.body.items as QueueItem[];
  };
  const next = (as: TestUser, teamId: string) =>
    api.http.post(`/api/v1/queues/${teamId}/next`).set(as.auth).send({});
  const setDue = (id: string, at: Date | 'infinity') =>
    sqlExecute(api.dataSource, `UPDATE ticket SET queue_due_at = $2 WHERE id = $1`, [id, at]);

  /** A fresh team with `n` Tier 2 engineers, so each test owns its queue. */
  async function teamWith(n: number) {
    const jwt = api.app.get(JwtService);
    const code = `T${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
    const [team] = await sqlRows<IdRow>(
      api.dataSource,
      `INSERT INTO team (code, name) VALUES ($1, $2) RETURNING id`,
      [code, `Tim ${code}`],
    );
    const members: TestUser[] = [];
    for (let i = 0; i < n; i++) {
      const email = `eng${i}-${code.toLowerCase()}@test.go.id`;
      const [user] = await sqlRows<IdRow>(
        api.dataSource,
        `INSERT INTO app_user (name, email, password_hash, unit_id, roles) VALUES ($1, $2, 'x', $3, '{tier2}') RETURNING id`,
        [`Engineer ${i} ${code}`, email, org.dinasId],
      );
      await sqlExecute(api.dataSource, `INSERT INTO team_member (team_id, user_id) VALUES ($1, $2)`, [
        team.id,
        user.id,
      ]);
      const token = jwt.sign({ sub: user.id, sv: 0 }, { expiresIn: '12h' });
      members.push({
        id: user.id,
        email,
        unitId: org.dinasId,
        token,
        auth: { Authorization: `Bearer ${token}` },
      });
    }
    return { id: team.id as string, members };
  }

  async function escalateTo(teamId: string, overrides: Record<string, unknown> = {}) {
    const t = await fileTicket(api, org.users.requesterA, overrides);
    await act(api, org.users.tier1A, t.id, 'escalate', { teamId, reason: REASON });
    return t.id as string;
  }

  describe('GET /queues', () => {
    it('should count each queue the caller works, per role', async () => {
      const now = Date.now();
      // PD B's desk: new and breached, due soon and assigned, pending (no running clock), one escalated away.
      const { requesterB, tier1B } = org.users;
      const b1 = await fileTicket(api, requesterB);
      const b2 = await fileTicket(api, requesterB);
      const b3 = await fileTicket(api, requesterB);
      const b4 = await fileTicket(api, requesterB);
      const b5 = await fileTicket(api, requesterB);
      await act(api, tier1B, b2.id, 'claim');
      await act(api, tier1B, b3.id, 'claim');
      await act(api, tier1B, b3.id, 'start');
      await act(api, tier1B, b3.id, 'pend', { reason: 'Menunggu pemohon' });
      await act(api, tier1B, b4.id, 'escalate', { teamId: org.teams.apps, reason: REASON });
      await act(api, requesterB, b5.id, 'cancel', { reason: 'Salah lapor' });
      await setDue(b1.id, new Date(now - HOUR));
      await setDue(b2.id, new Date(now + 20 * 60_000));

      const deskB = (await queues(tier1B)).filter((q) => q.kind === 'desk');
      expect(deskB).toEqual([
        expect.objectContaining({
          id: org.pdB.deskId,
          canClaim: true,
          counts: { new: 1, open: 3, dueSoon: 1, breached: 1, unassigned: 1 },
        }),
      ]);
      expect((await queues(tier1B)).filter((q) => q.kind === 'team')).toEqual([]);
      // The list's "breached only" filter agrees with the count: the same ticket, overdue by its queue clock.
      const overdue = await api.http.get('/api/v1/tickets?breached=true').set(tier1B.auth);
      expect(overdue.status).toBe(200);
      expect(overdue.body.items.map((t: { id: string }) => t.id)).toEqual([b1.id]);
      const onTime = await api.http.get('/api/v1/tickets?breached=false&status=open').set(tier1B.auth);
      expect(onTime.body.items.map((t: { id: string }) => t.id)).not.toContain(b1.id);

      const apps = await queues(org.users.tier2Apps);
      expect(apps.map((q) => [q.kind, q.id])).toEqual([['team', org.teams.apps]]);
      expect(apps[0].canClaim).toBe(true);
      expect(apps[0].counts).toMatchObject({ new: 1, open: 1, unassigned: 1 });

      const network = await queues(org.users.tier2);
      expect(network.map((q) => q.id)).toEqual([org.teams.network]);

      const all = await queues(org.users.supervisor);
      const ids = all.map((q) => q.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          org.pdA.deskId,
          org.pdB.deskId,
          org.teams.network,
          org.teams.apps,
          org.teams.csirt,
        ]),
      );
      expect(all.every((q) => !q.canClaim)).toBe(true);
      expect(all.find((q) => q.id === org.pdB.deskId)!.counts).toEqual(deskB[0].counts);
      expect(all.find((q) => q.id === org.teams.apps)!.counts).toEqual(apps[0].counts);
      expect((await queues(org.users.csirt)).map((q) => q.id)).toEqual([org.teams.csirt]);
    });

    it('should move a ticket from the desk count to the team count on escalation and back on return', async () => {
      const team = await teamWith(1);
      const deskBefore = (await queues(org.users.tier1A)).find((q) => q.kind === 'desk')!.counts.open;
      const id = await escalateTo(team.id);
      expect((await queues(org.users.tier1A)).find((q) => q.kind === 'desk')!.counts.open).toBe(deskBefore);
      expect((await queues(team.members[0]))[0].counts).toMatchObject({ new: 1, open: 1 });
      await act(api, team.members[0], id, 'return', { notes: 'Bukan ranah tim kami' });
      expect((await queues(team.members[0]))[0].counts).toMatchObject({ new: 0, open: 0 });
      expect((await queues(org.users.tier1A)).find((q) => q.kind === 'desk')!.counts.open).toBe(
        deskBefore + 1,
      );
    });

    it.each(['requesterA', 'unitHeadA', 'admin'] as const)('should answer 403 to %s', async (who) => {
      const res = await api.http.get('/api/v1/queues').set(org.users[who].auth);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('should answer 401 without a token', async () => {
      expect((await api.http.get('/api/v1/queues')).status).toBe(401);
      expect((await api.http.post(`/api/v1/queues/${org.teams.network}/next`)).status).toBe(401);
      expect((await api.http.post('/api/v1/queues/desk/next')).status).toBe(401);
    });
  });

  describe('POST /queues/{teamId}/next', () => {
    it('should claim the most urgent unassigned ticket first, then 204 once the queue is empty', async () => {
      const team = await teamWith(1);
      const [me] = team.members;
      const later = await escalateTo(team.id);
      const sooner = await escalateTo(team.id);
      const pending = await escalateTo(team.id);
      await setDue(later, new Date(Date.now() + 5 * HOUR));
      await setDue(sooner, new Date(Date.now() - HOUR));
      // Pending waits for someone else: never handed out.
      await sqlExecute(
        api.dataSource,
        `UPDATE ticket SET status = 'pending', queue_due_at = '-infinity' WHERE id = $1`,
        [pending],
      );

      const first = await next(me, team.id);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: sooner, status: 'assigned', assignee: { id: me.id }, tier: 2 });
      expect((await next(me, team.id)).body.id).toBe(later);
      const empty = await next(me, team.id);
      expect(empty.status).toBe(204);
      expect(empty.text).toBe('');

      const history = (await api.http.get(`/api/v1/tickets/${sooner}/history`).set(me.auth)).body;
      expect(history.at(-1)).toMatchObject({ action: 'claim', actor: { id: me.id } });
      const [event] = await api.dataSource.query(
        `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'ticket.assigned'`,
        [sooner],
      );
      expect(event.payload).toMatchObject({ status: 'assigned', actorId: me.id });
    });

    it('should answer 404 for an unknown team and 403 for a team the caller is not in', async () => {
      const team = await teamWith(1);
      await escalateTo(team.id);
      expect((await next(org.users.tier2, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await next(org.users.tier2, 'not-a-team')).status).toBe(404);
      for (const who of [
        'tier2',
        'tier2Apps',
        'csirt',
        'supervisor',
        'tier1A',
        'requesterA',
        'admin',
      ] as const) {
        const res = await next(org.users[who], team.id);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect((await queues(team.members[0]))[0].counts.unassigned).toBe(1);
    });

    it('should hand 10 tickets to 20 concurrent claims by 4 engineers: each ticket once, 10 empty', async () => {
      const team = await teamWith(4);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await escalateTo(team.id));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => next(team.members[i % 4], team.id)),
      );
      const claimed = results.filter((r) => r.status === 200);
      expect(claimed).toHaveLength(10);
      expect(results.filter((r) => r.status === 204)).toHaveLength(10);
      const claimedIds = claimed.map((r) => r.body.id as string);
      expect(new Set(claimedIds).size).toBe(10);
      expect([...claimedIds].sort()).toEqual([...ids].sort());
      // The database agrees: one assignee each, one claim event each, the claimer is the assignee.
      const rows = await api.dataSource.query(
        `SELECT t.id, t.assignee_id AS "assigneeId",
                (SELECT count(*)::int FROM ticket_event e WHERE e.ticket_id = t.id AND e.action = 'claim') AS claims
           FROM ticket t WHERE t.id = ANY($1)`,
        [ids],
      );
      expect(rows.every((r: { claims: number }) => r.claims === 1)).toBe(true);
      for (const r of claimed) {
        const row = rows.find((x: { id: string }) => x.id === r.body.id);
        expect(row.assigneeId).toBe(r.body.assignee.id);
      }
    });

    it('should let Tier 1 claim the next ticket of their own desk', async () => {
      const t = await fileTicket(api, org.users.requesterB);
      await setDue(t.id, new Date(Date.now() - 10 * HOUR)); // the most urgent of PD B's desk
      const res = await api.http.post('/api/v1/queues/desk/next').set(org.users.tier1B.auth).send({});
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: t.id, assignee: { id: org.users.tier1B.id }, status: 'assigned' });
      for (const who of ['tier2', 'supervisor', 'requesterB', 'unitHeadB'] as const)
        expect(
          (await api.http.post('/api/v1/queues/desk/next').set(org.users[who].auth).send({})).status,
        ).toBe(403);
    });
  });

  describe('GET /teams/{id}/members', () => {
    it('should list a team’s members for admins, supervisors and Tier 2, 403 for others, 404 unknown', async () => {
      const res = await api.http.get(`/api/v1/teams/${org.teams.network}/members`).set(org.users.admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.map((u: { id: string }) => u.id)).toEqual([org.users.tier2.id]);
      expect(res.body[0]).not.toHaveProperty('passwordHash');
      for (const who of ['supervisor', 'tier2Apps'] as const)
        expect(
          (await api.http.get(`/api/v1/teams/${org.teams.network}/members`).set(org.users[who].auth)).status,
        ).toBe(200);
      for (const who of ['tier1A', 'requesterA', 'unitHeadA'] as const)
        expect(
          (await api.http.get(`/api/v1/teams/${org.teams.network}/members`).set(org.users[who].auth)).status,
        ).toBe(403);
      const unknown = await api.http
        .get('/api/v1/teams/00000000-0000-4000-8000-000000000000/members')
        .set(org.users.admin.auth);
      expect(unknown.status).toBe(404);
    });
  });

  describe('escalation routing in the escalation transaction', () => {
    it('should route at the upgrade the escalations the retired job left, telling each team once', async () => {
      // As the old routing left them: routed_at not yet stamped. One ticket.escalated event was
      // relayed already (the team's mail waited on the job), the other is still in the outbox.
      const relayed = await escalateTo(org.teams.network);
      const waiting = await escalateTo(org.teams.network);
      await sqlExecute(
        api.dataSource,
        `UPDATE ticket_escalation SET routed_at = NULL WHERE ticket_id = ANY($1)`,
        [[relayed, waiting]],
      );
      await sqlExecute(
        api.dataSource,
        `UPDATE outbox_event SET published_at = CASE WHEN aggregate_id = $1 THEN now() END
          WHERE aggregate_id = ANY($2) AND type = 'ticket.escalated'`,
        [relayed, [relayed, waiting]],
      );
      const migration = api.dataSource.migrations.find(
        (m) => m.name === 'RouteEscalationsOnInsert1796900000000',
      )!;
      const runner = api.dataSource.createQueryRunner();
      try {
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      const rows = await api.dataSource.query(
        `SELECT ticket_id AS "ticketId", routed_at IS NOT NULL AS routed FROM ticket_escalation WHERE ticket_id = ANY($1)`,
        [[relayed, waiting]],
      );
      expect(rows).toHaveLength(2);
      expect(rows.every((r: { routed: boolean }) => r.routed)).toBe(true);
      const routedEvents = await api.dataSource.query(
        `SELECT aggregate_id AS "ticketId", payload FROM outbox_event WHERE type = 'escalation.routed' AND aggregate_id = ANY($1)`,
        [[relayed, waiting]],
      );
      expect(routedEvents).toEqual([
        {
          ticketId: relayed,
          payload: expect.objectContaining({ teamId: org.teams.network, automatic: false, reason: REASON }),
        },
      ]);
    });

    it('should record the routing with the escalation and tell the team once, with no routing job', async () => {
      const id = await escalateTo(org.teams.network);
      // No worker has run: the routing is part of the escalation's own commit.
      const [escalation] = await api.dataSource.query(
        `SELECT id, routed_at, escalated_at FROM ticket_escalation WHERE ticket_id = $1`,
        [id],
      );
      expect(escalation.routed_at).not.toBeNull();
      expect(escalation.routed_at).toEqual(escalation.escalated_at);
      const history = await api.http.get(`/api/v1/tickets/${id}/escalations`).set(org.users.tier1A.auth);
      expect(history.status).toBe(200);
      expect(history.body[0].routedAt).toBe(new Date(escalation.routed_at).toISOString());
      const events = await api.dataSource.query(
        `SELECT type, payload FROM outbox_event WHERE aggregate_id = $1 AND type IN ('ticket.escalated', 'escalation.routed')`,
        [id],
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'ticket.escalated',
        payload: { escalationId: escalation.id, teamId: org.teams.network, automatic: false, reason: REASON },
      });

      // The worker turns that one event into the team's mail: once per member, and no job on a
      // routing queue in between (the escalations queue is gone).
      const worker: INestApplicationContext = await startWorker(api.config);
      try {
        const teamMail = () =>
          api.dataSource.query(
            `SELECT recipient_user_id AS "userId" FROM mail_message WHERE aggregate_id = $1 AND kind = 'ticket.escalated'`,
            [id],
          );
        await waitFor(async () => (await teamMail()).length > 0, 10_000, 'the team mail');
        await new Promise((r) => setTimeout(r, 500));
        expect((await teamMail()).map((m: { userId: string }) => m.userId)).toEqual([org.users.tier2.id]);
        const redis = new IORedis(api.config.REDIS_URL);
        try {
          expect(await redis.keys(`${api.config.QUEUE_PREFIX}:escalations:*`)).toEqual([]);
        } finally {
          redis.disconnect();
        }
      } finally {
        await worker.close();
      }
    });
  });
});
