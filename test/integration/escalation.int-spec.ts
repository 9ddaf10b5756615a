import { TicketService } from '@desk/tickets';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi, testConfig } from '../support/harness';
import { DEMO_PASSWORD } from '../../apps/api/src/startup/demo-data';
import { countOf } from '../support/db';

const REASON = 'Perangkat jaringan inti di luar kewenangan Tier 1';

describe('Escalation to Tier 2 and return to Tier 1 (docs/domain.md, "Ticket lifecycle")', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  const post = (as: TestUser, id: string, action: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/tickets/${id}/${action}`).set(as.auth).send(body);
  const get = (as: TestUser, id: string, suffix = '') =>
    api.http.get(`/api/v1/tickets/${id}${suffix}`).set(as.auth);
  const outbox = (id: string, type: string) =>
    api.dataSource.query(
      `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = $2 ORDER BY id`,
      [id, type],
    );
  const escalationRows = (id: string) =>
    api.dataSource.query(
      `SELECT team_id AS "teamId", reason, automatic, escalated_by_id AS "escalatedById", escalated_at AS "escalatedAt",
              returned_at AS "returnedAt", returned_by_id AS "returnedById", return_notes AS "returnNotes"
         FROM ticket_escalation WHERE ticket_id = $1 ORDER BY escalated_at`,
      [id],
    );

  /** A PD A ticket claimed by tier1A and escalated to the network team. */
  async function escalatedTicket(overrides: Record<string, unknown> = {}) {
    const t = await fileTicket(api, org.users.requesterA, overrides);
    await act(api, org.users.tier1A, t.id, 'claim');
    await act(api, org.users.tier1A, t.id, 'escalate', { teamId: org.teams.network, reason: REASON });
    return t.id as string;
  }

  it('should move the ticket to the chosen team’s queue and record who, why and when', async () => {
    const t = await fileTicket(api, org.users.requesterA);
    await act(api, org.users.tier1A, t.id, 'claim');
    const res = await post(org.users.tier1A, t.id, 'escalate', { teamId: org.teams.apps, reason: REASON });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tier: 2, status: 'new', assignee: null, team: { id: org.teams.apps } });
    expect(res.body.escalatedAt).not.toBeNull();

    const [row] = await escalationRows(t.id);
    expect(row).toMatchObject({
      teamId: org.teams.apps,
      reason: REASON,
      automatic: false,
      escalatedById: org.users.tier1A.id,
      returnedAt: null,
    });
    const history = (await get(org.users.tier1A, t.id, '/history')).body;
    const escalated = history.find((e: { action: string }) => e.action === 'escalated');
    expect(escalated).toMatchObject({
      note: REASON,
      actor: { id: org.users.tier1A.id },
      changes: {
        tier: { from: 1, to: 2 },
        teamId: { from: null, to: org.teams.apps },
        status: { to: 'new' },
      },
    });
    const [event] = await outbox(t.id, 'ticket.escalated');
    expect(event.payload).toMatchObject({
      number: t.number,
      teamId: org.teams.apps,
      automatic: false,
      reason: REASON,
      escalationId: expect.any(String),
    });
    const records = (await get(org.users.tier1A, t.id, '/escalations')).body;
    expect(records).toEqual([
      expect.objectContaining({
        team: { id: org.teams.apps, name: 'APPS' },
        automatic: false,
        returnedAt: null,
      }),
    ]);
  });

  it('should route by the category when no team is given', async () => {
    const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
    const res = await post(org.users.tier1A, t.id, 'escalate', { reason: REASON });
    expect(res.status).toBe(200);
    expect(res.body.team.id).toBe(org.teams.network);
  });

  it.each([
    [{ reason: 'terlalu' }, 'reason'],
    [{ reason: '  pendek   ' }, 'reason'],
    [{}, 'reason'],
    [{ reason: 42 }, 'reason'],
    [{ reason: REASON, teamId: 'bukan-uuid' }, 'teamId'],
    [{ reason: REASON, teamId: '00000000-0000-4000-8000-000000000000' }, 'teamId'],
    [{ reason: REASON }, 'teamId'], // no category, no team
  ])('should answer 400 naming the bad field for %j', async (body, field) => {
    const t = await fileTicket(api, org.users.requesterA);
    const res = await post(org.users.tier1A, t.id, 'escalate', body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await get(org.users.tier1A, t.id)).body.tier).toBe(1);
  });

  it('should let only Tier 1 of the PD and supervisors escalate', async () => {
    const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
    const body = { reason: REASON };
    expect((await post(org.users.requesterA, t.id, 'escalate', body)).status).toBe(403);
    expect((await post(org.users.unitHeadA, t.id, 'escalate', body)).status).toBe(403);
    expect((await post(org.users.tier1B, t.id, 'escalate', body)).status).toBe(404);
    expect((await post(org.users.tier2, t.id, 'escalate', body)).status).toBe(404);
    expect((await post(org.users.admin, t.id, 'escalate', body)).status).toBe(404);
    const bySupervisor = await post(org.users.supervisor, t.id, 'escalate', body);
    expect(bySupervisor.status).toBe(200);
    const again = await post(org.users.supervisor, t.id, 'escalate', body);
    expect(again.status).toBe(409);
    expect(again.body.currentStatus).toBe('new');
    expect(await escalationRows(t.id)).toHaveLength(1);
  });

  it.each(['resolved', 'closed', 'cancelled'])('should answer 409 for a %s ticket', async (status) => {
    const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
    if (status === 'cancelled')
      await act(api, org.users.requesterA, t.id, 'cancel', { reason: 'Salah lapor' });
    else {
      await act(api, org.users.tier1A, t.id, 'claim');
      await act(api, org.users.tier1A, t.id, 'resolve', { resolution: 'Sudah beres' });
      if (status === 'closed') await act(api, org.users.requesterA, t.id, 'close');
    }
    const res = await post(org.users.tier1A, t.id, 'escalate', { reason: REASON });
    expect(res.status).toBe(409);
    expect(res.body.currentStatus).toBe(status);
  });

  it('should end a pending wait when a pending ticket is escalated', async () => {
    const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
    await act(api, org.users.tier1A, t.id, 'claim');
    await act(api, org.users.tier1A, t.id, 'start');
    await act(api, org.users.tier1A, t.id, 'pend', { reason: 'Menunggu vendor' });
    const res = await post(org.users.tier1A, t.id, 'escalate', { reason: REASON });
    expect(res.body).toMatchObject({ status: 'new', pendingReason: null, tier: 2 });
  });

  it('should show the escalated ticket to Tier 2 and keep it hidden from other PDs', async () => {
    const t = await fileTicket(api, org.users.requesterA);
    expect((await get(org.users.tier2, t.id)).status).toBe(404);
    await act(api, org.users.tier1A, t.id, 'escalate', { teamId: org.teams.network, reason: REASON });
    for (const who of ['tier2', 'tier2Apps', 'supervisor', 'tier1A', 'unitHeadA', 'requesterA'] as const)
      expect((await get(org.users[who], t.id)).status).toBe(200);
    for (const who of ['tier1B', 'unitHeadB', 'requesterB', 'requesterA2', 'admin'] as const)
      expect((await get(org.users[who], t.id)).status).toBe(404);
    const list = await api.http.get('/api/v1/tickets?tier=2&status=open').set(org.users.tier2.auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(t.id);
    const otherPd = await api.http.get('/api/v1/tickets?tier=2').set(org.users.tier1B.auth);
    expect(otherPd.body.items.map((i: { id: string }) => i.id)).not.toContain(t.id);
  });

  describe('return', () => {
    it('should go back to the previous Tier 1 agent, assigned, with the notes recorded', async () => {
      const id = await escalatedTicket();
      await act(api, org.users.tier2, id, 'claim');
      const res = await post(org.users.tier2, id, 'return', {
        notes: 'Port switch diganti, mohon cek di lokasi',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        tier: 1,
        team: null,
        status: 'assigned',
        assignee: { id: org.users.tier1A.id },
      });
      // Shared with the Dinas once: the escalation stays visible to Tier 2 after the return.
      expect(res.body.escalatedAt).not.toBeNull();
      expect((await get(org.users.tier2, id)).status).toBe(200);
      expect((await get(org.users.tier1B, id)).status).toBe(404);

      const [row] = await escalationRows(id);
      expect(row).toMatchObject({
        returnedById: org.users.tier2.id,
        returnNotes: 'Port switch diganti, mohon cek di lokasi',
      });
      expect(row.returnedAt).not.toBeNull();
      const history = (await get(org.users.tier1A, id, '/history')).body;
      expect(history.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['created', 'claim', 'escalated', 'returned']),
      );
      expect(history.find((e: { action: string }) => e.action === 'returned')).toMatchObject({
        note: 'Port switch diganti, mohon cek di lokasi',
        actor: { id: org.users.tier2.id },
        changes: { teamId: { from: org.teams.network, to: null }, tier: { from: 2, to: 1 } },
      });
      const [event] = await outbox(id, 'ticket.returned');
      expect(event.payload).toMatchObject({ teamId: org.teams.network, notes: expect.any(String) });
      // Once back at Tier 1 the Tier 2 engineer no longer works it.
      expect((await post(org.users.tier2, id, 'start', {})).status).toBe(403);
      expect((await post(org.users.tier1A, id, 'start', {})).status).toBe(200);
    });

    it('should land on new when no Tier 1 agent had the ticket, and allow a second escalation', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      await act(api, org.users.tier1A, t.id, 'escalate', { teamId: org.teams.network, reason: REASON });
      const first = (await get(org.users.tier1A, t.id)).body.sla.tier2Response;
      const back = await act(api, org.users.supervisor, t.id, 'return', { notes: 'Bukan ranah jaringan' });
      expect(back).toMatchObject({ tier: 1, status: 'new', assignee: null });
      // Returned before pick-up: the Tier 2 clock stopped, unmet and not breached, on the ticket and in the list.
      const stopped = (await get(org.users.tier1A, t.id)).body.sla.tier2Response;
      expect(stopped).toMatchObject({ startedAt: first.startedAt, metAt: null, breachedAt: null });
      expect(stopped.stoppedAt).toEqual(expect.any(String));
      expect(Date.parse(stopped.stoppedAt)).toBeGreaterThanOrEqual(Date.parse(first.startedAt));
      const list = await api.http.get('/api/v1/tickets?tier=1&status=open').set(org.users.tier1A.auth);
      const row = list.body.items.find((i: { id: string }) => i.id === t.id);
      expect(row.sla.tier2Response).toEqual(stopped);
      const again = await act(api, org.users.tier1A, t.id, 'escalate', {
        teamId: org.teams.apps,
        reason: REASON,
      });
      expect(again.team.id).toBe(org.teams.apps);
      // A new pick-up clock from the second escalation (escalatedAt keeps the first one).
      expect(again.escalatedAt).toBe(back.escalatedAt);
      expect(again.sla.tier2Response).toMatchObject({ stoppedAt: null, metAt: null, breachedAt: null });
      expect(Date.parse(again.sla.tier2Response.startedAt)).toBeGreaterThan(Date.parse(first.startedAt));
      expect(Date.parse(again.sla.tier2Response.startedAt)).toBeGreaterThan(Date.parse(again.escalatedAt));
      const rows = await escalationRows(t.id);
      expect(rows.map((r: { teamId: string }) => r.teamId)).toEqual([org.teams.network, org.teams.apps]);
      expect(rows[0].returnedAt).not.toBeNull();
      expect(rows[1].returnedAt).toBeNull();
    });

    it.each([
      ['new', [] as string[], 200],
      ['assigned', ['claim'], 200],
      ['in_progress', ['claim', 'start'], 200],
      ['pending', ['claim', 'start', 'pend'], 200],
      ['resolved', ['claim', 'start', 'resolve'], 409],
      ['cancelled', ['cancel'], 409],
    ])('from %s at Tier 2', async (from, steps, status) => {
      const id = await escalatedTicket();
      const bodies: Record<string, Record<string, unknown>> = {
        pend: { reason: 'Menunggu vendor' },
        resolve: { resolution: 'Sudah beres' },
        cancel: { reason: 'Salah lapor' },
      };
      for (const step of steps) await act(api, org.users.tier2, id, step, bodies[step] ?? {});
      const res = await post(org.users.tier2, id, 'return', { notes: 'Kembali ke Tier 1' });
      expect(res.status).toBe(status);
      if (status === 409) expect(res.body.currentStatus).toBe(from);
      else expect(res.body.tier).toBe(1);
    });

    it('should let only the team and supervisors return, with notes', async () => {
      const id = await escalatedTicket();
      const body = { notes: 'Kembali ke Tier 1' };
      expect((await post(org.users.tier2Apps, id, 'return', body)).status).toBe(403);
      expect((await post(org.users.tier1A, id, 'return', body)).status).toBe(403);
      expect((await post(org.users.requesterA, id, 'return', body)).status).toBe(403);
      expect((await post(org.users.tier1B, id, 'return', body)).status).toBe(404);
      const noNotes = await post(org.users.tier2, id, 'return', {});
      expect(noNotes.status).toBe(400);
      expect(noNotes.body.errors.map((e: { field: string }) => e.field)).toContain('notes');
      const tier1Ticket = await fileTicket(api, org.users.requesterA);
      const notEscalated = await post(org.users.tier1A, tier1Ticket.id, 'return', body);
      expect(notEscalated.status).toBe(409);
      expect(notEscalated.body.currentStatus).toBe('new');
    });
  });

  describe('automatic escalation (the SLA engine’s path)', () => {
    it('should escalate once inside the caller’s transaction: the second call answers false', async () => {
      const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
      const tickets = api.app.get(TicketService);
      const reason = 'SLA respons P2 terlampaui (otomatis)';
      const first = await api.dataSource.transaction((em) =>
        tickets.escalateInTransaction(em, t.id, { reason, automatic: true }),
      );
      const second = await api.dataSource.transaction((em) =>
        tickets.escalateInTransaction(em, t.id, { reason, automatic: true }),
      );
      expect([first, second]).toEqual([true, false]);
      expect(await tickets.escalate(null, t.id, { reason })).toBe(false);

      const rows = await escalationRows(t.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        automatic: true,
        escalatedById: null,
        teamId: org.teams.network,
        reason,
      });
      const history = (await get(org.users.tier1A, t.id, '/history')).body;
      const escalated = history.filter((e: { action: string }) => e.action === 'escalated');
      expect(escalated).toEqual([expect.objectContaining({ actor: null, note: reason })]);
      const events = await outbox(t.id, 'ticket.escalated');
      expect(events.map((e: { payload: Record<string, unknown> }) => e.payload.automatic)).toEqual([true]);
      expect((await get(org.users.tier2, t.id)).body).toMatchObject({ tier: 2, status: 'new' });
    });

    it('should answer false without escalating when there is no route or the ticket is closed', async () => {
      const tickets = api.app.get(TicketService);
      const noRoute = await fileTicket(api, org.users.requesterA);
      expect(await tickets.escalate(null, noRoute.id, { reason: 'SLA terlampaui' })).toBe(false);
      const cancelled = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
      await act(api, org.users.requesterA, cancelled.id, 'cancel', { reason: 'Salah lapor' });
      expect(await tickets.escalate(null, cancelled.id, { reason: 'SLA terlampaui' })).toBe(false);
      expect(await tickets.escalate(null, '00000000-0000-4000-8000-000000000000', { reason: 'x' })).toBe(
        false,
      );
      expect(await escalationRows(noRoute.id)).toHaveLength(0);
      expect((await get(org.users.tier1A, noRoute.id)).body.tier).toBe(1);
    });

    it('should escalate once when many automatic escalations race', async () => {
      const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
      const tickets = api.app.get(TicketService);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => tickets.escalate(null, t.id, { reason: 'SLA terlampaui' })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await escalationRows(t.id)).toHaveLength(1);
    });
  });
});

describe('Escalation in the demo data (npm start)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ DEMO_SEED: 'true' }));
  });
  afterAll(() => api.close());

  const login = async (email: string) => {
    const res = await api.http.post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };

  it('should seed escalated tickets: manual, automatic, claimed by Tier 2 and returned', async () => {
    const rows = await api.dataSource.query(
      `SELECT e.automatic, e.escalated_by_id IS NULL AS "bySystem", e.returned_at IS NOT NULL AS returned,
              t.tier, t.status, tm.code AS team
         FROM ticket_escalation e JOIN ticket t ON t.id = e.ticket_id JOIN team tm ON tm.id = e.team_id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ automatic: true, bySystem: true, tier: 2 }),
        expect.objectContaining({ automatic: false, team: 'DATACENTER', tier: 2, status: 'in_progress' }),
        expect.objectContaining({ automatic: false, team: 'APPS', tier: 2, status: 'new' }),
        expect.objectContaining({ returned: true, tier: 1, status: 'assigned' }),
      ]),
    );
  });

  it('should give the seeded tickets due times inside working hours, and first responses by a public reply', async () => {
    const clocks = await api.dataSource.query(
      `SELECT k.clock, to_char(k.due_at AT TIME ZONE r.timezone, 'ID HH24:MI') AS local
         FROM ticket_sla_clock k CROSS JOIN region r WHERE k.calendar = 'business'`,
    );
    expect(clocks.length).toBeGreaterThan(10);
    for (const c of clocks) {
      const [weekday, time] = c.local.split(' ');
      expect({
        clock: c.clock,
        local: c.local,
        working: Number(weekday) <= 5 && time >= '07:30' && time <= '16:30',
      }).toEqual({ clock: c.clock, local: c.local, working: true });
    }
    // Every ticket Tier 1 took has its first response from a reply the requester can see.
    const n = await countOf(
      api.dataSource,
      `SELECT count(*)::int AS n FROM ticket t WHERE t.first_response_at IS NOT NULL AND t.status <> 'resolved'
          AND t.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM ticket_comment c
            WHERE c.ticket_id = t.id AND NOT c.internal AND c.author_id <> t.requester_id)`,
    );
    expect(n).toBe(0);
  });

  it('should let the demo Tier 1 desk escalate a ticket to a Dinas team and Tier 2 see it in its queue', async () => {
    const tier1 = await login('tier1@demo.go.id');
    const list = await api.http.get('/api/v1/tickets?tier=1&status=assigned').set(tier1);
    const ticket = list.body.items.find((t: { category: unknown }) => t.category);
    expect(ticket).toBeDefined();
    const res = await api.http
      .post(`/api/v1/tickets/${ticket.id}/escalate`)
      .set(tier1)
      .send({ reason: 'Perlu penanganan tim Dinas untuk perangkat ini' });
    expect(res.status).toBe(200);
    expect(res.body.tier).toBe(2);
    const tier2 = await login('tier2@demo.go.id');
    const queues = (await api.http.get('/api/v1/queues').set(tier2)).body.items;
    const team = queues.find((q: { id: string }) => q.id === res.body.team.id);
    expect(team?.counts.new).toBeGreaterThanOrEqual(1);
    expect((await api.http.get(`/api/v1/tickets/${ticket.id}`).set(tier2)).status).toBe(200);
  });
});
