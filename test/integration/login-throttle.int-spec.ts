import { createOrg, TEST_PASSWORD, TestOrg } from '../support/factories/org.factory';
import { startApi, TestApi, testConfig } from '../support/harness';

/** Sign-in throttling per client address and per account, in Redis, with Retry-After. */
describe('Login throttling', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi(await testConfig({ LOGIN_RATE_LIMIT: '5', LOGIN_ADDRESS_RATE_LIMIT: '20' }));
    org = await createOrg(api.app);
  });
  afterAll(() => api?.close());

  // The api trusts X-Forwarded-For from loopback (a reverse proxy), so each test speaks for an address.
  const login = (from: string, email: string, password = 'salah-sekali') =>
    api.http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('should stop one address spraying many accounts, with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 30; i++) {
      const res = await login('203.0.113.7', `pegawai${i}@banjarkab.go.id`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Another address is not affected.
    expect((await login('203.0.113.8', org.users.requesterA.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('should stop guessing one account from many addresses, for a minute at most', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await login(`198.51.100.${i + 1}`, org.users.tier1A.email)).status);
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const blocked = await login('198.51.100.200', org.users.tier1A.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Other accounts keep working from the same addresses.
    expect((await login('198.51.100.1', org.users.tier1A2.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('should count password-reset requests the same way', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await api.http
            .post('/api/v1/auth/password-reset')
            .set('X-Forwarded-For', `192.0.2.${i + 1}`)
            .send({ email: org.users.unitHeadA.email })
        ).status,
      );
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });
});
