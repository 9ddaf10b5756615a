import { ConfigError, loadConfig } from '@desk/config';
import { createOrg, TEST_PASSWORD, TestOrg } from '../support/factories/org.factory';
import { startApi, TestApi, testConfig } from '../support/harness';

/** Org administration, login and the api's guard rails (issue 2, SPEC sections 3, 10, 13). */
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
      const [{ hash }] = await api.dataSource.query(
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
      const desks = await api.dataSource.query(`SELECT id FROM desk WHERE unit_id = $1`, [res.body.id]);
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
      expect(bad.body.errors?.[0]?.field ?? bad.body.detail).toBeTruthy();
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

    it('should refuse to start in production with the default JWT secret', () => {
      expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
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
