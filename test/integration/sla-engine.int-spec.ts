import { SlaTimerService, WorkingCalendar } from '@desk/sla';
import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, testConfig, waitFor } from '../support/harness';
import { countOf, sqlExecute } from '../support/db';

const LADDER = [
  { at: 0.5, notify: ['assignee', 'tier1_desk'] },
  { at: 1, notify: ['team', 'supervisors'], action: 'auto_escalate' },
  { at: 1.5, notify: ['unit_head'] },
];

describe('SLA engine (docs/domain.md, "SLA")', () => {
  let api: TestApi;
  let org: TestOrg;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    api = await startApi(await testConfig({ SLA_RECONCILE_MS: '2000' }));
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  const admin = () => org.users.admin.auth;
  const get = async (id: string, as = org.users.tier1A) =>
    (await api.http.get(`/api/v1/tickets/${id}`).set(as.auth)).body;
  /** A public reply by Tier 1: the first response the requester can see. */
  const reply = (id: string) =>
    api.http
      .post(`/api/v1/tickets/${id}/comments`)
      .set(org.users.tier1A.auth)
      .send({ body: 'Kami sedang memeriksanya.' })
      .expect(201);
  const count = async (sql: string, params: unknown[]) => countOf(api.dataSource, sql, params);
  const events = (id: string, type: string, clock?: string) =>
    count(
      `SELECT count(*) AS n FROM outbox_event WHERE aggregate_id = $1 AND type = $2 AND ($3::text IS NULL OR payload->>'clock' = $3)`,
      [id, type, clock ?? null],
    );
  const policy = async (body: Record<string, unknown>) => {
    const res = await api.http.post('/api/v1/sla-policies').set(admin()).send(body);
    if (res.status !== 201) throw new Error(`policy: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  describe('policies API', () => {
    it('should seed P1..P4 defaults and show them to admins only', async () => {
      const res = await api.http.get('/api/v1/sla-policies').set(admin());
      expect(res.status).toBe(200);
      const defaults = res.body.filter((p: { kind: string | null }) => p.kind === null);
      expect(defaults.map((p: { priority: string }) => p.priority).sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
      expect(defaults[0]).toMatchObject({ calendar: 'business', warnAt: 0.75, autoEscalateOnBreach: true });
      expect(defaults[0].ladder.length).toBeGreaterThan(0);
      expect((await api.http.get('/api/v1/sla-policies').set(org.users.tier1A.auth)).status).toBe(403);
    });

    it('should answer 400 naming every bad field', async () => {
      const res = await api.http
        .post('/api/v1/sla-policies')
        .set(admin())
        .send({
          name: 'Rusak',
          responseTarget: 'tiga puluh menit',
          resolutionTarget: 'P1M',
          tier2ResponseTarget: 'PT0S',
          calendar: 'weekly',
          warnAt: 2,
          ladder: [{ at: 1, notify: ['everyone'] }],
        });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'responseTarget',
          'resolutionTarget',
          'tier2ResponseTarget',
          'calendar',
          'warnAt',
          'ladder.0.notify',
        ]),
      );
      const message = res.body.errors.find((e: { field: string }) => e.field === 'responseTarget').message;
      expect(message).toContain('ISO 8601');
    });

    it('should refuse a ladder out of order, and a second policy for the same match', async () => {
      const base = {
        name: 'Perubahan',
        kind: 'change',
        priority: 'P4',
        responseTarget: 'PT1H',
        resolutionTarget: 'P2D',
        tier2ResponseTarget: 'PT2H',
        calendar: 'business',
      };
      const bad = await api.http
        .post('/api/v1/sla-policies')
        .set(admin())
        .send({
          ...base,
          ladder: [
            { at: 1, notify: [] },
            { at: 0.5, notify: [] },
          ],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['ladder.1.at']);
      const created = await policy(base);
      expect(created).toMatchObject({
        kind: 'change',
        priority: 'P4',
        warnAt: 0.75,
        resolutionSeconds: 172_800,
      });
      const dup = await api.http.post('/api/v1/sla-policies').set(admin()).send(base);
      expect(dup.status).toBe(409);
      const patched = await api.http
        .patch(`/api/v1/sla-policies/${created.id}`)
        .set(admin())
        .send({ resolutionTarget: 'PT90S', responseTarget: 'PT45S' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        resolutionTarget: 'PT90S',
        resolutionSeconds: 90,
        responseSeconds: 45,
      });
      const missing = await api.http
        .patch('/api/v1/sla-policies/00000000-0000-4000-8000-000000000000')
        .set(admin())
        .send({ name: 'x' });
      expect(missing.status).toBe(404);
    });
  });

  describe('calendar API', () => {
    it('should show the region calendar with the national holidays to agents', async () => {
      const res = await api.http.get('/api/v1/calendar').set(org.users.tier1A.auth);
      expect(res.status).toBe(200);
      expect(res.body.timezone).toBe('Asia/Makassar');
      expect(res.body.hours.fri).toEqual([['07:30', '16:30']]);
      expect(res.body.hours.mon).toEqual([['07:30', '16:00']]);
      expect(res.body.holidays).toEqual(
        expect.arrayContaining([
          { date: '2026-08-17', name: expect.stringContaining('Kemerdekaan') },
          { date: '2026-03-21', name: expect.stringContaining('Idul Fitri') },
        ]),
      );
    });

    it('should validate a new calendar and let only admins change it', async () => {
      const bad = await api.http
        .put('/api/v1/calendar')
        .set(admin())
        .send({
          timezone: 'Mars/Olympus',
          hours: { mon: [['16:00', '07:30']], fri: [['07:30', '25:00']], funday: [] },
          holidays: [{ date: '2026-02-30', name: '' }],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining([
          'timezone',
          'hours.mon[0]',
          'hours.fri[0]',
          'hours.funday',
          'holidays[0].date',
          'holidays[0].name',
        ]),
      );
      const current = (await api.http.get('/api/v1/calendar').set(admin())).body;
      const body = { timezone: current.timezone, hours: current.hours, holidays: current.holidays };
      expect((await api.http.put('/api/v1/calendar').set(org.users.tier1A.auth).send(body)).status).toBe(403);
      const saved = await api.http
        .put('/api/v1/calendar')
        .set(admin())
        .send({ ...body, holidays: [...body.holidays, { date: '2027-10-05', name: 'Libur daerah' }] });
      expect(saved.status).toBe(200);
      expect(saved.body.holidays).toContainEqual({ date: '2027-10-05', name: 'Libur daerah' });
    });
  });

  describe('clocks', () => {
    it('should show response and resolution clocks in business time on GET /tickets/{id}', async () => {
      const t = await fileTicket(api, org.users.requesterA, { impact: 2, urgency: 2 }); // P3
      const calendar = (await api.http.get('/api/v1/calendar').set(admin())).body;
      const math = new WorkingCalendar(calendar);
      const created = Date.parse(t.createdAt);
      expect(Date.parse(t.sla.response.dueAt)).toBe(math.addMs(created, 2 * 3600_000));
      expect(Date.parse(t.sla.resolution.dueAt)).toBe(math.addMs(created, 24 * 3600_000));
      expect(t.sla.response).toMatchObject({ warnedAt: null, breachedAt: null, metAt: null, pausedAt: null });
      expect(t.sla.tier2Response).toBeNull();
      // Visibility stays: the requester sees it, another PD does not.
      expect((await get(t.id, org.users.requesterA)).sla.response.dueAt).toBe(t.sla.response.dueAt);
      expect((await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.tier1B.auth)).status).toBe(404);
      await act(api, org.users.tier1A, t.id, 'claim');
      await reply(t.id);
      const claimed = await get(t.id, org.users.tier1A);
      expect(claimed.sla.response.metAt).toBe(claimed.firstResponseAt);
      const [clock] = await api.dataSource.query(
        `SELECT business_seconds AS s FROM ticket_sla_clock WHERE ticket_id = $1 AND clock = 'response'`,
        [t.id],
      );
      expect(clock.s).toBeGreaterThanOrEqual(0);
    });

    it('should pause while pending, shift on resume, and keep every pause on a priority change', async () => {
      const p2 = await policy({
        name: 'Masalah P2',
        kind: 'problem',
        priority: 'P2',
        responseTarget: 'PT30M',
        resolutionTarget: 'PT2H',
        tier2ResponseTarget: 'PT1H',
        calendar: '24x7',
      });
      await policy({
        ...p2,
        id: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        responseSeconds: undefined,
        resolutionSeconds: undefined,
        tier2ResponseSeconds: undefined,
        name: 'Masalah P1',
        priority: 'P1',
        resolutionTarget: 'PT1H',
        responseTarget: 'PT15M',
        tier2ResponseTarget: 'PT30M',
      });
      const t = await fileTicket(api, org.users.requesterA, { kind: 'problem', impact: 2, urgency: 1 });
      expect(t.priority).toBe('P2');
      expect(Date.parse(t.sla.resolution.dueAt)).toBe(Date.parse(t.createdAt) + 2 * 3600_000);
      // Filed 20 minutes ago, then ten minutes spent pending.
      await sqlExecute(
        api.dataSource,
        `UPDATE ticket SET created_at = created_at - interval '20 minutes' WHERE id = $1`,
        [t.id],
      );
      await sqlExecute(
        api.dataSource,
        `UPDATE ticket_sla_clock SET started_at = started_at - interval '20 minutes' WHERE ticket_id = $1`,
        [t.id],
      );
      const created = Date.parse(t.createdAt) - 20 * 60_000;
      await act(api, org.users.tier1A, t.id, 'claim');
      await reply(t.id); // the response clock is met; the queue runs on the resolution clock
      await act(api, org.users.tier1A, t.id, 'start');
      const pending = await act(api, org.users.tier1A, t.id, 'pend', { reason: 'Menunggu suku cadang' });
      expect(pending.sla.resolution.pausedAt).not.toBeNull();
      await sqlExecute(
        api.dataSource,
        `UPDATE ticket_sla_pause SET started_at = started_at - interval '10 minutes' WHERE ticket_id = $1`,
        [t.id],
      );
      const resumed = await act(api, org.users.tier1A, t.id, 'resume');
      expect(resumed.sla.resolution.pausedAt).toBeNull();
      const [pause] = await api.dataSource.query(
        `SELECT started_at AS s, ended_at AS e FROM ticket_sla_pause WHERE ticket_id = $1`,
        [t.id],
      );
      const paused = new Date(pause.e).getTime() - new Date(pause.s).getTime();
      expect(paused).toBeGreaterThanOrEqual(600_000);
      expect(Date.parse(resumed.sla.resolution.dueAt)).toBe(created + 2 * 3600_000 + paused);
      // P2 -> P1: due recomputed from the start with the P1 target, the past pause still counted.
      const res = await api.http
        .patch(`/api/v1/tickets/${t.id}`)
        .set(org.users.tier1A.auth)
        .send({ impact: 1, version: resumed.version });
      expect(res.status).toBe(200);
      expect(res.body.priority).toBe('P1');
      expect(Date.parse(res.body.sla.resolution.dueAt)).toBe(created + 3600_000 + paused);
      const [row] = await api.dataSource.query(
        `SELECT revision, resolution_due_at AS due, queue_due_at AS queue FROM ticket_sla_clock c JOIN ticket t ON t.id = c.ticket_id
          WHERE c.ticket_id = $1 AND clock = 'resolution'`,
        [t.id],
      );
      expect(row.revision).toBe(3); // placed, resumed, re-placed for P1
      expect(new Date(row.due).getTime()).toBe(created + 3600_000 + paused);
      expect(new Date(row.queue).getTime()).toBe(created + 3600_000 + paused);
    });
  });

  describe('timers', () => {
    beforeAll(async () => {
      await policy({
        name: 'Perubahan cepat',
        kind: 'change',
        priority: null,
        responseTarget: 'PT2S',
        resolutionTarget: 'PT1M',
        tier2ResponseTarget: 'PT3S',
        calendar: '24x7',
        warnAt: 0.5,
        ladder: LADDER,
      });
      await policy({
        name: 'Permintaan tanpa eskalasi',
        kind: 'request',
        priority: null,
        responseTarget: 'PT1S',
        resolutionTarget: 'PT1M',
        tier2ResponseTarget: 'PT1M',
        calendar: '24x7',
        autoEscalateOnBreach: false,
      });
      worker = await startWorker(api.config);
    });

    it('should warn, climb the ladder, breach and auto-escalate exactly once', async () => {
      const t = await fileTicket(api, org.users.requesterA, {
        kind: 'change',
        impact: 1,
        urgency: 2,
        categoryId: org.categories.network,
      });
      expect(Date.parse(t.sla.response.dueAt) - Date.parse(t.createdAt)).toBe(2000);
      const breached = await waitFor(
        async () => {
          const v = await get(t.id);
          return v.sla.response.breachedAt && v.tier === 2 ? v : null;
        },
        10_000,
        'the response breach',
      );
      expect(Date.parse(breached.sla.response.warnedAt)).toBeGreaterThanOrEqual(
        Date.parse(t.createdAt) + 1000,
      );
      expect(Date.parse(breached.sla.response.breachedAt)).toBeGreaterThanOrEqual(
        Date.parse(t.sla.response.dueAt),
      );
      expect(Date.parse(breached.sla.response.breachedAt) - Date.parse(t.sla.response.dueAt)).toBeLessThan(
        1500,
      );
      expect(breached.team.id).toBe(org.teams.network);
      expect(breached.sla.tier2Response).toMatchObject({ metAt: null, breachedAt: null });
      // The 150 % level, then Tier 2's own pick-up breach (3 s after the escalation).
      await waitFor(async () => (await get(t.id)).sla.tier2Response?.breachedAt, 10_000, 'the tier 2 breach');
      await waitFor(async () => (await events(t.id, 'sla.ladder', 'response')) === 1, 5000, 'the 150% level');
      // Extra reconciliation passes must not repeat anything.
      const timers = worker!.get(SlaTimerService);
      await timers.reconcile();
      await timers.reconcile();
      expect(await events(t.id, 'sla.warned', 'response')).toBe(1);
      expect(await events(t.id, 'sla.breached', 'response')).toBe(1);
      expect(await events(t.id, 'sla.breached', 'tier2_response')).toBe(1);
      expect(await events(t.id, 'ticket.escalated')).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM ticket_escalation WHERE ticket_id = $1`, [t.id])).toBe(1);
      const [breach] = await api.dataSource.query(
        `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'sla.breached' AND payload->>'clock' = 'response'`,
        [t.id],
      );
      expect(breach.payload).toMatchObject({ number: t.number, priority: 'P2', urgent: true, level: 2 });
      expect(breach.payload.notify).toEqual(expect.arrayContaining(['team', 'supervisors']));
      const [tier2] = await api.dataSource.query(
        `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'sla.breached' AND payload->>'clock' = 'tier2_response'`,
        [t.id],
      );
      expect(tier2.payload.notify).toContain('supervisors');
      const history = (await api.http.get(`/api/v1/tickets/${t.id}/history`).set(org.users.tier1A.auth)).body;
      const escalated = history.filter((e: { action: string }) => e.action === 'escalated');
      expect(escalated).toHaveLength(1);
      expect(escalated[0].actor).toBeNull();
      // The reason is stored as a code and written in each reader's language, with local times.
      expect(escalated[0].reason).toMatchObject({
        code: 'sla_breached',
        params: { clock: 'response', priority: 'P2' },
      });
      expect(escalated[0].note).toBeNull();
      expect(escalated[0].text).toContain('Tiket dieskalasi otomatis ke Dinas');
      expect(escalated[0].reasonText).toMatch(
        /^Otomatis: tenggat tanggapan P2 terlewati \(batas \d{1,2} \w+ \d{4} \d{2}\.\d{2} WITA\)$/,
      );
      expect(escalated[0].text).not.toMatch(/\d{4}-\d{2}-\d{2}T|returned|escalated/);
      await api.http
        .patch('/api/v1/users/me/preferences')
        .set(org.users.tier1A2.auth)
        .send({ locale: 'en' })
        .expect(200);
      const english = (await api.http.get(`/api/v1/tickets/${t.id}/history`).set(org.users.tier1A2.auth))
        .body;
      const line = english.find((e: { action: string }) => e.action === 'escalated');
      expect(line.text).toContain('The ticket was escalated to the Dinas automatically');
      expect(line.reasonText).toMatch(
        /^Automatic: the P2 response due time passed \(due \d{1,2} \w+ \d{4} \d{2}:\d{2} WITA\)$/,
      );
    });

    it('should meet the Tier 2 pick-up clock when Tier 2 claims the escalated ticket', async () => {
      const t = await fileTicket(api, org.users.requesterA, {
        kind: 'change',
        impact: 3,
        urgency: 3,
        categoryId: org.categories.network,
      });
      await act(api, org.users.tier1A, t.id, 'claim');
      await reply(t.id); // first response: the response clock is met
      await act(api, org.users.tier1A, t.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
      const escalated = await get(t.id, org.users.tier2);
      expect(escalated.sla.tier2Response.dueAt).not.toBeNull();
      const claimed = await act(api, org.users.tier2, t.id, 'claim');
      expect(claimed.sla.tier2Response.metAt).not.toBeNull();
      await new Promise((r) => setTimeout(r, 3500));
      const later = await get(t.id, org.users.tier2);
      expect(later.sla.tier2Response.breachedAt).toBeNull();
      expect(await events(t.id, 'sla.breached')).toBe(0);
    });

    it('should stop the Tier 2 pick-up clock, unbreached, when the ticket is returned before pick-up', async () => {
      const t = await fileTicket(api, org.users.requesterA, {
        kind: 'change',
        impact: 3,
        urgency: 3,
        categoryId: org.categories.network,
      });
      await act(api, org.users.tier1A, t.id, 'claim');
      await reply(t.id);
      await act(api, org.users.tier1A, t.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
      const escalated = await get(t.id, org.users.tier2);
      expect(escalated.sla.tier2Response).toMatchObject({ stoppedAt: null, breachedAt: null });
      const started = Date.parse(escalated.sla.tier2Response.startedAt) - Date.parse(escalated.escalatedAt);
      expect(started).toBeGreaterThanOrEqual(0);
      expect(started).toBeLessThan(1000);
      await act(api, org.users.tier2, t.id, 'return', { notes: 'Bukan ranah jaringan, cek kabel di lokasi' });
      // Past the 3 s pick-up target: the stopped clock never breaches.
      await new Promise((r) => setTimeout(r, 3500));
      const returned = await get(t.id);
      expect(returned.tier).toBe(1);
      expect(returned.sla.tier2Response).toMatchObject({ metAt: null, breachedAt: null });
      expect(returned.sla.tier2Response.stoppedAt).toEqual(expect.any(String));
      expect(Date.parse(returned.sla.tier2Response.stoppedAt)).toBeLessThan(
        Date.parse(returned.sla.tier2Response.dueAt),
      );
      expect(returned.sla.response.stoppedAt).toBeNull();
      expect(await events(t.id, 'sla.breached', 'tier2_response')).toBe(0);
    });

    it('should breach without escalating when the policy says so, and not urgently for P4', async () => {
      const t = await fileTicket(api, org.users.requesterA, {
        kind: 'request',
        impact: 3,
        urgency: 3,
        categoryId: org.categories.network,
      });
      const v = await waitFor(async () => {
        const x = await get(t.id);
        return x.sla.response.breachedAt ? x : null;
      }, 8000);
      expect(v.tier).toBe(1);
      const [breach] = await api.dataSource.query(
        `SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'sla.breached'`,
        [t.id],
      );
      expect(breach.payload).toMatchObject({ priority: 'P4', urgent: false });
      expect(breach.payload.notify).toContain('supervisors');
    });

    it('should not fire a clock that was met before its time', async () => {
      const met = await fileTicket(api, org.users.requesterA, {
        kind: 'request',
        categoryId: org.categories.network,
      });
      await act(api, org.users.tier1A, met.id, 'claim');
      await reply(met.id);
      await new Promise((r) => setTimeout(r, 3000));
      expect(await events(met.id, 'sla.breached')).toBe(0);
    });

    it('should not fire a clock paused before its due time, and run it again without the pause', async () => {
      await policy({
        name: 'Masalah P4 cepat',
        kind: 'problem',
        priority: 'P4',
        responseTarget: 'PT5S',
        resolutionTarget: 'PT1H',
        tier2ResponseTarget: 'PT1H',
        calendar: '24x7',
        autoEscalateOnBreach: true,
      });
      const t = await fileTicket(api, org.users.requesterA, {
        kind: 'problem',
        impact: 3,
        urgency: 3,
        categoryId: org.categories.network,
      });
      expect(t.priority).toBe('P4');
      // Claimed and set pending before any reply: the 5 s response clock is running when it pauses.
      await act(api, org.users.tier1A, t.id, 'claim');
      const pended = await act(api, org.users.tier1A, t.id, 'pend', {
        reason: 'Menunggu jadwal pemeliharaan',
      });
      expect(pended.sla.response).toMatchObject({
        metAt: null,
        breachedAt: null,
        pausedAt: expect.any(String),
      });
      const dueAt = Date.parse(pended.sla.response.dueAt);
      expect(dueAt).toBeGreaterThan(Date.now());
      // Well past the due time (a running clock breaches within 1.5 s of it, and would auto-escalate).
      await new Promise((r) => setTimeout(r, dueAt - Date.now() + 3000));
      const paused = await get(t.id);
      expect(paused.tier).toBe(1);
      expect(paused.sla.response).toMatchObject({ breachedAt: null, warnedAt: null, metAt: null });
      expect(await events(t.id, 'sla.warned')).toBe(0);
      expect(await events(t.id, 'sla.breached')).toBe(0);
      // Resumed: the clock runs again, its due time moved by the time spent pending.
      const pausedFor = Date.now() - Date.parse(pended.sla.response.pausedAt);
      const resumed = await act(api, org.users.tier1A, t.id, 'resume');
      expect(resumed.sla.response.pausedAt).toBeNull();
      expect(Date.parse(resumed.sla.response.dueAt) - dueAt).toBeGreaterThanOrEqual(pausedFor);
      expect(resumed.queueClock).toMatchObject({ clock: 'response', state: 'running' });
      expect(Date.parse(resumed.queueClock.dueAt)).toBe(Date.parse(resumed.sla.response.dueAt));
    });
  });
});
