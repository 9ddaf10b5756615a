import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { DESKTOP, MailCapture, PHONE, startMailCapture, useBrowserDesk } from './browser-desk';

/**
 * The managers' side of the web desk in a real browser: the dashboard over the SLA report (charts,
 * tables, CSV) for a supervisor and a PD head, report subscriptions with send-now, the delivery log
 * and the captured mail, notification preferences, and the work pages on a 360 px phone.
 */
describe('Web desk for managers in a browser', () => {
  // The development SMTP capture of `npm start`: the api's mail viewer reads what it stores.
  let smtp: MailCapture;
  beforeAll(async () => {
    smtp = await startMailCapture(join(process.env.TEST_TMP_DIR!, `mail-${process.pid}`));
  });
  const desk = useBrowserDesk(() => ({ SMTP_URL: smtp.url, MAIL_CAPTURE_DIR: smtp.mailDir }));
  afterAll(() => smtp?.stop());
  const { signedIn, tokenFor, expectAccessible, shot, expectNoSideScroll } = desk;

  const get = async (path: string, email: string) => {
    const res = await desk.api.http
      .get(`/api/v1${path}`)
      .set('Authorization', `Bearer ${await tokenFor(email)}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  /** The tickets a supervisor sees that were filed this month (region time), read page by page. */
  async function ticketsThisMonth(): Promise<{ unit: { id: string; name: string } }[]> {
    const { timezone } = await get('/region', 'supervisor@demo.go.id');
    const monthStart = DateTime.now().setZone(timezone).startOf('month').toMillis();
    const items: { createdAt: string; unit: { id: string; name: string } }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof items; nextCursor: string | null } = await get(
        `/tickets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        'supervisor@demo.go.id',
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items.filter((t) => Date.parse(t.createdAt) >= monthStart);
  }

  const statValue = (page: Page, stat: string) => page.getByTestId(`stat-${stat}-value`);
  let filed: { id: string; number: string }[] = [];

  it('shows the supervisor every PD side by side, with the numbers of the tickets filed here, tables on demand and the CSV', async () => {
    // Two more reports from Dinas Kesehatan, one of them resolved by its Tier 1 technician.
    const requester = await tokenFor('pegawai@demo.go.id');
    filed = [];
    for (const title of ['Printer ruang farmasi macet terus', 'Wi-Fi aula tidak bisa tersambung']) {
      const res = await desk.api.http
        .post('/api/v1/tickets')
        .set('Authorization', `Bearer ${requester}`)
        .send({ kind: 'incident', title, description: `${title} sejak pagi ini.`, impact: 3, urgency: 2 });
      expect(res.status).toBe(201);
      filed.push({ id: res.body.id, number: res.body.number });
    }
    const tech = await tokenFor('tier1@demo.go.id');
    for (const [action, body] of [
      ['claim', {}],
      ['start', {}],
      ['resolve', { resolution: 'Rol penarik kertas printer dibersihkan.' }],
    ] as const) {
      const res = await desk.api.http
        .post(`/api/v1/tickets/${filed[0].id}/${action}`)
        .set('Authorization', `Bearer ${tech}`)
        .send(body);
      expect(res.status).toBe(200);
    }
    const month = await ticketsThisMonth();
    const dinkes = month.filter((t) => t.unit.name === 'Dinas Kesehatan');
    expect(dinkes.length).toBeGreaterThanOrEqual(2);

    const page = await signedIn('supervisor@demo.go.id');
    await page.goto(`${desk.base}/dashboard`);
    await page.getByRole('heading', { name: 'Dasbor layanan' }).waitFor();
    await page.getByTestId('report-heading').getByText('Seluruh Perangkat Daerah').waitFor();
    // The figures are those of the tickets in the database, this month and regency-wide.
    await statValue(page, 'opened').getByText(String(month.length), { exact: true }).waitFor();
    expect(await page.getByTestId('period-preset').inputValue()).toBe('Bulan ini');

    // Charts first: every card draws an SVG chart, the per-PD comparison included.
    const cards = page.getByTestId('chart-card');
    expect(await cards.count()).toBeGreaterThanOrEqual(7);
    expect(
      await page.locator('[data-testid=chart-card] svg.recharts-surface').count(),
    ).toBeGreaterThanOrEqual(7);
    const units = page.locator('[data-chart=chart-units]');
    await units.locator('svg.recharts-surface .recharts-bar-rectangle').first().waitFor();
    // ...and its table on demand: Dinas Kesehatan with the tickets it filed this month.
    await units.getByRole('button', { name: 'Tampilkan tabel' }).click();
    const dinkesRow = units.getByRole('row').filter({ hasText: 'Dinas Kesehatan' });
    expect(await dinkesRow.getByRole('cell').nth(1).textContent()).toBe(String(dinkes.length));
    await units.getByRole('button', { name: 'Sembunyikan tabel' }).waitFor();
    await expectAccessible(page, 'dashboard');
    await shot(page, 'dashboard');

    // The CSV of the same report, through the authorised download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^laporan-sla-\d{4}-\d{2}-01\.csv$/);
    // For Excel set to Indonesian: a byte order mark, `;`, Indonesian headers.
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    expect(csv.slice(0, 2)).toEqual(['Laporan', 'Cakupan;Periode;Dari;Sampai;Zona waktu;Disusun pada']);
    expect(csv).toContain(`Tiket masuk;${month.length}`);

    // A team's scope and another period change the address, so the view can be shared.
    await page.getByTestId('period-preset').click();
    await page.getByRole('option', { name: 'Tahun ini' }).click();
    await page.waitForURL(/period=year/);
    await statValue(page, 'opened').getByText(String(month.length), { exact: true }).waitFor();

    // On a phone: nothing wider than the screen, the charts stacked.
    const phone = await signedIn('supervisor@demo.go.id', PHONE);
    await phone.goto(`${desk.base}/dashboard`);
    await statValue(phone, 'opened').getByText(String(month.length), { exact: true }).waitFor();
    await phone.locator('[data-chart=chart-units] svg.recharts-surface').waitFor();
    await phone.locator('[data-chart=chart-units]').getByRole('button', { name: 'Tampilkan tabel' }).click();
    await expectNoSideScroll(phone);
    await shot(phone, 'dashboard-phone');
  });

  it('keeps a PD head to the report of their own PD', async () => {
    const dinkes = (await ticketsThisMonth()).filter((t) => t.unit.name === 'Dinas Kesehatan');
    const units: { id: string; code: string }[] = await get('/units', 'kepala@demo.go.id');
    const disdik = units.find((u) => u.code === 'DISDIKBUD')!;

    // Even an address naming another PD shows their own.
    const page = await signedIn('kepala@demo.go.id');
    await page.goto(`${desk.base}/dashboard?unitId=${disdik.id}`);
    await page.getByTestId('report-heading').getByText('Dinas Kesehatan').waitFor();
    expect(await page.getByRole('textbox', { name: 'Perangkat daerah' }).inputValue()).toBe(
      'Dinas Kesehatan',
    );
    expect(
      await page.getByRole('textbox', { name: 'Perangkat daerah' }).getAttribute('readonly'),
    ).not.toBeNull();
    await statValue(page, 'opened').getByText(String(dinkes.length), { exact: true }).waitFor();
    expect(await page.locator('[data-chart=chart-units]').count()).toBe(0);
    expect(await page.getByTestId('chart-card').count()).toBeGreaterThanOrEqual(5);
    await expectAccessible(page, 'dashboard (pd head)');
    await shot(page, 'dashboard-pd-head');

    const other = await desk.api.http
      .get('/api/v1/reports/sla')
      .query({ from: '2026-01-01', to: '2026-01-31', unitId: disdik.id })
      .set('Authorization', `Bearer ${await tokenFor('kepala@demo.go.id')}`);
    expect(other.status).toBe(403);
  });

  it('lets the supervisor subscribe recipients, send the report now, follow its delivery and read the mail', async () => {
    const page = await signedIn('supervisor@demo.go.id');
    await page.goto(`${desk.base}/dashboard`);
    await page
      .getByRole('navigation', { name: 'Navigasi utama' })
      .getByRole('link', { name: 'Langganan laporan' })
      .click();
    await page.waitForURL(`${desk.base}/reports/subscriptions`);
    await page.getByText('Belum ada langganan laporan').waitFor();

    await page.getByRole('button', { name: 'Langganan baru' }).first().click();
    const dialog = page.getByRole('dialog');
    // The form's own checks first, in plain words next to the fields.
    await dialog.getByLabel(/Penerima: alamat email lain/).fill('bukan-alamat');
    await dialog.getByLabel(/Penerima: alamat email lain/).press('Enter');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.getByText('Minimal 3 karakter.').waitFor();
    await dialog.getByText('bukan-alamat bukan alamat email yang valid.').waitFor();
    await dialog.getByLabel(/Penerima: alamat email lain/).press('Backspace');

    const name = 'Laporan bulanan untuk Bupati';
    await dialog.getByLabel(/Nama langganan/).fill(name);
    await dialog.getByLabel(/Penerima: alamat email lain/).fill('bupati@banjarkab.go.id');
    await dialog.getByLabel(/Penerima: alamat email lain/).press('Enter');
    // The PD head, found in the user directory by typing part of the name (the api searches).
    const users = dialog.getByLabel(/Penerima: pengguna SPBE Desk/);
    const searched = page.waitForResponse(
      (r) => /\/api\/v1\/users\/directory\?.*q=rahman/i.test(r.url()) && r.status() === 200,
    );
    await users.pressSequentially('rahman', { delay: 30 });
    expect((await (await searched).json()).items).toEqual([
      expect.objectContaining({ name: 'dr. H. Abdul Rahman, M.Kes.', unitName: 'Dinas Kesehatan' }),
    ]);
    const head = page.getByRole('option', { name: /dr\. H\. Abdul Rahman, M\.Kes\. · kepala@demo\.go\.id/ });
    await head.getByText('Dinas Kesehatan').waitFor();
    expect(await page.getByRole('option').count()).toBe(1);
    await shot(page, 'subscription-user-search');
    await head.click();
    // A 24-hour time field, whatever the browser's language: hours and minutes, no AM/PM.
    await dialog.getByRole('spinbutton', { name: 'Jam kirim (WITA): jam' }).fill('06');
    await dialog.getByRole('spinbutton', { name: 'Jam kirim (WITA): menit' }).fill('30');
    expect(await dialog.getByText(/AM|PM/).count()).toBe(0);
    await expectAccessible(page, 'subscription form', '[role=dialog]');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const card = page.getByTestId('subscription').filter({ hasText: name });
    await card.getByText('Bulanan · 06.30 WITA').waitFor();
    await card.getByText(/bupati@banjarkab\.go\.id/).waitFor();
    const [sub] = await get('/report-subscriptions', 'supervisor@demo.go.id');
    const kepala = (await get('/auth/me', 'kepala@demo.go.id')).id;
    expect(sub).toMatchObject({
      name,
      frequency: 'monthly',
      sendAt: '06:30',
      scope: { regencyWide: true, unitId: null },
      recipients: [
        expect.objectContaining({ email: 'supervisor@demo.go.id' }),
        expect.objectContaining({ userId: kepala, email: 'kepala@demo.go.id' }),
        expect.objectContaining({ userId: null, email: 'bupati@banjarkab.go.id' }),
      ],
    });

    // Send now: the delivery appears in the log and its mail goes out to all three recipients.
    await card.getByRole('button', { name: `Kirim sekarang: ${name}` }).click();
    // The dialog says which period goes out and lets the sender pick it.
    const sendDialog = page.getByRole('dialog');
    await sendDialog.getByText('Periode lengkap terakhir').waitFor();
    await sendDialog.getByText('Periode berjalan, sampai saat ini').waitFor();
    // axe reads colours: let the dialog finish fading in first.
    await page.waitForFunction(() =>
      (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
        .getAnimations()
        .every((a) => a.playState !== 'running'),
    );
    await expectAccessible(page, 'send-now dialog', '[role="dialog"]');
    await sendDialog.getByTestId('send-now-confirm').click();
    await sendDialog.waitFor({ state: 'hidden' });
    const log = card.getByTestId('delivery-log');
    await log.waitFor();
    const row = log.getByTestId('delivery-row').first();
    await row.getByText('Kirim sekarang').waitFor();
    await row.getByText('Email dibuat', { exact: true }).waitFor({ timeout: 30_000 });
    // The attempt log speaks the reader's language too, not the server's English.
    await row.getByText(/email dibuat: 3 email: /).waitFor();
    const mails = row.getByTestId('delivery-mail');
    await mails
      .filter({ hasText: 'bupati@banjarkab.go.id' })
      .getByText('Terkirim')
      .waitFor({ timeout: 30_000 });
    await mails
      .filter({ hasText: 'supervisor@demo.go.id' })
      .getByText('Terkirim')
      .waitFor({ timeout: 30_000 });
    await mails.filter({ hasText: 'kepala@demo.go.id' }).getByText('Terkirim').waitFor({ timeout: 30_000 });
    // The pointer still rests where the dialog's confirm button was: judge the page at rest.
    await page.mouse.move(0, 0);
    await expectAccessible(page, 'subscriptions');
    await shot(page, 'subscriptions');

    // The captured mail (the admin's development viewer): the report, with its chart, CSV and PDF.
    const admin = await signedIn('admin@demo.go.id');
    await admin.goto(`${desk.base}/admin/mail`);
    const reportMail = admin
      .getByRole('row')
      .filter({ hasText: /Laporan SLA Seluruh Perangkat Daerah: / })
      .filter({ hasText: 'bupati@banjarkab.go.id' });
    await reportMail.waitFor();
    await reportMail.getByRole('link').click();
    await admin.getByRole('heading', { name: /^Laporan SLA Seluruh Perangkat Daerah: / }).waitFor();
    await admin
      .getByText(/\.csv$/)
      .first()
      .waitFor();
    await admin
      .getByText(/\.pdf$/)
      .first()
      .waitFor();
    await expectAccessible(admin, 'captured report mail');

    // On a phone the list and the form fit the screen.
    const phone = await signedIn('supervisor@demo.go.id', PHONE);
    await phone.goto(`${desk.base}/reports/subscriptions`);
    const phoneCard = phone.getByTestId('subscription').filter({ hasText: name });
    await phoneCard.getByRole('button', { name: `Riwayat pengiriman: ${name}` }).click();
    await phoneCard.getByTestId('delivery-row').first().waitFor();
    await expectNoSideScroll(phone);
    await shot(phone, 'subscriptions-phone');
    await phoneCard.getByRole('button', { name: `Ubah: ${name}` }).click();
    await phone
      .getByRole('dialog')
      .getByLabel(/Nama langganan/)
      .waitFor();
    await expectNoSideScroll(phone);
  });

  it('lets a requester turn a notification off, keeps essential ones on, and remembers it after a reload', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${desk.base}/profile`);
    const resolved = page.getByRole('switch', { name: /Tiket selesai ditangani/ });
    await resolved.waitFor();
    expect(await resolved.isChecked()).toBe(true);
    const receipt = page.getByRole('switch', { name: /Tanda terima laporan/ });
    expect(await receipt.isChecked()).toBe(true);
    expect(await receipt.isDisabled()).toBe(true);
    await page.getByText('Tidak dapat dimatikan: nomor tiket adalah bukti laporan Anda.').waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'profile');

    await resolved.click();
    await page.getByText('Preferensi notifikasi tersimpan.').waitFor();
    await page.reload();
    await page.getByRole('switch', { name: /Tiket selesai ditangani/ }).waitFor();
    expect(await page.getByRole('switch', { name: /Tiket selesai ditangani/ }).isChecked()).toBe(false);
    await shot(page, 'profile-phone');
    const prefs = await get('/users/me/preferences', 'pegawai@demo.go.id');
    expect(prefs.notifications).toMatchObject({ ticketResolved: false, ticketReceipt: true });
  });

  it('fits the work pages and their dialogs on a 360 px phone', async () => {
    // Tier 1: the PD desk queue and the escalation dialog.
    const tech = await signedIn('tier1@demo.go.id', PHONE);
    await tech.goto(`${desk.base}/workspace`);
    await tech.getByText(filed[1].number).first().waitFor();
    await expectNoSideScroll(tech);
    await shot(tech, 'workspace-phone');
    await tech.goto(`${desk.base}/tickets/${filed[1].id}`);
    await tech.getByTestId('agent-actions').getByRole('button', { name: 'Eskalasi ke Dinas' }).click();
    await tech
      .getByRole('dialog')
      .getByRole('textbox', { name: /Alasan/ })
      .waitFor();
    await expectNoSideScroll(tech);
    await tech
      .getByRole('dialog')
      .getByRole('textbox', { name: /Alasan/ })
      .fill('Akses titik Wi-Fi aula dikelola jaringan Dinas, perlu Tier 2.');
    await tech.getByRole('dialog').getByLabel('Tim tujuan', { exact: true }).click();
    await tech.getByRole('option', { name: 'Jaringan dan Infrastruktur' }).click();
    await tech.getByRole('dialog').getByRole('button', { name: 'Eskalasi ke Dinas' }).click();
    await tech.getByRole('dialog').waitFor({ state: 'hidden' });

    // Tier 2: the team queue and the return dialog.
    const engineer = await signedIn('tier2@demo.go.id', PHONE);
    await engineer.goto(`${desk.base}/tickets/${filed[1].id}`);
    await engineer.getByTestId('agent-actions').getByRole('button', { name: 'Kembalikan ke Tier 1' }).click();
    await engineer.getByRole('dialog').getByRole('textbox').first().waitFor();
    await expectNoSideScroll(engineer);
    await shot(engineer, 'return-dialog-phone');
    await engineer.goto(`${desk.base}/workspace`);
    await engineer.getByTestId('queue-title').waitFor();
    await expectNoSideScroll(engineer);

    // Admin: SLA policies (and a policy's form) and the calendar.
    const admin = await signedIn('admin@demo.go.id', PHONE);
    await admin.goto(`${desk.base}/admin/sla`);
    const edit = admin.getByRole('button', { name: /^Ubah kebijakan/ }).first();
    await edit.waitFor();
    await expectNoSideScroll(admin);
    await edit.click();
    await admin.getByRole('dialog').getByText('Tangga eskalasi').waitFor();
    await expectNoSideScroll(admin);
    await admin.goto(`${desk.base}/admin/calendar`);
    await admin.getByTestId('calendar-hours').getByText('Senin').waitFor();
    await expectNoSideScroll(admin);
    await shot(admin, 'admin-calendar-phone');

    // And the wide screen keeps its layout for the same pages.
    const wide = await signedIn('admin@demo.go.id', DESKTOP);
    await wide.goto(`${desk.base}/admin/calendar`);
    await wide.getByTestId('calendar-hours').getByText('Senin').waitFor();
    await expectNoSideScroll(wide, DESKTOP.width);
  });
});
