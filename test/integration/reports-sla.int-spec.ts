import ExcelJS from 'exceljs';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { insertReportTicket } from '../support/factories/report.factory';
import { startApi, TestApi } from '../support/harness';

/**
 * docs/domain.md, "Reports": the SLA report's numbers, checked against tickets and clocks inserted with exact
 * timestamps (February 2026, WITA), and its access rules across PDs and roles.
 */
describe('SLA report (GET /reports/sla)', () => {
  let api: TestApi;
  let org: TestOrg;
  const tickets: Record<string, { id: string; number: string }> = {};

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    const a = { unitId: org.pdA.id, deskId: org.pdA.deskId, requesterId: org.users.requesterA.id };
    const b = { unitId: org.pdB.id, deskId: org.pdB.deskId, requesterId: org.users.requesterB.id };
    const { network, email } = org.categories;
    const add = async (key: string, spec: Parameters<typeof insertReportTicket>[1]) => {
      tickets[key] = await insertReportTicket(api.dataSource, spec);
    };
    // PD A. A1: P1 answered and resolved on time at Tier 1, rated 5.
    await add('A1', {
      ...a,
      priority: 'P1',
      status: 'closed',
      categoryId: network,
      created: '2026-02-02T09:00',
      resolved: '2026-02-02T12:00',
      rating: 5,
      response: { due: '2026-02-02T09:15', met: '2026-02-02T09:10', business: 600 },
      resolution: { due: '2026-02-02T13:00', met: '2026-02-02T12:00', business: 10800 },
    });
    // A2: P1 answered late, escalated to the network team, resolved late, rated 3.
    await add('A2', {
      ...a,
      priority: 'P1',
      status: 'closed',
      categoryId: network,
      created: '2026-02-03T10:00',
      escalated: '2026-02-03T10:40',
      teamId: org.teams.network,
      resolved: '2026-02-03T15:00',
      rating: 3,
      response: {
        due: '2026-02-03T10:15',
        met: '2026-02-03T10:30',
        breached: '2026-02-03T10:15',
        business: 1800,
      },
      resolution: {
        due: '2026-02-03T14:00',
        met: '2026-02-03T15:00',
        breached: '2026-02-03T14:00',
        business: 18000,
      },
    });
    // A3: P3 answered on time, resolved only in March (open at the end of February, 19 days old).
    await add('A3', {
      ...a,
      priority: 'P3',
      status: 'resolved',
      categoryId: email,
      created: '2026-02-10T08:00',
      resolved: '2026-03-02T09:00',
      response: { due: '2026-02-10T10:00', met: '2026-02-10T09:00', business: 3600 },
      resolution: { due: '2026-02-11T08:00', met: '2026-03-02T09:00', business: 90000 },
    });
    // A4: P3 never answered: response breached on 27 February, still new (1.7 days old at the end).
    await add('A4', {
      ...a,
      priority: 'P3',
      status: 'new',
      categoryId: network,
      created: '2026-02-27T08:00',
      response: { due: '2026-02-27T10:00', breached: '2026-02-27T10:00' },
      resolution: { due: '2026-03-02T08:00' },
    });
    // A5: filed in January, resolved on time in February at Tier 1, rated 4.
    await add('A5', {
      ...a,
      priority: 'P4',
      status: 'closed',
      created: '2026-01-25T08:00',
      resolved: '2026-02-05T08:00',
      rating: 4,
      response: { due: '2026-01-25T12:00', met: '2026-01-25T09:00', business: 3600 },
      resolution: { due: '2026-02-10T08:00', met: '2026-02-05T08:00', business: 7200 },
    });
    // A6: P2 cancelled before its response was due: no SLA outcome.
    await add('A6', {
      ...a,
      priority: 'P2',
      status: 'cancelled',
      categoryId: email,
      created: '2026-02-15T10:00',
      cancelled: '2026-02-15T10:10',
      response: { due: '2026-02-15T10:30', stopped: '2026-02-15T10:10' },
      resolution: { due: '2026-02-15T18:00', stopped: '2026-02-15T10:10' },
    });
    // A8: P4 filed on the last evening, response not due yet at the end (4 hours old).
    await add('A8', {
      ...a,
      priority: 'P4',
      status: 'new',
      created: '2026-02-28T20:00',
      response: { due: '2026-03-02T11:30' },
      resolution: { due: '2026-03-05T11:30' },
    });
    // A9: P3 answered on time, in progress (4.6 days old at the end).
    await add('A9', {
      ...a,
      priority: 'P3',
      status: 'in_progress',
      categoryId: network,
      created: '2026-02-24T09:00',
      response: { due: '2026-02-24T11:00', met: '2026-02-24T09:05', business: 300 },
      resolution: { due: '2026-03-03T09:00' },
    });
    // After the period: counted nowhere.
    await add('A10', {
      ...a,
      priority: 'P1',
      status: 'new',
      created: '2026-03-05T08:00',
      response: { due: '2026-03-05T08:15', breached: '2026-03-05T08:15' },
      resolution: { due: '2026-03-05T12:00' },
    });
    // PD B. B1: P2 on time, rated 2. B2: filed in January, still open.
    await add('B1', {
      ...b,
      priority: 'P2',
      status: 'closed',
      categoryId: email,
      created: '2026-02-12T08:00',
      resolved: '2026-02-13T08:00',
      rating: 2,
      response: { due: '2026-02-12T08:30', met: '2026-02-12T08:15', business: 900 },
      resolution: { due: '2026-02-13T12:00', met: '2026-02-13T08:00', business: 20000 },
    });
    await add('B2', {
      ...b,
      priority: 'P1',
      status: 'assigned',
      created: '2026-01-10T08:00',
      response: { due: '2026-01-10T08:15', met: '2026-01-10T08:05', business: 300 },
      resolution: { due: '2026-01-10T12:00', breached: '2026-01-10T12:00' },
    });
  });
  afterAll(() => api.close());

  const february = { from: '2026-02-01', to: '2026-02-28' };
  const report = (as: TestUser, query: Record<string, string> = {}) =>
    api.http
      .get('/api/v1/reports/sla')
      .query({ ...february, ...query })
      .set(as.auth);

  it('should compute every figure of the regency-wide report for February', async () => {
    const res = await report(org.users.supervisor);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.period).toMatchObject({
      from: '2026-01-31T16:00:00.000Z',
      to: '2026-02-28T16:00:00.000Z',
      asOf: '2026-02-28T16:00:00.000Z',
      timezone: 'Asia/Makassar',
      label: 'Februari 2026',
    });
    expect(r.scope).toMatchObject({ unitId: null, teamId: null, regencyWide: true });
    expect(r.summary).toEqual({
      opened: 8,
      resolved: 4,
      backlog: 5,
      // Opened with a response outcome: A1, A2 (late), A3, A4 (breached), A9, B1; A6 and A8 have none.
      response: { met: 4, total: 6, pct: 66.7 },
      // Resolved in February: A1, A2 (late), A5, B1.
      resolution: { met: 3, total: 4, pct: 75 },
      timeToRespond: { meanSeconds: 1440, medianSeconds: 900, count: 5 },
      timeToResolve: { meanSeconds: 14000, medianSeconds: 14400, count: 4 },
      tier1Resolution: { met: 3, total: 4, pct: 75 },
      escalation: { met: 1, total: 8, pct: 12.5 },
      breaches: 3,
      satisfaction: { average: 3.5, count: 4 },
    });
    expect(r.backlogByAge).toEqual({ lt1d: 1, d1to3: 1, d3to7: 1, gt7d: 2 });
    const p = Object.fromEntries(r.byPriority.map((x: { priority: string }) => [x.priority, x]));
    expect(p.P1).toMatchObject({ opened: 2, resolved: 2, response: { met: 1, total: 2, pct: 50 } });
    expect(p.P1.resolution).toEqual({ met: 1, total: 2, pct: 50 });
    expect(p.P1.timeToRespond).toEqual({ meanSeconds: 1200, medianSeconds: 1200, count: 2 });
    expect(p.P2).toMatchObject({ opened: 2, resolved: 1, response: { met: 1, total: 1, pct: 100 } });
    expect(p.P3).toMatchObject({ opened: 3, resolved: 0, response: { met: 2, total: 3, pct: 66.7 } });
    expect(p.P3.resolution).toEqual({ met: 0, total: 0, pct: null });
    expect(p.P4).toMatchObject({ opened: 1, resolved: 1, response: { met: 0, total: 0, pct: null } });
    expect(p.P4.resolution).toEqual({ met: 1, total: 1, pct: 100 });

    expect(r.breaches.total).toBe(3);
    expect(r.breaches.byClock).toEqual({ response: 2, resolution: 1 });
    expect(r.breaches.items.map((x: { number: string; clock: string }) => [x.number, x.clock])).toEqual([
      [tickets.A4.number, 'response'],
      [tickets.A2.number, 'resolution'],
      [tickets.A2.number, 'response'],
    ]);
    expect(r.breaches.items[0]).toMatchObject({
      ticketId: tickets.A4.id,
      priority: 'P3',
      status: 'new',
      breachedAt: '2026-02-27T02:00:00.000Z',
      metAt: null,
    });
    expect(r.topCategories).toEqual([
      { categoryId: org.categories.network, name: 'NET', count: 4 },
      { categoryId: org.categories.email, name: 'MAIL', count: 3 },
      { categoryId: null, name: '(tanpa kategori)', count: 1 },
    ]);
    expect(r.securityIncidents).toEqual({
      available: true,
      total: 0,
      bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
      byPhase: { reported: 0, triage: 0, containment: 0, eradication: 0, recovery: 0, closed: 0 },
      acknowledgement: { decided: 0, met: 0, pct: null },
    });

    expect(r.series.granularity).toBe('day');
    expect(r.series.points).toHaveLength(28);
    expect(r.series.points[1]).toEqual({
      bucket: '2026-02-02T00:00',
      opened: 1,
      resolved: 1,
      responseMetPct: 100,
      resolutionMetPct: 100,
    });
    expect(r.series.points[2]).toMatchObject({ bucket: '2026-02-03T00:00', opened: 1, resolutionMetPct: 0 });
    expect(r.series.points.reduce((n: number, x: { opened: number }) => n + x.opened, 0)).toBe(8);

    const units = Object.fromEntries(r.byUnit.map((u: { unitId: string }) => [u.unitId, u]));
    expect(units[org.pdA.id]).toMatchObject({
      opened: 7,
      resolved: 3,
      backlog: 4,
      response: { met: 3, total: 5, pct: 60 },
      resolution: { met: 2, total: 3, pct: 66.7 },
      tier1Resolution: { met: 2, total: 3, pct: 66.7 },
      escalation: { met: 1, total: 7, pct: 14.3 },
      breaches: 3,
      satisfaction: { average: 4, count: 3 },
    });
    expect(units[org.pdB.id]).toMatchObject({
      opened: 1,
      resolved: 1,
      backlog: 1,
      response: { met: 1, total: 1, pct: 100 },
      breaches: 0,
      satisfaction: { average: 2, count: 1 },
    });
  });

  it('should narrow the report to the tickets escalated to one Tier 2 team', async () => {
    const res = await report(org.users.supervisor, { teamId: org.teams.network });
    expect(res.status).toBe(200);
    expect(res.body.scope).toMatchObject({
      teamId: org.teams.network,
      teamName: 'NET',
      label: 'Seluruh Perangkat Daerah, tim NET',
    });
    expect(res.body.summary).toMatchObject({
      opened: 1,
      resolved: 1,
      tier1Resolution: { met: 0, total: 1, pct: 0 },
      escalation: { met: 1, total: 1, pct: 100 },
      breaches: 2,
    });
  });

  it('should give a PD head their own PD, and refuse another PD', async () => {
    const own = await report(org.users.unitHeadA);
    expect(own.status).toBe(200);
    expect(own.body.scope).toMatchObject({ unitId: org.pdA.id, regencyWide: false, label: 'Dinas A' });
    expect(own.body.summary).toMatchObject({ opened: 7, resolved: 3, backlog: 4, breaches: 3 });
    expect(own.body.backlogByAge).toEqual({ lt1d: 1, d1to3: 1, d3to7: 1, gt7d: 1 });
    expect(own.body.byUnit).toEqual([]);
    expect((await report(org.users.unitHeadA, { unitId: org.pdA.id })).body.summary.opened).toBe(7);

    const other = await report(org.users.unitHeadA, { unitId: org.pdB.id });
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const b = await report(org.users.unitHeadB);
    expect(b.status).toBe(200);
    expect(b.body.summary).toMatchObject({ opened: 1, resolved: 1, backlog: 1, breaches: 0 });
    expect(JSON.stringify(b.body)).not.toContain(tickets.A2.number);
  });

  it.each(['tier1A', 'requesterA', 'tier2', 'csirt', 'admin'] as const)(
    'should refuse the report to %s',
    async (who) => {
      const res = await report(org.users[who]);
      expect(res.status).toBe(403);
      expect(res.body.summary).toBeUndefined();
    },
  );

  it('should require a token', async () => {
    expect((await api.http.get('/api/v1/reports/sla').query(february)).status).toBe(401);
  });

  it.each([
    [{ from: '' }, ['from']],
    [{ from: '2026-02-30' }, ['from']],
    [{ from: 'last month', to: 'now' }, ['from', 'to']],
    [{ from: '2026-03-01', to: '2026-02-01' }, ['to']],
    [{ unitId: 'pd-a' }, ['unitId']],
    [{ format: 'xml' }, ['format']],
  ])('should answer 400 naming the bad fields of %j', async (query, fields) => {
    const q = { ...february, ...query } as Record<string, string | undefined>;
    const res = await api.http
      .get('/api/v1/reports/sla')
      .query(Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)))
      .set(org.users.supervisor.auth);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
  });

  it('should answer 400 for a unit that is not a PD and a team that does not exist', async () => {
    const res = await report(org.users.supervisor, {
      unitId: org.dinasId,
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['unitId', 'teamId']);
  });

  it('should give the same figures as CSV for an Indonesian spreadsheet', async () => {
    const res = await report(org.users.supervisor, { format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('laporan-sla-2026-02-01.csv');
    // A byte order mark, so Excel reads UTF-8; `;` between cells and decimal commas.
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Laporan');
    expect(lines[1]).toBe('Cakupan;Periode;Dari;Sampai;Zona waktu;Disusun pada');
    // Local times, not UTC.
    expect(lines[2]).toMatch(/;2026-02-01 00:00;2026-03-01 00:00;Asia\/Makassar;/);
    expect(lines).toContain('Tiket masuk;8');
    expect(lines).toContain('Masih terbuka;5');
    expect(lines).toContain('Ditanggapi tepat waktu (%);66,7');
    expect(lines).toContain('Kepuasan pelapor (1-5);3,5');
    expect(lines).toContain('P1;2;2;1;2;50;1;2;50;0,3;4');
    expect(lines).toContain('> 7 hari;2');
    expect(
      lines.some((l) => l.startsWith(`${tickets.A4.number};`) && l.includes(';Tanggapan pertama;')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('Dinas A;7;3;4;60;66,7;66,7;14,3;3;4'))).toBe(true);
    expect(res.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('should write the CSV with English headers for an English reader', async () => {
    const { supervisor } = org.users;
    await api.http
      .patch('/api/v1/users/me/preferences')
      .set(supervisor.auth)
      .send({ locale: 'en' })
      .expect(200);
    try {
      const res = await report(supervisor, { format: 'csv' });
      expect(res.headers['content-disposition']).toContain('sla-report-2026-02-01.csv');
      const lines = res.text.slice(1).split('\r\n');
      expect(lines).toContain('Tickets opened,8');
      expect(lines).toContain('Responded on time (%),66.7');
    } finally {
      await api.http
        .patch('/api/v1/users/me/preferences')
        .set(supervisor.auth)
        .send({ locale: 'id' })
        .expect(200);
    }
  });

  it('should give the same figures as an XLSX workbook', async () => {
    const res = await api.http
      .get('/api/v1/reports/sla')
      .query({ ...february, format: 'xlsx' })
      .set(org.users.supervisor.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain('laporan-sla-2026-02-01.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Laporan SLA');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['Tiket masuk', 8]);
    expect(rows).toContainEqual(['Ditanggapi tepat waktu (%)', 66.7]);
    expect(rows).toContainEqual(['P1', 2, 2, 1, 2, 50, 1, 2, 50, 0.3, 4]);
  });
});
