import { ConfigError, loadConfig } from '@desk/config';
import { createOrg, TEST_PASSWORD, TestOrg, TestUser } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { IdRow, sqlRows } from '../support/db';
import { startApi, TestApi, testConfig } from '../support/harness';

/** Org administration, login and the api's guard rails (issue 2, docs/domain.md, "Who sees what"; the OpenAPI document at /api/docs; docs/security.md). */
describe('Org and auth', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi(await testConfig({ LOGIN_RATE_LIMIT: '5' }));
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  const admin = () => org.users.admin.auth;

  describe('login', () => {
    it('should sign in with the right password, hashed with argon2id, and answer /auth/me', async () => {
      const res = await api.http
        .post('/api/v1/auth/login')
        .send({ email: org.users.tier1A.email, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.user.roles).toContain('tier1');
      const [{ hash }] = await sqlRows<{ hash: string }>(
        api.dataSource,
        `SELECT password_hash AS hash FROM app_user WHERE id = $1`,
        [org.users.tier1A.id],
      );
      expect(hash).toMatch(/^\$argon2id\$/);
      const me = await api.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: org.users.tier1A.id, unitId: org.pdA.id });
      expect(JSON.stringify(me.body)).not.toContain('argon2');
    });

    it('should answer a wrong password 401 and rate-limit repeated attempts with 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await api.http
          .post('/api/v1/auth/login')
          .send({ email: org.users.requesterB.email, password: 'salah-sekali' });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
      expect(statuses.at(-1)).toBe(429);
    });
  });

  describe('administration', () => {
    it('should create a PD together with its Tier 1 desk', async () => {
      const res = await api.http
        .post('/api/v1/units')
        .set(admin())
        .send({ code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan PTSP', kind: 'pd' });
      expect(res.status).toBe(201);
      const desks = await sqlRows<IdRow>(api.dataSource, `SELECT id FROM desk WHERE unit_id = $1`, [
        res.body.id,
      ]);
      expect(desks).toHaveLength(1);
    });

    it('should name every bad field of a new user, NIP included', async () => {
      const res = await api.http
        .post('/api/v1/users')
        .set(admin())
        .send({
          name: 'X',
          email: 'bukan-email',
          password: 'pendek',
          nip: '1234',
          unitId: 'nope',
          roles: ['raja'],
        });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'email', 'password', 'nip', 'unitId', 'roles']));
    });

    it('should create a user with an 18-digit NIP who can then sign in', async () => {
      const res = await api.http
        .post('/api/v1/users')
        .set(admin())
        .send({
          name: 'Rahmat Hidayat',
          email: 'rahmat.hidayat@pd-a.go.id',
          password: 'Sandi#Rahmat2026',
          nip: '198703152010011003',
          unitId: org.pdA.id,
          roles: ['requester'],
        });
      expect(res.status).toBe(201);
      const login = await api.http
        .post('/api/v1/auth/login')
        .send({ email: 'rahmat.hidayat@pd-a.go.id', password: 'Sandi#Rahmat2026' });
      expect(login.status).toBe(200);
    });

    it('should keep configuration to admins (403) and hide users from other roles', async () => {
      for (const who of ['requesterA', 'tier1A', 'supervisor', 'csirt'] as const) {
        const unit = await api.http
          .post('/api/v1/units')
          .set(org.users[who].auth)
          .send({ code: 'X1', name: 'Unit X', kind: 'pd' });
        expect(unit.status).toBe(403);
        const users = await api.http.get('/api/v1/users').set(org.users[who].auth);
        expect(users.status).toBe(403);
      }
    });

    it('should create teams and categories routed to a team', async () => {
      const team = await api.http
        .post('/api/v1/teams')
        .set(admin())
        .send({ code: 'GIS', name: 'Tim Data Spasial' });
      expect(team.status).toBe(201);
      const cat = await api.http
        .post('/api/v1/categories')
        .set(admin())
        .send({ code: 'PETA', name: 'Aplikasi peta', teamId: team.body.id });
      expect(cat.status).toBe(201);
      const bad = await api.http
        .post('/api/v1/categories')
        .set(admin())
        .send({ code: 'PETA2', name: 'Aplikasi peta 2', teamId: '00000000-0000-4000-8000-000000000000' });
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      // The one bad field is named, with a message saying what is wrong with it.
      expect(bad.body.errors).toEqual([{ field: 'teamId', message: expect.stringMatching(/team/i) }]);
      const missing = await api.http.post('/api/v1/categories').set(admin()).send({ name: 12 });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'code',
        'name',
        'teamId',
      ]);
    });
  });

  describe('editing teams and categories', () => {
    const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
    const patch = (as: TestUser, path: string, body: Record<string, unknown>) =>
      api.http.patch(`/api/v1/${path}`).set(as.auth).send(body);
    const fields = (res: { body: { errors?: { field: string }[] } }) =>
      (res.body.errors ?? []).map((e) => e.field);
    const newTeam = async (code: string) => {
      const res = await api.http
        .post('/api/v1/teams')
        .set(admin())
        .send({ code, name: `Tim ${code}` });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const newCategory = async (code: string, teamId: string) => {
      const res = await api.http
        .post('/api/v1/categories')
        .set(admin())
        .send({ code, name: `Kategori ${code}`, teamId });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const escalate = (ticketId: string, body: Record<string, unknown> = {}) =>
      api.http
        .post(`/api/v1/tickets/${ticketId}/escalate`)
        .set(org.users.tier1A.auth)
        .send({ reason: 'Di luar kewenangan Tier 1', ...body });

    it('should change only the given fields of a team', async () => {
      const id = await newTeam('EDIT-TEAM');
      const renamed = await patch(org.users.admin, `teams/${id}`, { name: 'Tim Server dan Pusat Data' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        id,
        code: 'EDIT-TEAM',
        name: 'Tim Server dan Pusat Data',
        security: false,
      });
      const recoded = await patch(org.users.admin, `teams/${id}`, { code: 'EDIT-DC' });
      expect(recoded.body).toMatchObject({ code: 'EDIT-DC', name: 'Tim Server dan Pusat Data' });
      expect((await patch(org.users.admin, `teams/${id}`, {})).body).toMatchObject({ code: 'EDIT-DC' });
      const list = await api.http.get('/api/v1/teams').set(org.users.tier1A.auth);
      expect(list.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ id, name: 'Tim Server dan Pusat Data' })]),
      );
    });

    it('should keep a single security team, also when two admins race for the flag', async () => {
      const [a, b] = [await newTeam('EDIT-SEC-A'), await newTeam('EDIT-SEC-B')];
      const second = await patch(org.users.admin, `teams/${a}`, { security: true });
      expect(second.status).toBe(400);
      expect(second.headers['content-type']).toContain('application/problem+json');
      expect(fields(second)).toEqual(['security']);
      // The CSIRT may set its own flag again; moving the flag means clearing it first.
      expect((await patch(org.users.admin, `teams/${org.teams.csirt}`, { security: true })).status).toBe(200);
      expect((await patch(org.users.admin, `teams/${org.teams.csirt}`, { security: false })).status).toBe(
        200,
      );
      const race = await Promise.all(
        [a, b].map((id) => patch(org.users.admin, `teams/${id}`, { security: true })),
      );
      expect(race.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(fields(race.find((r) => r.status === 400)!)).toEqual(['security']);
      const secure = await sqlRows<IdRow>(api.dataSource, `SELECT id FROM team WHERE security`);
      expect(secure).toEqual([{ id: race.find((r) => r.status === 200)!.body.id }]);
      await patch(org.users.admin, `teams/${secure[0].id}`, { security: false });
      expect((await patch(org.users.admin, `teams/${org.teams.csirt}`, { security: true })).status).toBe(200);
    });

    it('should route new escalations of a category to its new team, or to none', async () => {
      const gis = await newTeam('EDIT-GIS');
      const id = await newCategory('EDIT-PETA', org.teams.network);
      const moved = await patch(org.users.admin, `categories/${id}`, { teamId: gis });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id, code: 'EDIT-PETA', name: 'Kategori EDIT-PETA', teamId: gis });
      const routed = await fileTicket(api, org.users.requesterA, { categoryId: id });
      const res = await escalate(routed.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tier: 2, team: { id: gis } });

      const renamed = await patch(org.users.admin, `categories/${id}`, { name: 'Peta dan data spasial' });
      expect(renamed.body).toMatchObject({ name: 'Peta dan data spasial', teamId: gis });
      const unrouted = await patch(org.users.admin, `categories/${id}`, { teamId: null });
      expect(unrouted.status).toBe(200);
      expect(unrouted.body.teamId).toBeNull();
      const orphan = await fileTicket(api, org.users.requesterA, { categoryId: id });
      const refused = await escalate(orphan.id);
      expect(refused.status).toBe(400);
      expect(fields(refused)).toContain('teamId');
      expect((await escalate(orphan.id, { teamId: org.teams.apps })).body.team.id).toBe(org.teams.apps);
    });

    it('should answer 400 naming each bad field of a change, and 409 for a code in use', async () => {
      const team = await newTeam('EDIT-BAD');
      const category = await newCategory('EDIT-BAD', team);
      const badTeam = await patch(org.users.admin, `teams/${team}`, {
        code: 'huruf kecil',
        name: 'ab',
        security: 'ya',
      });
      expect(badTeam.status).toBe(400);
      expect(badTeam.headers['content-type']).toContain('application/problem+json');
      expect(fields(badTeam).sort()).toEqual(['code', 'name', 'security']);
      const nulls = await patch(org.users.admin, `teams/${team}`, { code: null, name: null, security: null });
      expect(fields(nulls).sort()).toEqual(['code', 'name', 'security']);
      const badCategory = await patch(org.users.admin, `categories/${category}`, {
        code: 'x',
        name: 42,
        teamId: 'bukan-uuid',
        kind: 'incident',
      });
      expect(badCategory.status).toBe(400);
      expect(fields(badCategory).sort()).toEqual(['code', 'kind', 'name', 'teamId']);
      const noTeam = await patch(org.users.admin, `categories/${category}`, { teamId: UNKNOWN_ID });
      expect(noTeam.status).toBe(400);
      expect(fields(noTeam)).toEqual(['teamId']);
      const taken = await patch(org.users.admin, `teams/${team}`, { code: 'EDIT-SEC-A' });
      expect(taken.status).toBe(409);
      expect(fields(taken)).toEqual(['code']);
      const takenCategory = await patch(org.users.admin, `categories/${category}`, { code: 'EDIT-PETA' });
      expect(takenCategory.status).toBe(409);
      expect(fields(takenCategory)).toEqual(['code']);
      const [after] = await sqlRows<{ code: string; teamId: string; teamCode: string }>(
        api.dataSource,
        `SELECT c.code, c.team_id AS "teamId", t.code AS "teamCode" FROM category c JOIN team t ON t.id = $2 WHERE c.id = $1`,
        [category, team],
      );
      expect(after).toEqual({ code: 'EDIT-BAD', teamId: team, teamCode: 'EDIT-BAD' });
    });

    it('should answer 404 for a team or category that does not exist', async () => {
      for (const path of ['teams', 'categories']) {
        for (const id of [UNKNOWN_ID, 'bukan-uuid']) {
          const res = await patch(org.users.admin, `${path}/${id}`, { name: 'Nama yang baru' });
          expect(res.status).toBe(404);
          expect(res.headers['content-type']).toContain('application/problem+json');
        }
      }
    });

    it('should keep editing teams and categories to admins (403)', async () => {
      for (const who of ['requesterA', 'tier1A', 'supervisor', 'tier2'] as const) {
        const team = await patch(org.users[who], `teams/${org.teams.network}`, { name: 'Tim Diambil Alih' });
        expect(team.status).toBe(403);
        const category = await patch(org.users[who], `categories/${org.categories.network}`, {
          teamId: org.teams.apps,
        });
        expect(category.status).toBe(403);
      }
      const [network] = await sqlRows<{ name: string }>(
        api.dataSource,
        `SELECT name FROM team WHERE id = $1`,
        [org.teams.network],
      );
      expect(network.name).toBe('NET');
      const [route] = await sqlRows<{ teamId: string }>(
        api.dataSource,
        `SELECT team_id AS "teamId" FROM category WHERE id = $1`,
        [org.categories.network],
      );
      expect(route.teamId).toBe(org.teams.network);
    });
  });

  describe('the edge', () => {
    it('should set security headers and serve OpenAPI at /api/docs', async () => {
      const res = await api.http.get('/health');
      expect(res.status).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      const doc = await api.http.get('/api/docs/openapi.json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/tickets', '/api/v1/auth/login']),
      );
    });

    it('should report PostgreSQL and Redis as ready', async () => {
      const res = await api.http.get('/ready');
      expect(res.status).toBe(200);
      expect(res.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
    });
  });

  describe('configuration', () => {
    const base = { DATABASE_URL: 'postgres://x@localhost/x', REDIS_URL: 'redis://localhost:6379' };

    it('should refuse to start without a JWT secret of its own, whatever NODE_ENV says', () => {
      expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
      expect(() => loadConfig({ ...base })).toThrow(/JWT_SECRET/);
      expect(() => loadConfig({ ...base, NODE_ENV: 'development' })).toThrow(/JWT_SECRET/);
      expect(() => loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40) })).not.toThrow();
    });

    it('should name each bad variable in one error', () => {
      let error: unknown;
      try {
        loadConfig({ NODE_ENV: 'staging', PORT: 'delapan', DEMO_REGION: 'atlantis' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['NODE_ENV', 'PORT', 'DEMO_REGION', 'DATABASE_URL', 'REDIS_URL'])
        expect(message).toContain(name);
    });
  });
});
