import { fileChange, validChange } from '../support/factories/change.factory';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { startApi, TestApi } from '../support/harness';
import { countOf } from '../support/db';

/** Hostile and malformed input on the change and problem routes: never a 500, nothing stored. */
describe('Change and problem routes under hostile input', () => {
  let api: TestApi;
  let org: TestOrg;
  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api?.close());

  const NASTY: unknown[] = [
    null,
    true,
    -1,
    1e308,
    '',
    ' ',
    "'; DROP TABLE change_request; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '\ud800',
    'x'.repeat(30_000),
    [],
    ['x'],
    [null],
    {},
    { $gt: '' },
    '2026-13-45T99:99:99Z',
    '00000000-0000-0000-0000-000000000000',
  ];
  const count = async (table: string) =>
    await countOf(api.dataSource, `SELECT count(*)::int AS n FROM ${table}`);

  it('should answer 400 naming the field, never 500, and store nothing else', async () => {
    const { tier1A, supervisor, tier2 } = org.users;
    const existing = await fileChange(api, tier1A);
    const changes = await count('change_request');
    const problems = await count('problem');
    const statuses = new Map<number, number>();
    const accepted = new Set<string>();
    let created = 0;
    let problemsCreated = 0;
    const acceptedSystems: unknown[] = [];
    const expectNamed = (res: { status: number; body: { errors?: { field: string }[] } }, field: string) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeLessThan(500);
      if (res.status === 400) expect(res.body.errors?.map((e) => e.field.split('.')[0])).toContain(field);
    };
    const changeFields = Object.keys(validChange()).concat([
      'owningUnitId',
      'requesterId',
      'templateId',
      'ticketIds',
      'problemIds',
      'affectedUnitIds',
    ]);
    for (const field of changeFields)
      for (const value of NASTY) {
        const res = await api.http
          .post('/api/v1/changes')
          .set(tier1A.auth)
          .send({ ...validChange(), [field]: value });
        if (res.status === 201) {
          accepted.add(field);
          created++;
          if (field === 'systems') acceptedSystems.push(value);
        } else expectNamed(res, field);
      }
    // Free text is stored as text (and shown escaped); enums, times and ids take nothing odd.
    for (const field of ['type', 'risk', 'plannedStart', 'plannedEnd'])
      expect(accepted.has(field)).toBe(false);
    expect(acceptedSystems).toEqual([['x']]);
    for (const field of ['phase', 'note', 'approval', 'review', 'version'])
      for (const value of NASTY) {
        const res = await api.http
          .post(`/api/v1/changes/${existing.id}/phase`)
          .set(supervisor.auth)
          .send({ phase: 'analysis', [field]: value });
        expect(res.status).toBeLessThan(500);
      }
    for (const field of ['title', 'systems', 'plannedStart', 'version'])
      for (const value of NASTY) {
        const res = await api.http
          .patch(`/api/v1/changes/${existing.id}`)
          .set(tier1A.auth)
          .send({ version: existing.version, [field]: value });
        expect(res.status).toBeLessThan(500);
      }
    for (const field of ['title', 'description', 'ticketIds', 'rootCause'])
      for (const value of NASTY) {
        const res = await api.http
          .post('/api/v1/problems')
          .set(tier2.auth)
          .send({ title: 'Masalah uji masukan', description: 'Uraian masalah uji masukan.', [field]: value });
        if (res.status === 201) {
          // Free text, or no ticket at all.
          if (field === 'ticketIds')
            expect(value === null || (Array.isArray(value) && !value.length)).toBe(true);
          else expect(typeof value === 'string' || value === null).toBe(true);
          problemsCreated++;
        } else expectNamed(res, field);
      }
    for (const value of NASTY.filter((v) => typeof v === 'string' && v !== '\ud800') as string[])
      for (const path of [
        `/api/v1/changes/calendar?from=${encodeURIComponent(value)}&to=2030-01-01T00:00:00Z`,
        `/api/v1/changes?phase=${encodeURIComponent(value)}`,
        `/api/v1/changes?q=${encodeURIComponent(value)}`,
        `/api/v1/problems?ticketId=${encodeURIComponent(value)}`,
        `/api/v1/changes/${encodeURIComponent(value)}`,
        `/api/v1/problems/${encodeURIComponent(value)}/timeline`,
      ]) {
        const res = await api.http.get(path).set(supervisor.auth);
        expect(res.status).toBeLessThan(500);
      }
    expect(await count('change_request')).toBe(changes + created);
    expect((await count('problem')) - problems).toBe(problemsCreated);
    expect(statuses.get(400)).toBeGreaterThan(200);
  });
});
