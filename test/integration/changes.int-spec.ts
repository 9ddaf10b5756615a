import { approve, fileChange, movePhase, review, validChange } from '../support/factories/change.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';

const HOUR = 3600_000;

describe('Change management: phases, approval, review, calendar, visibility', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api?.close());

  const post = (as: TestUser, id: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/changes/${id}/phase`).set(as.auth).send(body);
  const mails = async (changeId: string, kind: string) =>
    (await api.dataSource.query(
      `SELECT recipient FROM mail_message WHERE aggregate_id = $1 AND kind = $2 ORDER BY recipient`,
      [changeId, kind],
    )) as { recipient: string }[];

  it('should walk a normal change through every phase, with the supervisor’s approval and a review', async () => {
    const { tier1A, requesterA, supervisor, tier2 } = org.users;
    const ticket = await fileTicket(api, requesterA, { title: 'Switch lantai 2 sering mati' });
    const c = await fileChange(api, tier1A, { requesterId: requesterA.id, ticketIds: [ticket.id] });
    expect(c.number).toMatch(/^CHG-\d{4}-\d{4}$/);
    expect(c).toMatchObject({
      phase: 'planning',
      approvalStatus: 'none',
      owningUnit: { id: org.pdA.id, kind: 'pd' },
      requester: { id: requesterA.id },
      systems: ['LAN Kantor'],
      nextPhases: ['analysis', 'cancelled'],
    });
    expect(c.tickets.map((t: { number: string }) => t.number)).toEqual([ticket.number]);

    // Skipping answers 409 naming the current phase.
    for (const phase of ['approval', 'development', 'implementation', 'monitoring', 'evaluation', 'closed']) {
      const res = await post(tier1A, c.id, { phase });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain("phase 'planning'");
      expect(res.body.currentPhase).toBe('planning');
    }
    await movePhase(api, tier1A, c.id, 'analysis');
    const asked = await movePhase(api, tier1A, c.id, 'approval', { note: 'Siap dinilai' });
    expect(asked.approvalStatus).toBe('pending');
    // The supervisors are asked, once.
    expect((await mails(c.id, 'change.approval-requested')).map((m) => m.recipient)).toEqual([
      supervisor.email,
    ]);

    // Only a supervisor decides; Tier 1 and Tier 2 get 403, a missing reason 400.
    expect((await post(tier1A, c.id, { phase: 'development', ...approve })).status).toBe(403);
    expect((await post(tier1A, c.id, { phase: 'development' })).status).toBe(403);
    expect(
      (await post(tier2, c.id, { phase: 'rejected', approval: { decision: 'rejected', reason: 'tidak' } }))
        .status,
    ).toBe(403);
    const noReason = await post(supervisor, c.id, {
      phase: 'development',
      approval: { decision: 'approved' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('approval.reason');
    const noApproval = await post(supervisor, c.id, { phase: 'development' });
    expect(noApproval.status).toBe(400);
    expect(noApproval.body.errors[0].field).toBe('approval');
    expect((await post(supervisor, c.id, { phase: 'implementation', ...approve })).status).toBe(409);

    const approved = await movePhase(api, supervisor, c.id, 'development', approve);
    expect(approved).toMatchObject({
      phase: 'development',
      approvalStatus: 'approved',
      decidedBy: { id: supervisor.id },
    });
    expect((await mails(c.id, 'change.decided')).map((m) => m.recipient).sort()).toEqual(
      [requesterA.email, tier1A.email].sort(),
    );
    // A second decision is refused.
    expect((await post(supervisor, c.id, { phase: 'development', ...approve })).status).toBe(409);

    await movePhase(api, tier1A, c.id, 'implementation');
    await movePhase(api, tier2, c.id, 'monitoring');
    await movePhase(api, tier1A, c.id, 'evaluation');
    const noReview = await post(tier1A, c.id, { phase: 'closed' });
    expect(noReview.status).toBe(400);
    expect(noReview.body.errors[0].field).toBe('review');
    const badReview = await post(tier1A, c.id, {
      phase: 'closed',
      review: { successful: 'ya', incidentsCaused: -1 },
    });
    expect(badReview.status).toBe(400);
    expect(badReview.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['review.incidentsCaused', 'review.lessons', 'review.successful'].sort(),
    );
    const closed = await movePhase(api, tier1A, c.id, 'closed', review);
    expect(closed).toMatchObject({ phase: 'closed', review: review.review, nextPhases: [] });
    expect((await post(tier1A, c.id, { phase: 'cancelled' })).status).toBe(409);

    const timeline = await api.http.get(`/api/v1/changes/${c.id}/timeline`).set(requesterA.auth);
    expect(timeline.status).toBe(200);
    expect(
      timeline.body.items.map((e: { type: string; toPhase: string }) => `${e.type}:${e.toPhase ?? ''}`),
    ).toEqual([
      'created:planning',
      'phase:analysis',
      'phase:approval',
      'approval-requested:approval',
      'approved:development',
      'phase:development',
      'phase:implementation',
      'phase:monitoring',
      'phase:evaluation',
      'phase:closed',
    ]);
  });

  it('should reject with a reason and tell the requester, after which nothing moves', async () => {
    const { tier1A, supervisor } = org.users;
    const c = await fileChange(api, tier1A);
    await movePhase(api, tier1A, c.id, 'analysis');
    await movePhase(api, tier1A, c.id, 'approval');
    expect(
      (
        await post(supervisor, c.id, {
          phase: 'development',
          approval: { decision: 'rejected', reason: 'Terlalu berisiko' },
        })
      ).status,
    ).toBe(400);
    const rejected = await movePhase(api, supervisor, c.id, 'rejected', {
      approval: { decision: 'rejected', reason: 'Terlalu berisiko' },
    });
    expect(rejected).toMatchObject({
      phase: 'rejected',
      approvalStatus: 'rejected',
      decisionReason: 'Terlalu berisiko',
    });
    expect((await mails(c.id, 'change.decided')).map((m) => m.recipient)).toEqual([tier1A.email]);
    expect((await post(tier1A, c.id, { phase: 'development' })).status).toBe(409);
  });

  it('should let an emergency change be implemented first but not evaluated before approval', async () => {
    const { tier1A, supervisor } = org.users;
    const c = await fileChange(api, tier1A, { type: 'emergency', title: 'Darurat: switch inti terbakar' });
    const started = await movePhase(api, tier1A, c.id, 'implementation', { note: 'Layanan mati total' });
    expect(started.approvalStatus).toBe('pending');
    expect((await mails(c.id, 'change.approval-requested')).map((m) => m.recipient)).toEqual([
      supervisor.email,
    ]);
    await movePhase(api, tier1A, c.id, 'monitoring');
    const early = await post(tier1A, c.id, { phase: 'evaluation' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('approved');
    expect(early.body.currentPhase).toBe('monitoring');
    // The supervisor approves afterwards, in place; then evaluation is open.
    const noted = await movePhase(api, supervisor, c.id, 'monitoring', approve);
    expect(noted).toMatchObject({ phase: 'monitoring', approvalStatus: 'approved' });
    await movePhase(api, tier1A, c.id, 'evaluation');
    await movePhase(api, tier1A, c.id, 'closed', review);
    // Only emergencies skip approval.
    const normal = await fileChange(api, tier1A);
    expect((await post(tier1A, normal.id, { phase: 'implementation' })).status).toBe(409);
  });

  it('should let a standard change made from an approved standard change skip approval', async () => {
    const { tier1A, supervisor } = org.users;
    const template = await fileChange(api, tier1A, {
      type: 'standard',
      title: 'Penambahan titik akses Wi-Fi',
    });
    const notYet = await api.http
      .post('/api/v1/changes')
      .set(tier1A.auth)
      .send(validChange({ type: 'standard', templateId: template.id }));
    expect(notYet.status).toBe(400);
    expect(notYet.body.errors[0].field).toBe('templateId');
    await movePhase(api, tier1A, template.id, 'analysis');
    await movePhase(api, tier1A, template.id, 'approval');
    await movePhase(api, supervisor, template.id, 'development', approve);

    const repeat = await fileChange(api, tier1A, {
      type: 'standard',
      templateId: template.id,
      title: 'Titik akses Wi-Fi aula',
    });
    expect(repeat).toMatchObject({ approvalStatus: 'not_required', templateId: template.id });
    await movePhase(api, tier1A, repeat.id, 'analysis');
    expect((await post(tier1A, repeat.id, { phase: 'approval' })).status).toBe(409);
    await movePhase(api, tier1A, repeat.id, 'development');
    await movePhase(api, tier1A, repeat.id, 'implementation');
    await movePhase(api, tier1A, repeat.id, 'monitoring');
    await movePhase(api, tier1A, repeat.id, 'evaluation');
    expect((await mails(repeat.id, 'change.approval-requested')).length).toBe(0);
    const normalWithTemplate = await api.http
      .post('/api/v1/changes')
      .set(tier1A.auth)
      .send(validChange({ type: 'normal', templateId: template.id }));
    expect(normalWithTemplate.status).toBe(400);
  });

  it('should refuse bad windows naming the field, and stale versions with 409', async () => {
    const { tier1A, tier1A2 } = org.users;
    const start = new Date(Date.now() + 48 * HOUR).toISOString();
    const backwards = await api.http
      .post('/api/v1/changes')
      .set(tier1A.auth)
      .send(validChange({ plannedStart: start, plannedEnd: start }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([
      { field: 'plannedEnd', message: 'plannedEnd must be after plannedStart' },
    ]);
    const junk = await api.http
      .post('/api/v1/changes')
      .set(tier1A.auth)
      .send({
        ...validChange(),
        type: 'big',
        risk: 9,
        systems: 'LAN',
        plannedStart: 'besok',
        owningUnitId: 'x',
      });
    expect(junk.status).toBe(400);
    expect(new Set(junk.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['type', 'risk', 'systems', 'plannedStart', 'owningUnitId']),
    );
    const otherPd = await api.http
      .post('/api/v1/changes')
      .set(tier1A.auth)
      .send(validChange({ owningUnitId: org.pdB.id }));
    expect(otherPd.status).toBe(400);
    expect(otherPd.body.errors[0].field).toBe('owningUnitId');

    const c = await fileChange(api, tier1A);
    const first = await api.http
      .patch(`/api/v1/changes/${c.id}`)
      .set(tier1A.auth)
      .send({ rollbackPlan: 'Kembalikan konfigurasi dari cadangan.', version: c.version });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(c.version + 1);
    const second = await api.http
      .patch(`/api/v1/changes/${c.id}`)
      .set(tier1A2.auth)
      .send({ title: 'Judul lain yang bertabrakan', version: c.version });
    expect(second.status).toBe(409);
    expect(second.body.currentVersion).toBe(c.version + 1);
    const inverted = await api.http
      .patch(`/api/v1/changes/${c.id}`)
      .set(tier1A.auth)
      .send({ plannedEnd: new Date(Date.now()).toISOString(), version: first.body.version });
    expect(inverted.status).toBe(400);
    expect(inverted.body.errors[0].field).toBe('plannedEnd');
    const stalePhase = await post(tier1A, c.id, { phase: 'analysis', version: c.version });
    expect(stalePhase.status).toBe(409);
  });

  it('should mark overlapping windows on a shared system as conflicts on the calendar', async () => {
    const { tier1A, tier2, tier1B, supervisor } = org.users;
    const base = Date.UTC(2031, 2, 10, 1, 0, 0);
    const at = (h: number) => new Date(base + h * HOUR).toISOString();
    const a = await fileChange(api, tier1A, {
      systems: ['SIMPEG', 'LAN Kantor'],
      plannedStart: at(0),
      plannedEnd: at(3),
    });
    const b = await fileChange(api, tier2, { systems: ['SIMPEG'], plannedStart: at(2), plannedEnd: at(4) });
    const c = await fileChange(api, tier1B, { systems: ['SIMPEG'], plannedStart: at(3), plannedEnd: at(5) });
    const d = await fileChange(api, tier1B, { systems: ['Email'], plannedStart: at(0), plannedEnd: at(5) });
    const cancelled = await fileChange(api, tier2, {
      systems: ['SIMPEG'],
      plannedStart: at(0),
      plannedEnd: at(5),
    });
    await movePhase(api, tier2, cancelled.id, 'cancelled');

    const cal = await api.http
      .get(`/api/v1/changes/calendar?from=${at(-24)}&to=${at(24)}`)
      .set(supervisor.auth);
    expect(cal.status).toBe(200);
    const byId = new Map(cal.body.items.map((i: { id: string }) => [i.id, i]));
    const conflictIds = (id: string) =>
      ((byId.get(id) as { conflicts: { id: string }[] }).conflicts ?? []).map((x) => x.id).sort();
    expect(conflictIds(a.id)).toEqual([b.id]);
    expect(conflictIds(b.id).sort()).toEqual([a.id, c.id].sort());
    expect(conflictIds(c.id)).toEqual([b.id]);
    expect(conflictIds(d.id)).toEqual([]);
    expect(byId.has(cancelled.id)).toBe(false);
    expect(byId.get(a.id)).toMatchObject({
      number: a.number,
      title: a.title,
      systems: ['SIMPEG', 'LAN Kantor'],
    });

    // PD A's technician sees its own changes only, conflicts included.
    const own = await api.http.get(`/api/v1/changes/calendar?from=${at(-24)}&to=${at(24)}`).set(tier1A.auth);
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect(own.body.items[0].conflicts.map((x: { number: string }) => x.number)).toEqual([b.number]);

    const bad = await api.http
      .get(`/api/v1/changes/calendar?from=kemarin&to=${at(-48)}`)
      .set(supervisor.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
    const reversed = await api.http
      .get(`/api/v1/changes/calendar?from=${at(24)}&to=${at(0)}`)
      .set(supervisor.auth);
    expect(reversed.status).toBe(400);
    const requester = await api.http
      .get(`/api/v1/changes/calendar?from=${at(-24)}&to=${at(24)}`)
      .set(org.users.requesterA.auth);
    expect(requester.status).toBe(403);
  });

  describe('visibility', () => {
    let change: { id: string; number: string; version: number };
    beforeAll(async () => {
      change = await fileChange(api, org.users.tier1A, {
        requesterId: org.users.requesterA.id,
        title: 'Perubahan rahasia VLAN',
      });
    });

    const routes = (id: string, version: number): [string, string, Record<string, unknown> | undefined][] => [
      ['get', `/api/v1/changes/${id}`, undefined],
      ['patch', `/api/v1/changes/${id}`, { title: 'Judul yang diubah orang', version }],
      ['post', `/api/v1/changes/${id}/phase`, { phase: 'analysis' }],
      ['get', `/api/v1/changes/${id}/timeline`, undefined],
    ];

    it.each(['tier1B', 'unitHeadB', 'requesterB', 'requesterA2', 'admin'] as const)(
      'should answer 404 to %s on every route and leave the change out of lists',
      async (who) => {
        const as = org.users[who];
        for (const [method, path, body] of routes(change.id, change.version)) {
          const req = (api.http as any)[method](path).set(as.auth);
          const res = await (body ? req.send(body) : req);
          expect(res.status).toBe(404);
          expect(JSON.stringify(res.body)).not.toContain('rahasia');
        }
        const list = await api.http.get('/api/v1/changes').set(as.auth);
        expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(change.id);
        const byNumber = await api.http.get(`/api/v1/changes?q=${change.number}`).set(as.auth);
        expect(byNumber.body.items).toEqual([]);
      },
    );

    it.each(['tier1A2', 'unitHeadA', 'requesterA', 'tier2', 'supervisor'] as const)(
      'should show the change to %s',
      async (who) => {
        const as = org.users[who];
        expect((await api.http.get(`/api/v1/changes/${change.id}`).set(as.auth)).status).toBe(200);
        expect((await api.http.get(`/api/v1/changes/${change.id}/timeline`).set(as.auth)).status).toBe(200);
        const list = await api.http.get('/api/v1/changes').set(as.auth);
        expect(list.body.items.map((i: { id: string }) => i.id)).toContain(change.id);
      },
    );

    it('should answer 403 to those who see but may not work on it', async () => {
      for (const who of ['unitHeadA', 'requesterA'] as const) {
        const as = org.users[who];
        expect((await post(as, change.id, { phase: 'analysis' })).status).toBe(403);
        const patch = await api.http
          .patch(`/api/v1/changes/${change.id}`)
          .set(as.auth)
          .send({ title: 'Judul yang diubah orang', version: change.version });
        expect(patch.status).toBe(403);
      }
      const requesterFiles = await api.http
        .post('/api/v1/changes')
        .set(org.users.requesterA.auth)
        .send(validChange());
      expect(requesterFiles.status).toBe(403);
      const unknown = await api.http
        .get('/api/v1/changes/00000000-0000-4000-8000-000000000000')
        .set(org.users.supervisor.auth);
      expect(unknown.status).toBe(404);
      expect((await api.http.get('/api/v1/changes/not-a-uuid').set(org.users.supervisor.auth)).status).toBe(
        404,
      );
    });

    it('should refuse to link tickets the filer cannot see', async () => {
      const pdBTicket = await fileTicket(api, org.users.requesterB);
      const res = await api.http
        .post('/api/v1/changes')
        .set(org.users.tier1A.auth)
        .send(validChange({ ticketIds: [pdBTicket.id] }));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('ticketIds');
    });
  });

  it('should count implemented, successful and emergency changes in the SLA report', async () => {
    const from = new Date(Date.now() - 24 * HOUR).toISOString();
    const to = new Date(Date.now() + 24 * HOUR).toISOString();
    const all = await api.http
      .get(`/api/v1/reports/sla?from=${from}&to=${to}`)
      .set(org.users.supervisor.auth);
    expect(all.status).toBe(200);
    // Implemented above: the normal change, the emergency change and the standard repeat; two closed.
    expect(all.body.changes).toEqual({
      implemented: 3,
      successful: { met: 2, total: 2, pct: 100 },
      emergency: { met: 1, total: 3, pct: 33.3 },
    });
    const pdB = await api.http.get(`/api/v1/reports/sla?from=${from}&to=${to}`).set(org.users.unitHeadB.auth);
    expect(pdB.body.changes.implemented).toBe(0);
    const csv = await api.http
      .get(`/api/v1/reports/sla?from=${from}&to=${to}&format=csv`)
      .set(org.users.supervisor.auth);
    expect(csv.text).toContain('implemented,closed_reviewed,successful');
  });
});
