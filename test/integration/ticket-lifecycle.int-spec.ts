import { DEFAULT_HOLIDAYS, DEFAULT_HOURS, WorkingCalendar } from '@desk/sla';
import { TRANSITIONS, TicketStatus } from '@desk/tickets';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';
import { sqlExecute, sqlRows } from '../support/db';

describe('Ticket lifecycle (docs/domain.md, "Ticket lifecycle")', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  /** Puts a fresh ticket of PD A into `status` through the real API. */
  async function ticketIn(status: TicketStatus) {
    const { requesterA, tier1A } = org.users;
    const t = await fileTicket(api, requesterA);
    const path: Record<TicketStatus, [string, Record<string, unknown>, typeof tier1A][]> = {
      new: [],
      assigned: [['claim', {}, tier1A]],
      in_progress: [
        ['claim', {}, tier1A],
        ['start', {}, tier1A],
      ],
      pending: [
        ['claim', {}, tier1A],
        ['start', {}, tier1A],
        ['pend', { reason: 'Menunggu pemohon' }, tier1A],
      ],
      resolved: [
        ['claim', {}, tier1A],
        ['start', {}, tier1A],
        ['resolve', { resolution: 'Kabel diganti' }, tier1A],
      ],
      closed: [
        ['claim', {}, tier1A],
        ['start', {}, tier1A],
        ['resolve', { resolution: 'Kabel diganti' }, tier1A],
        ['close', {}, requesterA],
      ],
      cancelled: [['cancel', { reason: 'Tidak jadi' }, requesterA]],
    };
    for (const [action, body, as] of path[status]) await act(api, as, t.id, action, body);
    return t.id as string;
  }

  const bodies: Record<string, Record<string, unknown>> = {
    assign: {},
    pend: { reason: 'Menunggu suku cadang' },
    resolve: { resolution: 'Sudah diperbaiki' },
    reopen: { reason: 'Masih bermasalah' },
    cancel: { reason: 'Salah lapor' },
    escalate: { reason: 'Perlu penanganan Tier 2 di Dinas' },
  };
  // `return` starts from an escalated ticket: escalation.int-spec.ts covers it from every status.
  const tier1Transitions = Object.entries(TRANSITIONS).filter(([action]) => action !== 'return');

  describe.each(tier1Transitions)('%s', (action, rule) => {
    it.each(Object.values(TicketStatus))(`from %s`, async (from) => {
      const id = await ticketIn(from);
      const actor = ['close', 'reopen'].includes(action) ? org.users.requesterA : org.users.tier1A;
      const body = {
        ...bodies[action],
        ...(action === 'assign' ? { assigneeId: org.users.tier1A2.id } : {}),
        ...(action === 'escalate' ? { teamId: org.teams.network } : {}),
      };
      const res = await api.http.post(`/api/v1/tickets/${id}/${action}`).set(actor.auth).send(body);
      if (rule.from.includes(from)) {
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(rule.to);
      } else {
        expect(res.status).toBe(409);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.currentStatus).toBe(from);
        expect(res.body.detail).toContain(`'${from}'`);
      }
    });
  });

  it('should record the first response at the first public reply by an agent, not at a claim or a note', async () => {
    const t = await fileTicket(api, org.users.requesterA);
    expect(t.sla.response.metAt).toBeNull();
    const claimed = await act(api, org.users.tier1A, t.id, 'claim');
    expect(claimed.assignee.id).toBe(org.users.tier1A.id);
    expect(claimed.firstResponseAt).toBeNull();
    const started = await act(api, org.users.tier1A, t.id, 'start');
    expect(started.sla.response.metAt).toBeNull();
    const comment = (internal: boolean) =>
      api.http
        .post(`/api/v1/tickets/${t.id}/comments`)
        .set(org.users.tier1A.auth)
        .send({ body: internal ? 'Cek kabel dulu' : 'Kami sedang memeriksa jaringan Anda.', internal });
    expect((await comment(true)).status).toBe(201);
    const noted = (await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.tier1A.auth)).body;
    expect(noted.sla.response.metAt).toBeNull();
    expect((await comment(false)).status).toBe(201);
    const replied = (await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.tier1A.auth)).body;
    expect(replied.firstResponseAt).not.toBeNull();
    expect(replied.sla.response.metAt).toBe(replied.firstResponseAt);
  });

  it('should count a resolution as the first response, and not a return to Tier 1', async () => {
    const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
    await act(api, org.users.tier1A, t.id, 'claim');
    await act(api, org.users.tier1A, t.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
    await act(api, org.users.tier2, t.id, 'claim');
    const returned = await act(api, org.users.tier2, t.id, 'return', { notes: 'Masalah ada di PC pengguna' });
    expect(returned.firstResponseAt).toBeNull();
    expect(returned.sla.response.metAt).toBeNull();
    const resolved = await act(api, org.users.tier1A, t.id, 'resolve', { resolution: 'Kabel LAN diganti' });
    expect(resolved.sla.response.metAt).toBe(resolved.firstResponseAt);
    expect(resolved.firstResponseAt).not.toBeNull();
  });

  it('should move due times by the working time spent pending', async () => {
    const id = await ticketIn(TicketStatus.InProgress);
    await act(api, org.users.tier1A, id, 'pend', { reason: 'Menunggu pemohon' });
    // Move the clock's start and the pause two weeks back, so the pause spans working days whatever
    // the hour the test runs at (a pause of the last two hours is all night-time before 07:30 WITA).
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_clock SET started_at = now() - interval '15 days' WHERE ticket_id = $1 AND clock = 'resolution'`,
      [id],
    );
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket SET pending_since = now() - interval '15 days' + interval '1 minute' WHERE id = $1`,
      [id],
    );
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_pause SET started_at = now() - interval '15 days' + interval '1 minute'
        WHERE ticket_id = $1 AND ended_at IS NULL`,
      [id],
    );
    const resumed = await act(api, org.users.tier1A, id, 'resume');
    const [clock] = await sqlRows<{
      startedAt: Date;
      targetSeconds: number;
      pausedFrom: Date;
      pausedTo: Date;
    }>(
      api.dataSource,
      `SELECT c.started_at AS "startedAt", c.target_seconds AS "targetSeconds", p.started_at AS "pausedFrom", p.ended_at AS "pausedTo"
         FROM ticket_sla_clock c JOIN ticket_sla_pause p ON p.ticket_id = c.ticket_id
        WHERE c.ticket_id = $1 AND c.clock = 'resolution'`,
      [id],
    );
    const calendar = new WorkingCalendar({
      timezone: 'Asia/Makassar',
      hours: DEFAULT_HOURS,
      holidays: DEFAULT_HOLIDAYS,
    });
    const paused = calendar.msBetween(clock.pausedFrom.getTime(), clock.pausedTo.getTime());
    // Two weeks hold at least five working days of 8.5 hours, holidays or not.
    expect(paused).toBeGreaterThan(5 * 8.5 * 3600_000);
    const unpaused = calendar.addMs(clock.startedAt.getTime(), clock.targetSeconds * 1000);
    const expected = calendar.addMs(unpaused, paused);
    // Within a second: PostgreSQL keeps microseconds, the engine and JSON milliseconds.
    expect(Math.abs(Date.parse(resumed.sla.resolution.dueAt) - expected)).toBeLessThan(1000);
  });

  it('should let the requester reopen within the window and not after it', async () => {
    const id = await ticketIn(TicketStatus.Resolved);
    const resolved = (await api.http.get(`/api/v1/tickets/${id}`).set(org.users.requesterA.auth)).body;
    expect(Date.parse(resolved.autoCloseAt)).toBeGreaterThan(Date.now() + 2 * 24 * 3600_000);
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket SET auto_close_at = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
    const late = await api.http
      .post(`/api/v1/tickets/${id}/reopen`)
      .set(org.users.requesterA.auth)
      .send({ reason: 'Masih mati' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/window/);
  });

  it('should refuse assigning to someone who is not a Tier 1 technician of the PD', async () => {
    const t = await fileTicket(api, org.users.requesterA);
    const res = await api.http
      .post(`/api/v1/tickets/${t.id}/assign`)
      .set(org.users.tier1A.auth)
      .send({ assigneeId: org.users.tier1B.id });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'assigneeId', message: expect.stringContaining('Tier 1') }]);
  });

  it('should let only the requester rate, once, after resolution', async () => {
    const id = await ticketIn(TicketStatus.Resolved);
    expect(
      (await api.http.post(`/api/v1/tickets/${id}/rating`).set(org.users.tier1A.auth).send({ score: 5 }))
        .status,
    ).toBe(403);
    const rated = await api.http
      .post(`/api/v1/tickets/${id}/rating`)
      .set(org.users.requesterA.auth)
      .send({ score: 4, comment: 'Cepat' });
    expect(rated.status).toBe(200);
    expect(rated.body.rating).toMatchObject({ score: 4, comment: 'Cepat' });
    expect(
      (await api.http.post(`/api/v1/tickets/${id}/rating`).set(org.users.requesterA.auth).send({ score: 5 }))
        .status,
    ).toBe(409);
    const open = await fileTicket(api, org.users.requesterA);
    expect(
      (
        await api.http
          .post(`/api/v1/tickets/${open.id}/rating`)
          .set(org.users.requesterA.auth)
          .send({ score: 5 })
      ).status,
    ).toBe(409);
  });

  it('should write an append-only audit event for every change', async () => {
    const id = await ticketIn(TicketStatus.Resolved);
    const res = await api.http.get(`/api/v1/tickets/${id}/history`).set(org.users.tier1A.auth);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'claim',
      'start',
      'resolve',
    ]);
    expect(res.body[3].changes.status).toEqual({ from: 'in_progress', to: 'resolved' });
    expect(res.body[1].actor.id).toBe(org.users.tier1A.id);
    await expect(
      sqlExecute(api.dataSource, `UPDATE ticket_event SET action = 'x' WHERE ticket_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sqlExecute(api.dataSource, `DELETE FROM ticket_event WHERE ticket_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    expect((await api.http.get(`/api/v1/tickets/${id}/history`).set(org.users.requesterA.auth)).status).toBe(
      403,
    );
  });

  it('should auto-close resolved tickets once their window has passed', async () => {
    const id = await ticketIn(TicketStatus.Resolved);
    const keep = await ticketIn(TicketStatus.Resolved);
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket SET auto_close_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    const { TicketService } = await import('@desk/tickets');
    expect(await api.app.get(TicketService).autoCloseDue()).toBeGreaterThanOrEqual(1);
    const closed = (await api.http.get(`/api/v1/tickets/${id}`).set(org.users.requesterA.auth)).body;
    expect(closed.status).toBe('closed');
    expect((await api.http.get(`/api/v1/tickets/${keep}`).set(org.users.requesterA.auth)).body.status).toBe(
      'resolved',
    );
    const history = (await api.http.get(`/api/v1/tickets/${id}/history`).set(org.users.tier1A.auth)).body;
    expect(history.at(-1)).toMatchObject({ action: 'auto_closed', actor: null });
  });
});
