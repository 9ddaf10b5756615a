import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DESKTOP, DIST, PHONE, useBrowserDesk } from './browser-desk';

// page.evaluate callbacks run in the browser; the root tsconfig has no DOM lib.
declare const document: {
  title: string;
  activeElement: { tagName: string; getAttribute(name: string): string | null } | null;
};

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request whose body is read as sent (fetch and supertest would decompress it). */
function raw(base: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The headers of an endless response (the event stream), then the connection is dropped. */
function headersOnly(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      resolve(res.headers);
      req.destroy();
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

const BUDGET = 350 * 1024; // compressed JS + CSS of the sign-in page

/**
 * What makes the desk usable on a slow phone: precompressed web assets and compressed JSON, the
 * right caching, the sign-in page within its byte budget, no OpenAPI document fetched by any page,
 * and the polish a user notices (tab titles, focus after a refused form, the password toggle, the
 * mail viewer only for admins).
 */
describe('Web performance and polish', () => {
  const desk = useBrowserDesk();
  const { newPage, signedIn, tokenFor, expectAccessible } = desk;

  const index = () => readFileSync(join(DIST, 'index.html'), 'utf8');
  const assets = () => [...index().matchAll(/\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]);

  it('serves the web assets precompressed (brotli, else gzip) with Vary, cached a year as immutable', async () => {
    const js = assets().find((a) => a.endsWith('.js'))!;
    const css = assets().find((a) => a.endsWith('.css'))!;
    const original = readFileSync(join(DIST, js));

    const br = await raw(desk.base, js, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);

    const gz = await raw(desk.base, js, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await raw(desk.base, js);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);

    const style = await raw(desk.base, css, { 'Accept-Encoding': 'br' });
    expect(style.headers['content-encoding']).toBe('br');
    expect(style.headers['content-type']).toMatch(/text\/css/);
    expect(style.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    // A chunk of an older build is missing, not a page.
    const gone = await raw(desk.base, '/assets/index-0ld8uild.js', { 'Accept-Encoding': 'br' });
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).not.toMatch(/text\/html/);

    // index.html (and every deep link that answers it) is revalidated, so a deploy shows at once.
    for (const path of ['/', '/login', '/tickets/new']) {
      const page = await raw(desk.base, path, { 'Accept-Encoding': 'br, gzip' });
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-type']).toMatch(/text\/html/);
    }
  });

  it("compresses the api's JSON above 1 KB, never the live event stream", async () => {
    const token = await tokenFor('supervisor@demo.go.id');
    const auth = { Authorization: `Bearer ${token}` };
    const list = await raw(desk.base, '/api/v1/units', { ...auth, 'Accept-Encoding': 'br, gzip' });
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    expect(list.headers.vary).toMatch(/Accept-Encoding/i);
    const units = JSON.parse(brotliDecompressSync(list.body).toString('utf8'));
    expect(units.length).toBeGreaterThan(5);

    const gz = await raw(desk.base, '/api/v1/units', { ...auth, 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(units);

    // Small answers go as they are: compressing them would only cost time.
    const health = await raw(desk.base, '/health', { 'Accept-Encoding': 'br, gzip' });
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();

    const stream = await headersOnly(desk.base, `/api/v1/events/stream?access_token=${token}`, {
      'Accept-Encoding': 'br, gzip',
      Accept: 'text/event-stream',
    });
    expect(stream['content-type']).toMatch(/text\/event-stream/);
    expect(stream['content-encoding']).toBeUndefined();
  });

  /** Every request a page makes, and the compressed bytes of its JS and CSS (cold cache). */
  async function load(page: Page, path: string, ready: string) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const types = new Map<string, string>();
    const urls: string[] = [];
    let jsCss = 0;
    cdp.on('Network.requestWillBeSent', (e) => urls.push(e.request.url));
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      const type = types.get(e.requestId);
      if (type === 'Script' || type === 'Stylesheet') jsCss += e.encodedDataLength;
    });
    await page.goto(`${desk.base}${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    await cdp.detach();
    return { urls, jsCss };
  }

  it('keeps the sign-in page within 350 KB of compressed JS and CSS; no page fetches the OpenAPI document', async () => {
    const signIn = await load(await newPage(PHONE), '/login', 'input[type=password]');
    expect(signIn.jsCss).toBeGreaterThan(50 * 1024);
    expect(signIn.jsCss).toBeLessThanOrEqual(BUDGET);
    // The sign-in and report pages load no charts, data tables or date pickers.
    const heavy = /\/assets\/(charts|datatable|dates|DashboardPage)-/;
    expect(signIn.urls.filter((u) => heavy.test(u))).toEqual([]);

    const pages: [string, string, string][] = [
      ['pegawai@demo.go.id', '/tickets/new', 'form textarea'],
      ['pegawai@demo.go.id', '/tickets', 'main h1'],
      ['tier1@demo.go.id', '/workspace', '[data-testid=queue-title]'],
      ['supervisor@demo.go.id', '/dashboard', '[data-testid=report-summary]'],
      ['admin@demo.go.id', '/admin/units', 'main h1'],
    ];
    const all = [...signIn.urls];
    for (const [email, path, ready] of pages) {
      const { urls } = await load(await signedIn(email, DESKTOP), path, ready);
      all.push(...urls);
      if (path === '/tickets/new') expect(urls.filter((u) => heavy.test(u))).toEqual([]);
      if (path === '/dashboard') expect(urls.some((u) => /\/assets\/charts-/.test(u))).toBe(true);
    }
    expect(all.filter((u) => new URL(u).pathname.startsWith('/api/docs'))).toEqual([]);
  });

  it('names each page in the tab, labels the password toggle in Indonesian and moves focus to what must be fixed', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${desk.base}/login`);
    await page.getByRole('heading', { name: 'Masuk ke SPBE Desk' }).waitFor();
    expect(await page.title()).toBe('Masuk · SPBE Desk');

    // The password toggle says what it does, in the app's language.
    const show = page.getByRole('button', { name: 'Tampilkan kata sandi' });
    await show.click();
    await page.getByRole('button', { name: 'Sembunyikan kata sandi' }).waitFor();
    expect(await page.locator('input[autocomplete=current-password]').getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Sembunyikan kata sandi' }).click();
    await show.waitFor();

    // An empty form: focus lands on the first field to fix, not on the button.
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');

    // Refused by the server: focus moves to the message that says why.
    await page.getByLabel(/Email dinas/).fill('pegawai@demo.go.id');
    await page.locator('input[autocomplete=current-password]').fill('salah-sekali-123');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-form-error') !== null);
    await expectAccessible(page, 'login after a refusal');

    // Signed in, each page names itself.
    const requester = await signedIn('pegawai@demo.go.id', PHONE);
    await requester.goto(`${desk.base}/tickets/new`);
    await requester.getByRole('heading', { name: 'Laporkan masalah TIK' }).waitFor();
    expect(await requester.title()).toBe('Laporkan masalah TIK · SPBE Desk');
    // The report form refused: focus on its first invalid field.
    await requester.getByRole('button', { name: 'Kirim laporan' }).click();
    await requester.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    expect(await requester.evaluate(() => document.activeElement?.tagName)).toMatch(/INPUT|TEXTAREA/);
    await expectAccessible(requester, 'report form after a refusal');

    await requester.goto(`${desk.base}/tickets`);
    const heading = await requester.getByRole('heading', { level: 1 }).first().textContent();
    await requester.waitForFunction((h) => document.title === `${h} · SPBE Desk`, heading);
    expect(await requester.title()).toBe('Tiket saya · SPBE Desk');
  });

  it("keeps the captured-mail viewer out of the supervisor's menu and api", async () => {
    const supervisor = await signedIn('supervisor@demo.go.id', DESKTOP);
    await supervisor.goto(`${desk.base}/dashboard`);
    await supervisor.getByTestId('report-summary').waitFor();
    expect(await supervisor.title()).toBe('Dasbor layanan · SPBE Desk');
    expect(await supervisor.locator('a[href="/admin/mail"]').count()).toBe(0);
    const res = await desk.api.http
      .get('/api/v1/dev/mail')
      .set('Authorization', `Bearer ${await tokenFor('supervisor@demo.go.id')}`);
    // This api runs without the capture, so the route is not there at all (with it: 403, see
    // captured-mail-module.int-spec.ts).
    expect(res.status).toBe(404);

    // This api runs without the capture: the admin's menu has no viewer either.
    const admin = await signedIn('admin@demo.go.id', DESKTOP);
    await admin.goto(`${desk.base}/admin/units`);
    await admin.getByRole('heading', { name: 'Administrasi' }).waitFor();
    await admin.getByRole('link', { name: /Kebijakan SLA/ }).waitFor();
    expect(await admin.locator('a[href="/admin/mail"]').count()).toBe(0);

    // The SLA policy table on a desktop: its badge readable, its last column (edit) not cut off.
    await admin.goto(`${desk.base}/admin/sla`);
    const table = admin.getByTestId('sla-table');
    const edit = table.getByRole('button', { name: /^Ubah kebijakan/ }).first();
    await edit.waitFor();
    const box = (await table.boundingBox())!;
    const button = (await edit.boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(box.x + box.width);
    await table.getByText('Jam kerja', { exact: true }).first().waitFor();
    await expectAccessible(admin, 'sla policies');
  });
});
