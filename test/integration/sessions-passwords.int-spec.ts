import { JwtService } from '@nestjs/jwt';
import { INestApplicationContext } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { createOrg, TEST_PASSWORD, TestOrg, TestUser } from '../support/factories/org.factory';
import { startApi, startWorker, TestApi, testConfig, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { countOf, sqlExecute, sqlRows } from '../support/db';

const APP_URL = 'https://desk.banjarkab.example';
const NEW_PASSWORD = 'Kopi-Tubruk-Pagi-7';

/** Opens `/events/stream` and resolves once it said hello; `ended` resolves when the server ends it. */
function openStream(api: TestApi, user: Pick<TestUser, 'auth'>) {
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  return new Promise<{ res: IncomingMessage; ended: Promise<void> }>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/api/v1/events/stream', headers: user.auth }, (res) => {
      const ended = new Promise<void>((r) => res.on('end', () => r()));
      res.on('error', () => undefined);
      res.once('data', () => resolve({ res, ended }));
      res.resume();
    }).on('error', reject);
  });
}

describe('Sessions and password self-service', () => {
  let api: TestApi;
  let replica: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200', APP_URL });
    api = await startApi(config);
    replica = await startApi(config);
    org = await createOrg(api.app);
    worker = await startWorker(config);
  });
  afterAll(async () => {
    await worker?.close();
    await replica?.close();
    await api?.close();
    await sink.stop();
  });

  const me = (a: TestApi, auth: Record<string, string>) => a.http.get('/api/v1/auth/me').set(auth);
  const login = (email: string, password: string) =>
    api.http.post('/api/v1/auth/login').send({ email, password });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** A fresh Tier 1 agent of PD A with a known password, signed in. */
  async function freshUser(name: string) {
    const email = `${name.toLowerCase()}-${Date.now()}@banjarkab.go.id`;
    const created = await api.http
      .post('/api/v1/users')
      .set(org.users.admin.auth)
      .send({ name, email, password: 'Sandi#Awal-2026', unitId: org.pdA.id, roles: ['tier1'] });
    expect(created.status).toBe(201);
    const session = await login(email, 'Sandi#Awal-2026');
    expect(session.status).toBe(200);
    return { id: created.body.id as string, email, auth: bearer(session.body.accessToken) };
  }

  describe('tokens', () => {
    it('should refuse a token signed with the secret that used to be built in', async () => {
      const forged = sign(
        { sub: org.users.admin.id, exp: Math.floor(Date.now() / 1000) + 3600 },
        'spbe-desk-development-secret-do-not-use-in-production',
      );
      expect((await me(api, bearer(forged))).status).toBe(401);
      expect((await api.http.get('/api/v1/users').set(bearer(forged))).status).toBe(401);
    });

    it('should refuse a correctly signed token that carries no expiry', async () => {
      const jwt = api.app.get(JwtService);
      const eternal = jwt.sign({ sub: org.users.admin.id, sv: 0 });
      expect((await me(api, bearer(eternal))).status).toBe(401);
      const expiring = jwt.sign({ sub: org.users.admin.id, sv: 0 }, { expiresIn: '1h' });
      expect((await me(api, bearer(expiring))).status).toBe(200);
    });

    it('should give a login token with exp and the session version', async () => {
      const u = await freshUser('Ayu');
      const payload = JSON.parse(Buffer.from(u.auth.Authorization.split('.')[1], 'base64url').toString());
      expect(payload).toMatchObject({ sub: u.id, sv: 0 });
      expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    });
  });

  describe('an admin change ends earlier sessions at once, on every api replica', () => {
    it.each([
      ['a password reset', { password: 'Baru#Sandi-2026-x' }],
      ['a deactivation', { active: false }],
      ['a role change', { roles: ['unit_head'] }],
    ])('should end the tokens after %s', async (_what, patch) => {
      const u = await freshUser('Budi');
      // Both replicas have the user's actor cached.
      expect((await me(api, u.auth)).status).toBe(200);
      expect((await me(replica, u.auth)).status).toBe(200);
      const changed = await api.http.patch(`/api/v1/users/${u.id}`).set(org.users.admin.auth).send(patch);
      expect(changed.status).toBe(200);
      expect((await me(api, u.auth)).status).toBe(401);
      // The other replica hears of it over Redis pub/sub, well before its 5 s cache would expire.
      const started = Date.now();
      await waitFor(async () => (await me(replica, u.auth)).status === 401, 1000, 'replica to refuse');
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('should keep the session when only the name changes', async () => {
      const u = await freshUser('Citra');
      await api.http.patch(`/api/v1/users/${u.id}`).set(org.users.admin.auth).send({ name: 'Citra Dewi' });
      expect((await me(api, u.auth)).status).toBe(200);
    });

    it('should close an open live stream of the user when the password changes', async () => {
      const u = await freshUser('Dedi');
      const stream = await openStream(replica, u);
      const res = await api.http
        .post('/api/v1/auth/password')
        .set(u.auth)
        .send({ currentPassword: 'Sandi#Awal-2026', newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);
      const closed = await Promise.race([
        stream.ended.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 2000)),
      ]);
      stream.res.destroy();
      expect(closed).toBe(true);
    });
  });

  describe('POST /auth/password', () => {
    it('should change the password, end the old token and sign in with the new one', async () => {
      const u = await freshUser('Eka');
      const res = await api.http
        .post('/api/v1/auth/password')
        .set(u.auth)
        .send({ currentPassword: 'Sandi#Awal-2026', newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);
      expect((await me(api, u.auth)).status).toBe(401);
      expect((await login(u.email, 'Sandi#Awal-2026')).status).toBe(401);
      const again = await login(u.email, NEW_PASSWORD);
      expect(again.status).toBe(200);
      expect((await me(api, bearer(again.body.accessToken))).status).toBe(200);
    });

    it('should name the field that is wrong', async () => {
      const u = await freshUser('Fajar');
      const wrong = await api.http
        .post('/api/v1/auth/password')
        .set(u.auth)
        .send({ currentPassword: 'bukan-ini-sandinya', newPassword: NEW_PASSWORD });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      for (const weak of [
        '12345678',
        'pendek',
        'password123',
        'qwertyuiop',
        `${u.email.split('@')[0]}!2026`,
      ]) {
        const res = await api.http
          .post('/api/v1/auth/password')
          .set(u.auth)
          .send({ currentPassword: 'Sandi#Awal-2026', newPassword: weak });
        expect({ weak, status: res.status }).toEqual({ weak, status: 400 });
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
      }
      expect((await me(api, u.auth)).status).toBe(200);
    });

    it('should need a signed-in user', async () => {
      const res = await api.http
        .post('/api/v1/auth/password')
        .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(401);
    });
  });

  describe('password policy on accounts an admin creates', () => {
    it.each([
      ['too short', '12345678'],
      ['a common password', 'password123'],
      ['a common password in capitals', 'QWERTYUIOP'],
      ['the email name', 'gita.sari#2026'],
    ])('should refuse %s with 400 naming password', async (_what, password) => {
      const res = await api.http
        .post('/api/v1/users')
        .set(org.users.admin.auth)
        .send({
          name: 'Gita Sari',
          email: `gita.sari@banjarkab.go.id`,
          password,
          unitId: org.pdA.id,
          roles: ['requester'],
        });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });
  });

  describe('password reset by mail', () => {
    const request = (email: string) => api.http.post('/api/v1/auth/password-reset').send({ email });
    const confirm = (token: string, newPassword: string) =>
      api.http.post('/api/v1/auth/password-reset/confirm').send({ token, newPassword });
    const mailedToken = async (email: string, already = 0) => {
      const mails = await waitFor(
        async () => (sink.to(email).length > already ? sink.to(email) : null),
        15000,
        `reset mail to ${email}`,
      );
      const link = /https:\/\/desk\.banjarkab\.example\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(
        mails[mails.length - 1].text,
      );
      expect(link).not.toBeNull();
      return link![1];
    };

    it('should answer the same for an unknown email, and mail nothing', async () => {
      const known = await freshUser('Hadi');
      const a = await request(known.email);
      const b = await request(`tidak-ada-${Date.now()}@banjarkab.go.id`);
      expect(a.status).toBe(202);
      expect(b.status).toBe(202);
      expect(b.body).toEqual(a.body);
      await mailedToken(known.email);
      const n = await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM mail_message WHERE recipient LIKE 'tidak-ada-%'`,
      );
      expect(n).toBe(0);
    });

    it('should set the new password once with the mailed link, storing only a hash of it', async () => {
      const u = await freshUser('Indah');
      await request(u.email);
      const token = await mailedToken(u.email);
      const [stored] = await sqlRows<{ token_hash: string; ttl: { minutes?: number } }>(
        api.dataSource,
        `SELECT token_hash, expires_at - created_at AS ttl FROM password_reset WHERE user_id = $1`,
        [u.id],
      );
      expect(stored.token_hash).not.toContain(token);
      expect(stored.ttl).toMatchObject({ minutes: 30 });
      const weak = await confirm(token, '1234567890');
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
      expect((await confirm(token, NEW_PASSWORD)).status).toBe(204);
      expect((await me(api, u.auth)).status).toBe(401);
      expect((await login(u.email, NEW_PASSWORD)).status).toBe(200);
      const reused = await confirm(token, 'Lain#Lagi-Sandi-99');
      expect(reused.status).toBe(400);
      expect(reused.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
    });

    it('should refuse a link older than 30 minutes', async () => {
      const u = await freshUser('Joko');
      await request(u.email);
      const token = await mailedToken(u.email);
      await sqlExecute(
        api.dataSource,
        `UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [u.id],
      );
      const res = await confirm(token, NEW_PASSWORD);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
      expect((await login(u.email, 'Sandi#Awal-2026')).status).toBe(200);
    });

    it('should send the reset mail at once, never held for working hours', async () => {
      const u = await freshUser('Kiki');
      await request(u.email);
      await mailedToken(u.email);
      const mailRow = async () =>
        (
          await sqlRows<{ status: string; not_before: Date | null }>(
            api.dataSource,
            `SELECT status, not_before FROM mail_message WHERE recipient = $1 AND kind = 'account.password_reset'`,
            [u.email],
          )
        )[0];
      // The sink has the mail before the sender has marked its row sent: wait for that mark.
      await waitFor(async () => (await mailRow())?.status === 'sent', 10_000, 'the reset mail marked sent');
      expect(await mailRow()).toMatchObject({ status: 'sent', not_before: null });
    });
  });
});
