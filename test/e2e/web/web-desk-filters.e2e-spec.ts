import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';
import { sqlExecute } from '../../support/db';

/**
 * The workspace's filters by category, requester and filing date (the app's own Indonesian date
 * picker), saved overviews per agent, and a live row whose queue clock follows the server's events,
 * in Debian's chromium with axe, on a desktop and a 360 px phone.
 */
describe('Web desk: filters, saved overviews and live queue clocks', () => {
  const desk = useBrowserDesk();
  const { signedIn, tokenFor, expectAccessible, expectNoSideScroll } = desk;
  const tag = `saringuji${Date.now().toString(36)}`;
  const ZONE = 'Asia/Makassar';
  /** "6 Desember 2026": how the app writes a calendar day, and how its picker names each day. */
  const dayLabel = (d: Date) =>
    new Intl.DateTimeFormat('id-ID', {
      timeZone: ZONE,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(d);

  async function file(email: string, title: string, extra: Record<string, unknown> = {}) {
    const res = await desk.api.http
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${await tokenFor(email)}`)
      .send({
        kind: 'incident',
        title,
        description: `Perangkat tidak berfungsi sejak pagi, kode ${tag}.`,
        impact: 3,
        urgency: 3,
        ...extra,
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; version: number };
  }

  /** Polls `check` (in the test, not the page) until it holds. */
  async function until(check: () => Promise<boolean>, what: string, ms = 15_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const rowOf = (page: Page, number: string) => page.getByRole('row').filter({ hasText: number });
  async function pick(page: Page, label: string, option: string, type?: string) {
    const input = page.getByRole('combobox', { name: label, exact: true });
    await input.click();
    if (type) await input.fill(type);
    await page.getByRole('option', { name: option }).click();
  }

  it('narrows the desk by category, requester and date, and saves, reapplies and deletes an overview', async () => {
    const auth = `Bearer ${await tokenFor('tier1@demo.go.id')}`;
    const categories = (await desk.api.http.get('/api/v1/categories').set('Authorization', auth)).body as {
      id: string;
      name: string;
    }[];
    const category = categories[0];
    const pegawai = (
      await desk.api.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${await tokenFor('pegawai@demo.go.id')}`)
    ).body as { name: string };
    const a = await file('pegawai@demo.go.id', `Printer ruang arsip macet ${tag}`, {
      categoryId: category.id,
    });
    const b = await file('tier1@demo.go.id', `Proyektor ruang rapat mati ${tag}`);
    const c = await file('pegawai@demo.go.id', `Scanner loket lama rusak ${tag}`);
    // C was filed ten days ago.
    await sqlExecute(
      desk.api.dataSource,
      `UPDATE ticket SET created_at = now() - interval '10 days' WHERE id = $1`,
      [c.id],
    );

    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/workspace`);
    await page.getByRole('searchbox', { name: 'Cari' }).fill(tag);
    for (const t of [a, b, c]) await rowOf(page, t.number).waitFor();

    // The requester: only the two tickets of the staff member.
    await pick(page, 'Pelapor', pegawai.name, pegawai.name.slice(0, 6));
    await rowOf(page, b.number).waitFor({ state: 'detached' });
    await rowOf(page, a.number).waitFor();
    await rowOf(page, c.number).waitFor();

    // Filed since today, picked in the app's calendar (Indonesian, whatever the browser's language).
    const today = dayLabel(new Date());
    await page.getByRole('button', { name: 'Dibuat sejak tanggal' }).click();
    await page.getByRole('button', { name: today, exact: true }).click();
    expect((await page.getByRole('button', { name: 'Dibuat sejak tanggal' }).innerText()).trim()).toBe(today);
    await rowOf(page, c.number).waitFor({ state: 'detached' });
    await rowOf(page, a.number).waitFor();
    await expectAccessible(page, 'workspace with filters');

    // Saved as an overview, cleared, then picked again: the same filters come back.
    const name = `Pegawai hari ini ${tag.slice(-4)}`;
    await page.getByRole('button', { name: 'Simpan saringan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Simpan saringan ini sebagai tampilan' });
    await dialog.getByRole('textbox', { name: 'Nama tampilan' }).fill('ab');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByText('Minimal 3 karakter', { exact: false }).first().waitFor();
    await expectAccessible(page, 'save overview dialog', '[role="dialog"]');
    await dialog.getByRole('textbox', { name: 'Nama tampilan' }).fill(name);
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Tampilan "${name}" tersimpan`).waitFor();

    await page.getByRole('button', { name: 'Hapus semua saringan' }).click();
    expect(await page.getByRole('searchbox', { name: 'Cari' }).inputValue()).toBe('');
    await pick(page, 'Tampilan tersimpan', name);
    expect(await page.getByRole('searchbox', { name: 'Cari' }).inputValue()).toBe(tag);
    expect(await page.getByRole('combobox', { name: 'Pelapor', exact: true }).inputValue()).toBe(
      pegawai.name,
    );
    expect((await page.getByRole('button', { name: 'Dibuat sejak tanggal' }).innerText()).trim()).toBe(today);
    await rowOf(page, a.number).waitFor();
    expect(await rowOf(page, b.number).count()).toBe(0);
    expect(await rowOf(page, c.number).count()).toBe(0);

    // The same name twice is refused at the name.
    await page.getByRole('button', { name: 'Simpan saringan' }).click();
    await dialog.getByRole('textbox', { name: 'Nama tampilan' }).fill(name);
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByText('Anda sudah punya tampilan dengan nama ini').waitFor();
    await dialog.getByRole('button', { name: 'Batal' }).click();

    // The category: of the three, only A has it.
    await page.getByRole('button', { name: 'Hapus semua saringan' }).click();
    await page.getByRole('searchbox', { name: 'Cari' }).fill(tag);
    await rowOf(page, b.number).waitFor();
    await pick(page, 'Kategori', category.name);
    await rowOf(page, b.number).waitFor({ state: 'detached' });
    await rowOf(page, a.number).waitFor();

    // Deleted: it is gone from the picker, for good.
    await pick(page, 'Tampilan tersimpan', name);
    await page.getByRole('button', { name: 'Hapus tampilan' }).click();
    await page.getByText(`Tampilan "${name}" dihapus`).waitFor();
    const left = await desk.api.http.get('/api/v1/ticket-overviews').set('Authorization', auth);
    expect(left.body.map((o: { name: string }) => o.name)).not.toContain(name);
    await page.context().close();
  }, 180_000);

  it('offers every filter on a 360 px phone without sideways scrolling', async () => {
    const page = await signedIn('tier1@demo.go.id', PHONE);
    await page.goto(`${desk.base}/workspace`);
    await page.getByRole('button', { name: 'Saring', exact: true }).click();
    await page.getByRole('combobox', { name: 'Kategori', exact: true }).waitFor();
    // On a loaded machine the first tap can land while the panel still unfolds and the calendar
    // does not open; a person taps again, and so does the test (at most three times).
    const today = page.getByRole('button', { name: dayLabel(new Date()), exact: true });
    for (let tap = 1; ; tap++) {
      await page.getByRole('button', { name: 'Dibuat sampai tanggal' }).click();
      const shown = await today.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (tap === 3) throw new Error('the calendar of "Dibuat sampai tanggal" did not open after three taps');
    }
    await expectNoSideScroll(page);
    await page.keyboard.press('Escape');
    // The calendar closes with a short transition; check the page once it is gone.
    await today.waitFor({ state: 'hidden' });
    await expectAccessible(page, 'workspace filters (phone)');
    await expectNoSideScroll(page);
    await page.context().close();
  }, 120_000);

  it('switches a live row to the clock the server names, before the polling fallback would', async () => {
    const t = await file('pegawai@demo.go.id', `Aplikasi SIMPEG tidak bisa dibuka ${tag}`);
    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/workspace`);
    await page.getByTestId('live-indicator').waitFor();
    await page.getByRole('searchbox', { name: 'Cari' }).fill(t.number);
    const chip = rowOf(page, t.number).getByTestId('sla-chip');
    await chip.waitFor();
    expect(await chip.innerText()).toMatch(/^Tanggapan: sisa /);

    // Well within the 20 s polling fallback: the live event brings the new clock.
    const auth = `Bearer ${await tokenFor('tier1@demo.go.id')}`;
    await desk.api.http.post(`/api/v1/tickets/${t.id}/claim`).set('Authorization', auth).send({}).expect(200);
    await desk.api.http
      .post(`/api/v1/tickets/${t.id}/comments`)
      .set('Authorization', auth)
      .send({ body: 'Sedang kami periksa dari sini.' })
      .expect(201);
    await until(
      async () => (await chip.innerText()).startsWith('Penyelesaian: sisa '),
      'the resolution clock',
      10_000,
    );
    expect(await chip.getAttribute('data-state')).toBe('running');

    await desk.api.http
      .post(`/api/v1/tickets/${t.id}/pend`)
      .set('Authorization', auth)
      .send({ reason: 'Menunggu balasan pelapor' })
      .expect(200);
    await until(async () => (await chip.getAttribute('data-state')) === 'paused', 'the paused clock', 10_000);
    expect(await chip.innerText()).toBe('Penyelesaian: Dijeda');
  }, 120_000);
});
