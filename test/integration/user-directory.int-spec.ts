import { createOrg, TestOrg } from '../support/factories/org.factory';
import { startApi, TestApi } from '../support/harness';
import { IdRow, sqlExecute, sqlRows } from '../support/db';

interface Entry {
  id: string;
  name: string;
  email: string;
  unitId: string;
  unitName: string;
  roles: string[];
}

/**
 * The read-only user directory managers pick report recipients from (`GET /users/directory`, issue
 * 5): who may ask, whose users each sees, search by name or email, and what it never shows.
 */
describe('User directory', () => {
  let api: TestApi;
  let org: TestOrg;
  const extra = {} as Record<'siti' | 'retired' | 'nip', string>;
  const NIP = '198703152010012003';

  const insertUser = async (name: string, email: string, unitId: string, roles: string[], more = '') => {
    const [row] = await sqlRows<IdRow>(
      api.dataSource,
      `INSERT INTO app_user (name, email, password_hash, unit_id, roles${more ? ', nip' : ''})
       VALUES ($1, $2, '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g', $3, $4${more ? ', $5' : ''})
       RETURNING id`,
      more ? [name, email, unitId, roles, more] : [name, email, unitId, roles],
    );
    return row.id;
  };

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    extra.siti = await insertUser('Siti Rahmawati', 'srw.keuangan@pd-a.go.id', org.pdA.id, ['requester']);
    extra.nip = await insertUser('Bambang Wibisono', 'bambang@pd-b.go.id', org.pdB.id, ['requester'], NIP);
    extra.retired = await insertUser('Rahmat Pensiun', 'rahmat.pensiun@pd-a.go.id', org.pdA.id, [
      'requester',
    ]);
    await sqlExecute(api.dataSource, `UPDATE app_user SET active = false WHERE id = $1`, [extra.retired]);
    // Staff enough for PD B that the default page (20) is full: 13 org users + 2 above + 10.
    for (let i = 1; i <= 10; i++)
      await insertUser(`Staf Bidang ${String(i).padStart(2, '0')}`, `staf${i}@pd-b.go.id`, org.pdB.id, [
        'requester',
      ]);
  });
  afterAll(() => api.close());

  const directory = (who: keyof TestOrg['users'], query: Record<string, string> = {}) =>
    api.http.get('/api/v1/users/directory').query(query).set(org.users[who].auth);
  const items = async (who: keyof TestOrg['users'], query: Record<string, string> = {}) => {
    const res = await directory(who, query);
    expect(res.status).toBe(200);
    return res.body.items as Entry[];
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  it('should show a supervisor the active users of every PD and the Dinas, by name, 20 at a time', async () => {
    const first = await items('supervisor');
    expect(first).toHaveLength(20);
    const all = await items('supervisor', { limit: '50' });
    expect(all).toHaveLength(25);
    const units = new Set(all.map((u) => u.unitId));
    expect([...units]).toEqual(expect.arrayContaining([org.pdA.id, org.pdB.id, org.dinasId]));
    const names = all.map((u) => u.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(first).toEqual(all.slice(0, 20));
    const headA = all.find((u) => u.id === org.users.unitHeadA.id);
    expect(headA).toEqual({
      id: org.users.unitHeadA.id,
      name: 'User headA',
      email: org.users.unitHeadA.email,
      unitId: org.pdA.id,
      unitName: 'Dinas A',
      roles: ['unit_head'],
    });
  });

  it('should let an admin use it too, and filter by unit and role', async () => {
    const heads = await items('admin', { role: 'unit_head' });
    expect(heads.map((u) => u.id).sort()).toEqual([org.users.unitHeadA.id, org.users.unitHeadB.id].sort());
    const pdA = await items('supervisor', { unitId: org.pdA.id });
    expect(pdA.every((u) => u.unitId === org.pdA.id && u.unitName === 'Dinas A')).toBe(true);
    expect(pdA.map((u) => u.id)).toEqual(expect.arrayContaining([org.users.tier1A.id, extra.siti]));
    const tier1B = await items('supervisor', { unitId: org.pdB.id, role: 'tier1' });
    expect(tier1B.map((u) => u.id)).toEqual([org.users.tier1B.id]);
  });

  it('should show a PD head only the users of their own PD, and refuse another PD with 403', async () => {
    const own = await items('unitHeadA', { limit: '50' });
    expect(own.length).toBe(6); // tier1A, tier1A2, headA, reqA, reqA2, Siti; not the retired one
    expect(own.every((u) => u.unitId === org.pdA.id)).toBe(true);
    expect(own.map((u) => u.id)).not.toContain(org.users.supervisor.id);
    expect(await items('unitHeadA', { unitId: org.pdA.id, limit: '50' })).toEqual(own);
    // A search cannot reach past the PD either.
    expect(await items('unitHeadA', { q: 'User tier1B' })).toEqual([]);
    const other = await directory('unitHeadA', { unitId: org.pdB.id });
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const headB = await items('unitHeadB', { limit: '50' });
    expect(headB.every((u) => u.unitId === org.pdB.id)).toBe(true);
    expect(headB.map((u) => u.id)).toContain(extra.nip);
  });

  it('should refuse requesters, Tier 1, Tier 2 and CSIRT with 403', async () => {
    for (const who of ['requesterA', 'tier1A', 'tier2', 'csirt'] as const) {
      const res = await directory(who);
      expect([who, res.status]).toEqual([who, 403]);
      expect(res.body.items).toBeUndefined();
    }
    const anonymous = await api.http.get('/api/v1/users/directory');
    expect(anonymous.status).toBe(401);
  });

  it('should find users by part of the name or the email, in any case', async () => {
    expect((await items('supervisor', { q: 'rahmaWATI' })).map((u) => u.id)).toEqual([extra.siti]);
    expect((await items('supervisor', { q: 'SRW.KEU' })).map((u) => u.id)).toEqual([extra.siti]);
    expect((await items('supervisor', { q: '@pd-b.go' })).map((u) => u.name)).toEqual([
      'Bambang Wibisono',
      ...Array.from({ length: 10 }, (_, i) => `Staf Bidang ${String(i + 1).padStart(2, '0')}`),
    ]);
    expect((await items('supervisor', { q: 'staf bidang', limit: '3' })).map((u) => u.name)).toEqual([
      'Staf Bidang 01',
      'Staf Bidang 02',
      'Staf Bidang 03',
    ]);
    // Blanks around the words do not matter; LIKE wildcards are plain characters.
    expect((await items('supervisor', { q: '  wibisono ' })).map((u) => u.id)).toEqual([extra.nip]);
    expect(await items('supervisor', { q: '%' })).toEqual([]);
    expect(await items('supervisor', { q: 'Staf_Bidang' })).toEqual([]);
    expect(await items('supervisor', { q: '' })).toHaveLength(20);
  });

  it('should leave inactive users out, and drop a user as soon as an admin deactivates them', async () => {
    expect(await items('supervisor', { q: 'pensiun' })).toEqual([]);
    expect(await items('unitHeadA', { q: 'rahmat' })).toEqual([]);
    const listed = await api.http.get('/api/v1/users').set(org.users.admin.auth);
    expect(listed.body.map((u: { id: string }) => u.id)).toContain(extra.retired);

    expect((await items('unitHeadB', { q: 'Staf Bidang 10' })).map((u) => u.name)).toEqual([
      'Staf Bidang 10',
    ]);
    const [staf] = await items('unitHeadB', { q: 'Staf Bidang 10' });
    const off = await api.http
      .patch(`/api/v1/users/${staf.id}`)
      .set(org.users.admin.auth)
      .send({ active: false });
    expect(off.status).toBe(200);
    expect(await items('unitHeadB', { q: 'Staf Bidang 10' })).toEqual([]);
    // The admin route still answers for one user: `directory` is not taken for an id.
    const one = await api.http.get(`/api/v1/users/${staf.id}`).set(org.users.admin.auth);
    expect(one.body).toMatchObject({ id: staf.id, active: false });
  });

  it('should never show password hashes, NIPs or other private fields', async () => {
    const res = await directory('supervisor', { q: 'bambang' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['items']);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(
      ['email', 'id', 'name', 'roles', 'unitId', 'unitName'].sort(),
    );
    const text = JSON.stringify((await directory('supervisor', { limit: '50' })).body);
    for (const secret of ['argon2', NIP, 'password', 'nip', 'locale', 'teamIds', 'notification'])
      expect(text).not.toContain(secret);
  });

  it('should answer bad limit, role, unitId and q with a 400 that names each field', async () => {
    for (const limit of ['0', '51', 'abc', '2.5', '-1']) {
      const res = await directory('supervisor', { limit });
      expect([limit, res.status, fields(res.body)]).toEqual([limit, 400, ['limit']]);
    }
    const role = await directory('supervisor', { role: 'raja' });
    expect(role.status).toBe(400);
    expect(fields(role.body)).toEqual(['role']);
    const unit = await directory('unitHeadA', { unitId: 'nope' });
    expect(unit.status).toBe(400);
    expect(fields(unit.body)).toEqual(['unitId']);
    const q = await directory('supervisor', { q: 'x'.repeat(101) });
    expect(fields(q.body)).toEqual(['q']);
    expect((await directory('supervisor', { q: 'x'.repeat(100) })).status).toBe(200);

    const all = await directory('supervisor', { limit: '0', role: 'raja', unitId: 'nope', extra: '1' });
    expect(all.status).toBe(400);
    expect(all.headers['content-type']).toContain('application/problem+json');
    expect(fields(all.body).sort()).toEqual(['extra', 'limit', 'role', 'unitId']);
    expect(all.body.errors.find((e: { field: string }) => e.field === 'limit').message).toBe(
      'limit must be an integer from 1 to 50',
    );
    // A repeated parameter is not a number either.
    const twice = await api.http
      .get('/api/v1/users/directory?limit=5&limit=6&q=a&q=b')
      .set(org.users.supervisor.auth);
    expect(twice.status).toBe(400);
    expect(fields(twice.body).sort()).toEqual(['limit', 'q']);
  });

  it('should be described in the OpenAPI document with its query and response', async () => {
    const doc = await api.http.get('/api/docs/openapi.json');
    const route = doc.body.paths['/api/v1/users/directory']?.get;
    expect(route).toBeDefined();
    expect(route.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'limit',
      'q',
      'role',
      'unitId',
    ]);
    expect(JSON.stringify(route.responses['200'])).toContain('#/components/schemas/UserDirectory"');
  });
});
