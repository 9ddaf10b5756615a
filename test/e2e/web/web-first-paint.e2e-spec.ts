import type { Page, Request } from 'playwright-core';
import { DESKTOP, PASSWORD, PHONE, useBrowserDesk } from './browser-desk';

// page.evaluate callbacks run in the browser; the root tsconfig has no DOM lib.
declare const document: {
  activeElement: {
    getAttribute(name: string): string | null;
    selectionStart?: number | null;
    closest(selector: string): unknown;
  } | null;
};
declare const localStorage: { setItem: (key: string, value: string) => void };

/**
 * Holds back every script of the app (`/assets/*.js`) until released: what a slow phone sees and
 * can do before its JavaScript arrives.
 */
async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/*.js', async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** Every URL the page asks for or moves to, to prove the password never appears in one. */
function urlsOf(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r: Request) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  return urls;
}

const STATIC = '#desk-static';

/**
 * The sign-in and report forms paint from the HTML before the app's scripts arrive; what is typed
 * into them (and an early submit) carries over when the app takes over.
 */
describe('Forms before the scripts arrive', () => {
  const desk = useBrowserDesk();
  const { newPage, signedIn, tokenFor, expectAccessible, expectNoSideScroll, shot } = desk;

  it('shows the sign-in form before the scripts and keeps what was typed, focus and caret included', async () => {
    const page = await newPage(PHONE);
    const urls = urlsOf(page);
    const release = await holdScripts(page);
    await page.goto(`${desk.base}/login`, { waitUntil: 'commit' });

    const email = page.locator(`${STATIC} input[type=email]`);
    await email.waitFor();
    expect(await page.getByRole('heading', { name: 'Masuk ke SPBE Desk' }).count()).toBe(1);
    expect(await page.title()).toBe('Masuk · SPBE Desk');
    await expectAccessible(page, 'static sign-in form');
    await expectNoSideScroll(page);
    await shot(page, 'first-paint-login-static');

    await page.getByLabel(/Email dinas/).fill('pegawai@demo.go.id');
    await page.getByLabel(/Kata sandi/).fill(PASSWORD);
    // The caret after the 4th character of the password, as a user correcting a typo left it.
    await page
      .getByLabel(/Kata sandi/)
      .evaluate((el: { setSelectionRange(a: number, b: number): void }) => el.setSelectionRange(4, 4));

    release();
    // The app's own form (its password toggle) has taken over, with the same values.
    await page.getByRole('button', { name: 'Tampilkan kata sandi' }).waitFor();
    expect(await page.locator(STATIC).innerHTML()).toBe('');
    expect(await page.locator('input[autocomplete=username]').inputValue()).toBe('pegawai@demo.go.id');
    expect(await page.locator('input[autocomplete=current-password]').inputValue()).toBe(PASSWORD);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe(
      'current-password',
    );
    expect(await page.evaluate(() => document.activeElement?.selectionStart)).toBe(4);
    await shot(page, 'first-paint-login-app');

    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/tickets');
    expect(urls.some((u) => u.includes(encodeURIComponent(PASSWORD)) || u.includes(PASSWORD))).toBe(false);
  });

  it('holds a sign-in sent before the scripts ("Memuat…") and signs in with it once they arrive, never through a URL', async () => {
    const page = await newPage(PHONE);
    const urls = urlsOf(page);
    const release = await holdScripts(page);
    await page.goto(`${desk.base}/login`, { waitUntil: 'commit' });
    await page.locator(`${STATIC} input[type=password]`).waitFor();

    await page.getByLabel(/Email dinas/).fill('pegawai@demo.go.id');
    await page.getByLabel(/Kata sandi/).fill(PASSWORD);
    await page.getByLabel(/Kata sandi/).press('Enter');
    await page.locator(`${STATIC} button[type=submit]`, { hasText: 'Memuat…' }).waitFor();
    // No native submission: still the same page, nothing in the address bar.
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).search).toBe('');

    release();
    await page.waitForURL((u) => u.pathname === '/tickets');
    await page.getByRole('heading', { name: 'Tiket saya' }).waitFor();
    expect(urls.some((u) => u.includes(encodeURIComponent(PASSWORD)) || u.includes(PASSWORD))).toBe(false);
  });

  it('shows a signed-out visitor of the report form the sign-in form, in English when chosen', async () => {
    const page = await newPage(DESKTOP);
    const release = await holdScripts(page);
    await page.goto(`${desk.base}/tickets/new`, { waitUntil: 'commit' });
    await page.locator(`${STATIC} input[type=password]`).waitFor();
    expect(await page.locator(`${STATIC} textarea`).count()).toBe(0);
    await shot(page, 'first-paint-login-static-desktop');
    release();
    // The app sends the visitor to sign in and keeps the static form's place.
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByRole('button', { name: 'Tampilkan kata sandi' }).waitFor();
    await shot(page, 'first-paint-login-app-desktop');

    const english = await newPage(PHONE);
    await english.addInitScript(() => localStorage.setItem('desk.lang', 'en'));
    const releaseEnglish = await holdScripts(english);
    await english.goto(`${desk.base}/login`, { waitUntil: 'commit' });
    await english.getByRole('heading', { name: 'Sign in to SPBE Desk' }).waitFor();
    expect(await english.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(english, 'static sign-in form (English)');
    releaseEnglish();
    await english.getByRole('button', { name: 'Show password' }).waitFor();

    // Other pages keep the loading screen.
    const other = await newPage(PHONE);
    const releaseOther = await holdScripts(other);
    await other.goto(`${desk.base}/forgot-password`, { waitUntil: 'commit' });
    await other.getByText('Memuat layanan service desk…').waitFor();
    expect(await other.locator(`${STATIC} form`).count()).toBe(0);
    releaseOther();
  });

  it('shows the report form before the scripts and files the ticket with the title and description typed into it', async () => {
    const token = await tokenFor('pegawai@demo.go.id');
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    const release = await holdScripts(page);
    await page.goto(`${desk.base}/tickets/new`, { waitUntil: 'commit' });

    await page.locator(`${STATIC} form textarea`).waitFor();
    expect(await page.title()).toBe('Laporkan masalah TIK · SPBE Desk');
    // The categories come with the app: said, and not choosable yet.
    const category = page.getByLabel('Kategori');
    expect(await category.isDisabled()).toBe(true);
    expect(await category.textContent()).toBe('Memuat kategori…');
    await expectAccessible(page, 'static report form');
    await expectNoSideScroll(page);

    const title = `Printer ruang rapat ${Date.now().toString(36)} macet`;
    const description = 'Kertas selalu tersangkut di baki kedua sejak kemarin sore.';
    await page.getByLabel('Hanya saya').check();
    await page.getByLabel(/Judul singkat/).fill(title);
    await page.getByLabel(/Uraian masalah/).fill(description);
    await shot(page, 'first-paint-report-static');

    release();
    // The app's own form (its impact cards) has taken over.
    await page.getByTestId('impact-3').waitFor();
    expect(await page.locator(STATIC).innerHTML()).toBe('');
    expect(await page.getByLabel(/Judul singkat/).inputValue()).toBe(title);
    expect(await page.getByLabel(/Uraian masalah/).inputValue()).toBe(description);
    expect(await page.evaluate(() => document.activeElement?.closest('textarea') !== null)).toBe(true);
    expect(await page.getByTestId('impact-3').getAttribute('aria-checked')).toBe('true');
    await shot(page, 'first-paint-report-app');

    await page.getByTestId('urgency-2').click();
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByRole('heading', { name: 'Laporan Anda sudah diterima' }).waitFor();
    // Taken over and filed: nothing is kept for a later report page to start with.
    expect(await page.evaluate<string | null>("sessionStorage.getItem('desk.staticReport')")).toBeNull();

    const res = await desk.api.http
      .get('/api/v1/tickets')
      .query({ q: title })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const filed = (res.body.items as { id: string; title: string }[]).find((t) => t.title === title);
    expect(filed).toBeDefined();
    const ticket = await desk.api.http
      .get(`/api/v1/tickets/${filed!.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(ticket.body).toMatchObject({ title, description, impact: 3, urgency: 2 });
  });

  it('keeps a report typed into the static form when the stored session has ended, and offers it again after sign-in', async () => {
    // A token the api no longer accepts: the report form shows, then the app sends the user to sign in.
    const page = await newPage(PHONE, 'ended.session.token');
    const release = await holdScripts(page);
    await page.goto(`${desk.base}/tickets/new`, { waitUntil: 'commit' });
    await page.locator(`${STATIC} form textarea`).waitFor();
    const title = `Proyektor aula ${Date.now().toString(36)} mati`;
    const description = 'Lampu proyektor berkedip lalu padam setelah lima menit.';
    await page.getByLabel(/Judul singkat/).fill(title);
    await page.getByLabel(/Uraian masalah/).fill(description);

    release();
    await page.waitForURL((u) => u.pathname === '/login');
    expect(await page.locator(STATIC).innerHTML()).toBe('');
    // The password is never kept: only the report waits, in this tab's session storage.
    await page.getByLabel(/Email dinas/).fill('pegawai@demo.go.id');
    await page.getByLabel(/Kata sandi/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/tickets/new');
    await page.getByTestId('impact-3').waitFor();
    expect(await page.getByLabel(/Judul singkat/).inputValue()).toBe(title);
    expect(await page.getByLabel(/Uraian masalah/).inputValue()).toBe(description);
    const stored = await page.evaluate<string>('JSON.stringify({ ...sessionStorage, ...localStorage })');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(description);
    await expectAccessible(page, 'report form after sign-in, the stashed report back');
  });
});
