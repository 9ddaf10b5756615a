import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { startApi, testConfig, TestApi } from '../support/harness';

const RAW = [
  'From: desk@pemda.go.id',
  'To: siti@pd-a.go.id',
  'Subject: Tiket TIK-2026-000001 diterima',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Tiket Anda sudah kami terima.',
].join('\r\n');

/**
 * The development mail capture's viewer is a module the api loads only while the capture runs: with
 * MAIL_CAPTURE_DIR it lists and opens captured mail for admins; without it, or in production even
 * with the folder set, the route does not exist (404 before any sign-in check).
 */
describe('Captured-mail module', () => {
  let capture: TestApi;
  let plain: TestApi;
  let production: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    const on = await testConfig();
    const mailDir = join(on.DATA_DIR, 'mail');
    mkdirSync(mailDir, { recursive: true });
    writeFileSync(
      join(mailDir, '1796950000000-abcd1234.json'),
      JSON.stringify({
        id: '1796950000000-abcd1234',
        receivedAt: '2026-12-06T09:00:00.000Z',
        from: 'desk@pemda.go.id',
        to: ['siti@pd-a.go.id'],
        raw: RAW,
      }),
    );
    capture = await startApi(await testConfig({ DATABASE_URL: on.DATABASE_URL, MAIL_CAPTURE_DIR: mailDir }));
    plain = await startApi(await testConfig({ DATABASE_URL: on.DATABASE_URL }));
    production = await startApi(
      await testConfig({
        DATABASE_URL: on.DATABASE_URL,
        MAIL_CAPTURE_DIR: mailDir,
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
      }),
    );
    org = await createOrg(capture.app);
  });
  afterAll(async () => {
    await Promise.all([capture, plain, production].map((api) => api?.close()));
  });

  it('should list and open captured mail for an admin while the capture runs', async () => {
    const list = await capture.http.get('/api/v1/dev/mail').set(org.users.admin.auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        id: '1796950000000-abcd1234',
        receivedAt: '2026-12-06T09:00:00.000Z',
        from: 'desk@pemda.go.id',
        to: ['siti@pd-a.go.id'],
        subject: 'Tiket TIK-2026-000001 diterima',
      },
    ]);
    const one = await capture.http.get('/api/v1/dev/mail/1796950000000-abcd1234').set(org.users.admin.auth);
    expect(one.status).toBe(200);
    expect(one.body.text.trim()).toBe('Tiket Anda sudah kami terima.');
    // Still admins only, and still signed in only.
    expect((await capture.http.get('/api/v1/dev/mail').set(org.users.supervisor.auth)).status).toBe(403);
    expect((await capture.http.get('/api/v1/dev/mail')).status).toBe(401);
  });

  it('should not have the route at all without the capture', async () => {
    for (const path of ['/api/v1/dev/mail', '/api/v1/dev/mail/1796950000000-abcd1234']) {
      const asAdmin = await plain.http.get(path).set(org.users.admin.auth);
      expect(asAdmin.status).toBe(404);
      expect(asAdmin.headers['content-type']).toMatch(/^application\/problem\+json/);
      // Absent, not guarded: no sign-in is asked for a route that does not exist.
      expect((await plain.http.get(path)).status).toBe(404);
    }
  });

  it('should not have the route in production even with a capture folder', async () => {
    for (const path of ['/api/v1/dev/mail', '/api/v1/dev/mail/1796950000000-abcd1234']) {
      const res = await production.http.get(path);
      expect(res.status).toBe(404);
    }
    // The same request reaches the guard where the module is loaded.
    expect((await capture.http.get('/api/v1/dev/mail')).status).toBe(401);
  });
});
