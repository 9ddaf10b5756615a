import { AxeBuilder } from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startApi, TestApi, testConfig } from '../../support/harness';

/**
 * The web desk in a real browser (Debian's chromium driven by playwright-core) against the real api,
 * PostgreSQL and Redis, with the demo organisation seeded. Saves screenshots of the main pages to
 * apps/web/screenshots/ and runs axe on each of them.
 */
// page.evaluate callbacks run in the browser; the root tsconfig has no DOM lib, so name what they use.
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { scrollTo: (x: number, y: number) => void };
declare const localStorage: { setItem: (key: string, value: string) => void };

const ROOT = resolve(__dirname, '../../..');
const WEB = join(ROOT, 'apps/web');
const DIST = join(WEB, 'dist');
const SHOTS = join(WEB, 'screenshots');
const PASSWORD = 'Demo#2026';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'screenshots') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist is missing or older than its sources (or the shared contracts). */
function ensureWebBuild(): void {
  const index = join(DIST, 'index.html');
  const sources = Math.max(newestMtime(join(WEB, 'src')), newestMtime(join(ROOT, 'libs/contracts/src')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  const result = spawnSync('npm', ['--prefix', WEB, 'run', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `web build failed (did 'npm --prefix apps/web ci' run?):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

describe('Web desk in a browser', () => {
  let api: TestApi;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let ticket: { id: string; number: string; title: string };

  beforeAll(async () => {
    ensureWebBuild();
    mkdirSync(SHOTS, { recursive: true });
    api = await startApi(
      await testConfig({ WEB_DIST_DIR: DIST, DEMO_SEED: 'true', RUN_MIGRATIONS: 'false' }),
    );
    base = `http://127.0.0.1:${api.app.getHttpServer().address().port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  afterEach(() => {
    // Any uncaught exception in the page fails the scenario that caused it.
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  async function newPage(viewport: { width: number; height: number }, token?: string): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
    contexts.push(context);
    if (token) await context.addInitScript((t) => localStorage.setItem('desk.token', t), token);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function tokenFor(email: string): Promise<string> {
    const res = await api.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }

  async function signedIn(email: string, viewport = DESKTOP): Promise<Page> {
    return newPage(viewport, await tokenFor(email));
  }

  /** No serious or critical accessibility violation on the page as it is now. */
  async function expectAccessible(page: Page, what: string): Promise<void> {
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${what}: ${v.id} (${v.impact}) ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
      );
    expect(bad).toEqual([]);
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    // Toasts come and go; the README pictures show the page itself.
    await page.screenshot({
      path: join(SHOTS, `${name}.png`),
      fullPage: true,
      style: '.mantine-Notifications-root { display: none }',
    });
  }

  it('signs in in Bahasa Indonesia and switches the interface to English', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${base}/tickets`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('heading', { name: 'Masuk ke SPBE Desk' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    await expectAccessible(page, 'login');
    await shot(page, 'login-phone');

    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to SPBE Desk' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    // A wrong password is said in plain words; then the right one lands on the page asked for.
    await page.getByLabel(/Work email/).fill('pegawai@demo.go.id');
    await page.getByLabel(/Password/).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password').waitFor();
    await page.getByLabel(/Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/tickets`);
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();

    // Back to Bahasa Indonesia from the profile page (the header switch is in the menu on a phone).
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'My profile' }).click();
    await page.getByTestId('profile-language').getByText('Bahasa Indonesia').click();
    await page.getByRole('heading', { name: 'Profil saya' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('id');
  });

  it('lets a requester on a 360 px phone file a ticket, once, through a dropped connection, and shows its number', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${base}/tickets/new`);
    await page.getByRole('heading', { name: 'Laporkan masalah TIK' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The form's own validation, in Indonesian, next to the fields.
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Minimal 5 karakter.').waitFor();
    await expectAccessible(page, 'report form (errors)');

    const title = `Komputer loket ${Date.now().toString(36)} tidak bisa menyala`;
    await page.getByLabel(/Judul singkat/).fill(title);
    await page
      .getByLabel(/Uraian masalah/)
      .fill('Sejak pagi komputer di loket 3 tidak mau menyala, lampu daya berkedip oranye.');
    await page.getByTestId('impact-2').click();
    await page.getByTestId('urgency-1').click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'foto-layar.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ff3f0005fe02fea7d605cf0000000049454e44ae426082',
        'hex',
      ),
    });
    await page.getByText('foto-layar.png').waitFor();
    await shot(page, 'report-phone');

    // The first POST reaches the api but its answer is lost: the form retries with the same Idempotency-Key.
    const keys: string[] = [];
    await page.route('**/api/v1/tickets', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      keys.push((await request.headerValue('idempotency-key')) ?? '');
      if (keys.length === 1) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor({ timeout: 20_000 });
    const number = (await page.getByTestId('ticket-number').textContent())!.trim();
    expect(number).toMatch(/^TIK-\d{4}-\d{6}$/);
    expect(keys.length).toBe(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await page.getByText('Terunggah').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'receipt');
    await shot(page, 'receipt-phone');

    const token = await tokenFor('pegawai@demo.go.id');
    const mine = await api.http
      .get('/api/v1/tickets')
      .query({ q: title })
      .set('Authorization', `Bearer ${token}`);
    expect(mine.body.items.map((t: { number: string }) => t.number)).toEqual([number]);
    ticket = { id: mine.body.items[0].id, number, title };

    await page.getByRole('link', { name: 'Lihat tiket' }).click();
    await page.waitForURL(`${base}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('button', { name: 'Unduh foto-layar.png' }).waitFor();

    await page.goto(`${base}/tickets`);
    await page.getByText(number).waitFor();
    await expectAccessible(page, 'my tickets');
    await shot(page, 'my-tickets-phone');
  });

  it('shows the ticket in the Tier 1 desk of its PD, where the technician claims, starts and resolves it', async () => {
    const page = await signedIn('tier1@demo.go.id');
    await page.goto(`${base}/workspace`);
    await page.getByTestId('queue-title').getByText('Meja Tier 1 · Dinas Kesehatan').waitFor();
    const row = page.getByRole('row').filter({ hasText: ticket.number });
    await row.waitFor();
    await expectAccessible(page, 'workspace');
    await shot(page, 'workspace');

    await row.getByRole('button', { name: `Ambil ${ticket.number}` }).click();
    await row.getByText('Muhammad Ridwan').waitFor();

    await row.getByRole('link', { name: ticket.number }).click();
    await page.waitForURL(`${base}/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Mulai kerjakan' }).click();
    await page.getByTestId('ticket-page').getByText('Sedang dikerjakan', { exact: true }).first().waitFor();

    await page
      .getByRole('textbox', { name: 'Isi pesan' })
      .fill('Kabel daya sudah kami periksa, teknisi menuju loket 3.');
    await page.getByRole('button', { name: 'Kirim' }).click();
    await page.getByText('Balasan dari Muhammad Ridwan').waitFor();

    await page.getByTestId('agent-actions').getByRole('button', { name: 'Selesaikan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Selesaikan' }).click();
    await dialog.getByText('Minimal 5 karakter.').waitFor();
    await dialog
      .getByLabel(/Penyelesaian/)
      .fill('Catu daya komputer diganti dengan unit cadangan; komputer menyala normal.');
    await dialog.getByRole('button', { name: 'Selesaikan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('resolution').getByText('Catu daya komputer diganti').waitFor();
    await page.getByText('Muhammad Ridwan menyelesaikan tiket').waitFor();
    await expectAccessible(page, 'ticket (agent)');
    await shot(page, 'ticket-agent');
  });

  it('shows the requester the resolution and takes their rating', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByTestId('resolution').getByText('Catu daya komputer diganti').waitFor();
    await page.getByText('Kabel daya sudah kami periksa').waitFor();
    await page.getByText('Apakah masalah Anda sudah teratasi?').waitFor();

    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByText('Pilih nilai 1 sampai 5.').waitFor();
    // The star radios are visually hidden; a person taps the star (the radio's label).
    const star = await page.getByRole('radio', { name: '5 dari 5 bintang' }).getAttribute('id');
    await page.locator(`label[for="${star}"]`).click();
    await page.getByLabel(/Komentar/).fill('Cepat dan ramah, terima kasih.');
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByTestId('rating-given').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'ticket (requester)');
    await shot(page, 'ticket-requester-phone');

    const token = await tokenFor('pegawai@demo.go.id');
    const res = await api.http.get(`/api/v1/tickets/${ticket.id}`).set('Authorization', `Bearer ${token}`);
    expect(res.body.rating).toMatchObject({ score: 5, comment: 'Cepat dan ramah, terima kasih.' });
  });

  it('answers a requester of another PD with the not-found page', async () => {
    const page = await signedIn('pegawai.disdikbud@demo.go.id', PHONE);
    await page.goto(`${base}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: 'Tiket tidak ditemukan' }).waitFor();
    expect(await page.getByText(ticket.title).count()).toBe(0);
    await expectAccessible(page, 'not found');
  });

  it('renders the supervisor dashboard charts and the admin pages', async () => {
    const page = await signedIn('supervisor@demo.go.id');
    await page.goto(`${base}/dashboard`);
    await page.getByRole('heading', { name: 'Dasbor layanan' }).waitFor();
    await page.getByTestId('chart-card').first().waitFor();
    expect(
      await page.locator('[data-testid=chart-card] svg.recharts-surface').count(),
    ).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, 'dashboard');
    await shot(page, 'dashboard');

    const admin = await signedIn('admin@demo.go.id');
    await admin.goto(`${base}/admin/users`);
    await admin.getByText('pegawai@demo.go.id').waitFor();
    await expectAccessible(admin, 'admin users');
    await shot(admin, 'admin-users');
  });
});
