import { PASSWORD, PHONE, useBrowserDesk } from './browser-desk';

/**
 * The web desk in a real browser (Debian's chromium driven by playwright-core) against the real api,
 * PostgreSQL and Redis, with the demo organisation seeded. Saves screenshots of the main pages (see
 * SHOTS) and runs axe on each of them.
 */
describe('Web desk in a browser', () => {
  const desk = useBrowserDesk();
  const { newPage, signedIn, tokenFor, expectAccessible, shot, expectNoSideScroll } = desk;
  let ticket: { id: string; number: string; title: string };

  it('signs in in Bahasa Indonesia and switches the interface to English', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${desk.base}/tickets`);
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
    await page.waitForURL(`${desk.base}/tickets`);
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
    await page.goto(`${desk.base}/tickets/new`);
    await page.getByRole('heading', { name: 'Laporkan masalah TIK' }).waitFor();
    await expectNoSideScroll(page);

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
    await expectNoSideScroll(page);
    await expectAccessible(page, 'receipt');
    await shot(page, 'receipt-phone');

    const token = await tokenFor('pegawai@demo.go.id');
    const mine = await desk.api.http
      .get('/api/v1/tickets')
      .query({ q: title })
      .set('Authorization', `Bearer ${token}`);
    expect(mine.body.items.map((t: { number: string }) => t.number)).toEqual([number]);
    ticket = { id: mine.body.items[0].id, number, title };

    await page.getByRole('link', { name: 'Lihat tiket' }).click();
    await page.waitForURL(`${desk.base}/tiket/${ticket.number}`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('button', { name: 'Unduh foto-layar.png' }).waitFor();

    await page.goto(`${desk.base}/tickets`);
    await page.getByText(number).waitFor();
    await expectAccessible(page, 'my tickets');
    await shot(page, 'my-tickets-phone');
  });

  it('shows the ticket in the Tier 1 desk of its PD, where the technician claims, starts and resolves it', async () => {
    const page = await signedIn('tier1@demo.go.id');
    await page.goto(`${desk.base}/workspace`);
    await page.getByTestId('queue-title').getByText('Meja Tier 1 · Dinas Kesehatan').waitFor();
    const row = page.getByRole('row').filter({ hasText: ticket.number });
    await row.waitFor();
    await expectAccessible(page, 'workspace');
    await shot(page, 'workspace');

    await row.getByRole('button', { name: `Ambil ${ticket.number}` }).click();
    await row.getByText('Muhammad Ridwan').waitFor();

    await row.getByRole('link', { name: ticket.number }).click();
    await page.waitForURL(`${desk.base}/tiket/${ticket.number}`);
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
    await dialog.getByText('Minimal 10 karakter.').waitFor();
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
    await page.goto(`${desk.base}/tickets/${ticket.id}`);
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
    await expectNoSideScroll(page);
    await expectAccessible(page, 'ticket (requester)');
    await shot(page, 'ticket-requester-phone');

    const token = await tokenFor('pegawai@demo.go.id');
    const res = await desk.api.http
      .get(`/api/v1/tickets/${ticket.id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.body.rating).toMatchObject({ score: 5, comment: 'Cepat dan ramah, terima kasih.' });
  });

  it('takes a ticket filed on a phone through Tier 1 escalation and Tier 2 "take next" to its resolution and rating', async () => {
    // The requester files a server problem from her phone (its category routes to the Pusat Data team).
    const requesterToken = await tokenFor('pegawai@demo.go.id');
    const title = `Aplikasi antrean ${Date.now().toString(36)} tidak bisa diakses`;
    const phone = await signedIn('pegawai@demo.go.id', PHONE);
    await phone.goto(`${desk.base}/tickets/new`);
    await phone.getByRole('heading', { name: 'Laporkan masalah TIK' }).waitFor();
    await phone.getByRole('combobox', { name: 'Kategori' }).click();
    await phone.getByRole('option', { name: 'Server / Pusat Data' }).click();
    await phone.getByLabel(/Judul singkat/).fill(title);
    await phone
      .getByLabel(/Uraian masalah/)
      .fill('Aplikasi antrean pasien di server pusat data menampilkan galat 502 sejak pukul 08.00.');
    await phone.getByTestId('impact-2').click();
    await phone.getByTestId('urgency-2').click();
    await phone.getByRole('button', { name: 'Kirim laporan' }).click();
    await phone.getByTestId('receipt').waitFor({ timeout: 20_000 });
    const secondNumber = (await phone.getByTestId('ticket-number').textContent())!.trim();
    expect(secondNumber).toMatch(/^TIK-\d{4}-\d{6}$/);
    const filed = await desk.api.http
      .get('/api/v1/tickets')
      .query({ q: secondNumber })
      .set('Authorization', `Bearer ${requesterToken}`);
    const second = { id: filed.body.items[0].id as string, number: secondNumber };
    expect(filed.body.items[0].category.name).toBe('Server / Pusat Data');

    // The Dinas engineer watches the team's queue: nothing to take yet, said plainly.
    const engineer = await signedIn('tier2@demo.go.id');
    const teams = await desk.api.http.get('/api/v1/teams').set('Authorization', `Bearer ${requesterToken}`);
    const datacenter = teams.body.find((t: { name: string }) => t.name === 'Pusat Data dan Hosting');
    await engineer.goto(`${desk.base}/workspace?queue=team-${datacenter.id}`);
    await engineer.getByTestId('queue-title').getByText('Pusat Data dan Hosting').waitFor();
    await engineer.getByTestId('live-indicator').waitFor();
    await engineer.getByTestId('count-unassigned').getByText('Belum ada petugas: 0').waitFor();
    await engineer.getByTestId('take-next').click();
    await engineer.getByText('Tidak ada tiket yang menunggu di antrean ini.').waitFor();

    // The PD's Tier 1 technician escalates it; the 10-character rule shows before sending.
    const tech = await signedIn('tier1@demo.go.id');
    await tech.goto(`${desk.base}/tickets/${second.id}`);
    await tech.getByTestId('agent-actions').getByRole('button', { name: 'Eskalasi ke Dinas' }).click();
    const dialog = tech.getByRole('dialog');
    await dialog.getByText('Minimal 10 karakter (0 tertulis).').waitFor();
    await dialog.getByRole('textbox', { name: /Alasan/ }).fill('Server');
    await dialog.getByText('Minimal 10 karakter (6 tertulis).').waitFor();
    await dialog.getByRole('button', { name: 'Eskalasi ke Dinas' }).click();
    await dialog.getByText('Minimal 10 karakter.').waitFor();
    await dialog.getByLabel('Tim tujuan', { exact: true }).click();
    await tech.getByRole('option', { name: 'Pusat Data dan Hosting' }).click();
    await dialog
      .getByRole('textbox', { name: /Alasan/ })
      .fill('Server aplikasi antrean ada di pusat data Dinas, Tier 1 tidak punya akses.');
    await expectAccessible(tech, 'escalate dialog', '[role=dialog]');
    await shot(tech, 'escalate-dialog');
    await dialog.getByRole('button', { name: 'Eskalasi ke Dinas' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const techToken = await tokenFor('tier1@demo.go.id');
    const escalated = await desk.api.http
      .get(`/api/v1/tickets/${second.id}/escalations`)
      .set('Authorization', `Bearer ${techToken}`);
    expect(escalated.body.items ?? escalated.body).toEqual([
      expect.objectContaining({ team: expect.objectContaining({ id: datacenter.id }), automatic: false }),
    ]);

    // The engineer's queue shows it without a reload (live stream, polling as fallback).
    const row = engineer.getByRole('row').filter({ hasText: second.number });
    await row.waitFor({ timeout: 25_000 });
    await engineer.getByTestId('count-unassigned').getByText('Belum ada petugas: 1').waitFor();
    await expectAccessible(engineer, 'workspace (tier 2)');
    await shot(engineer, 'workspace-tier2');
    await engineer.getByTestId('take-next').click();
    await engineer.waitForURL(`${desk.base}/tiket/${second.number}`);
    await engineer.getByText(`Anda mengambil ${second.number}.`).waitFor();
    // All three clocks, the Tier 2 pick-up one met by the claim.
    const clocks = engineer.getByTestId('sla-clocks');
    for (const name of ['Tanggapan pertama', 'Diambil Tier 2', 'Penyelesaian'])
      await clocks.getByText(name).first().waitFor();
    await engineer.getByRole('button', { name: 'Mulai kerjakan' }).click();
    await engineer
      .getByTestId('ticket-page')
      .getByText('Sedang dikerjakan', { exact: true })
      .first()
      .waitFor();
    await engineer.getByTestId('agent-actions').getByRole('button', { name: 'Selesaikan' }).click();
    const resolve = engineer.getByRole('dialog');
    await resolve
      .getByLabel(/Penyelesaian/)
      .fill('Layanan aplikasi antrean di server pusat data dijalankan ulang; proxy 502 sudah normal.');
    await resolve.getByRole('button', { name: 'Selesaikan' }).click();
    await resolve.waitFor({ state: 'hidden' });
    await engineer.getByTestId('resolution').getByText('Layanan aplikasi antrean').waitFor();
    await expectAccessible(engineer, 'ticket (tier 2)');
    await shot(engineer, 'ticket-tier2');

    // The requester sees the Dinas engineer's resolution on her phone and rates it.
    await phone.goto(`${desk.base}/tickets/${second.id}`);
    await phone.getByTestId('resolution').getByText('Layanan aplikasi antrean').waitFor();
    await phone.getByText('Apakah masalah Anda sudah teratasi?').waitFor();
    const star = await phone.getByRole('radio', { name: '4 dari 5 bintang' }).getAttribute('id');
    await phone.locator(`label[for="${star}"]`).click();
    await phone.getByRole('button', { name: 'Kirim penilaian' }).click();
    await phone.getByTestId('rating-given').waitFor();
    const res = await desk.api.http
      .get(`/api/v1/tickets/${second.id}`)
      .set('Authorization', `Bearer ${requesterToken}`);
    expect(res.body).toMatchObject({ status: 'resolved', tier: 2, team: { id: datacenter.id } });
    expect(res.body.assignee.name).toBe('Ahmad Fauzi, S.T.');
    expect(res.body.sla.tier2Response.metAt).toEqual(expect.any(String));
    expect(res.body.rating).toMatchObject({ score: 4 });
  });

  it('answers a requester of another PD with the not-found page', async () => {
    const page = await signedIn('pegawai.disdikbud@demo.go.id', PHONE);
    await page.goto(`${desk.base}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: 'Tiket tidak ditemukan' }).waitFor();
    expect(await page.getByText(ticket.title).count()).toBe(0);
    await expectAccessible(page, 'not found');
  });

  // The dashboard, subscriptions and preferences have their own suite (web-reports.e2e-spec.ts).
  it('renders the admin users page', async () => {
    const admin = await signedIn('admin@demo.go.id');
    await admin.goto(`${desk.base}/admin/users`);
    await admin.getByText('pegawai@demo.go.id').waitFor();
    await expectAccessible(admin, 'admin users');
    await shot(admin, 'admin-users');
  });

  it('lets the admin read the SLA policies with their ladder and change the calendar', async () => {
    const admin = await signedIn('admin@demo.go.id');
    // SLA policies: the list, and a policy's form with its escalation ladder.
    await admin.goto(`${desk.base}/admin/sla`);
    const policies = admin.getByTestId('sla-table');
    await policies
      .getByRole('button', { name: /^Ubah kebijakan/ })
      .first()
      .waitFor();
    await expectAccessible(admin, 'admin sla policies');
    await shot(admin, 'admin-sla');
    // Business-calendar targets in working hours, never days: the seeded P3 PT24H is about three
    // working days, not "1 hari".
    await policies.getByRole('cell', { name: '24 jam kerja', exact: true }).first().waitFor();
    expect(await policies.getByText(/^\d+ hari$/).count()).toBe(0);
    await policies
      .getByRole('row')
      .filter({ hasText: '24 jam kerja' })
      .first()
      .getByRole('button', { name: /^Ubah kebijakan/ })
      .click();
    const form = admin.getByRole('dialog');
    await form.getByText('Tangga eskalasi').waitFor();
    const resolution = form.getByRole('textbox', { name: 'Target penyelesaian', exact: true });
    const resolutionUnit = form.getByLabel('Target penyelesaian: satuan');
    const target = async (expected: string[]) => {
      let shown: string[] = [];
      for (let i = 0; i < 30; i++) {
        shown = [await resolution.inputValue(), await resolutionUnit.inputValue()];
        if (shown.join() === expected.join()) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(shown).toEqual(expected);
    };
    await target(['24', 'jam kerja']);
    // Switching the calendar keeps the target (PT24H): days only on the 24x7 calendar.
    await form.getByText('24 jam × 7 hari', { exact: true }).click();
    await target(['1', 'hari']);
    await form.getByText('Jam kerja', { exact: true }).click();
    await target(['24', 'jam kerja']);
    await form.getByRole('button', { name: 'Tambah tingkat' }).click();
    await form.getByRole('textbox', { name: 'Pada' }).last().waitFor();
    await expectAccessible(admin, 'admin sla policy form', '[role=dialog]');
    await form.getByRole('button', { name: 'Batal' }).click();

    // The calendar: hours per weekday and a new holiday, saved.
    await admin.goto(`${desk.base}/admin/calendar`);
    await admin.getByTestId('calendar-hours').getByText('Senin').waitFor();
    await admin.getByRole('button', { name: 'Tambah hari libur' }).click();
    await admin
      .getByRole('textbox', { name: /^Keterangan \d+$/ })
      .last()
      .fill('Hari jadi Kabupaten');
    // The date picker speaks the app's language (Indonesian month names), not the browser's:
    // the 28th of the month it opens on.
    const now = new Date();
    const month = new Intl.DateTimeFormat('id-ID', { month: 'long', timeZone: 'Asia/Makassar' }).format(now);
    const year = Number(
      new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Makassar' }).format(now),
    );
    const mm = new Intl.DateTimeFormat('en', { month: '2-digit', timeZone: 'Asia/Makassar' }).format(now);
    const holiday = `${year}-${mm}-28`;
    const dates = admin.getByRole('button', { name: /^Tanggal \d+$/ });
    await dates.last().click();
    await admin.getByRole('button', { name: `28 ${month} ${year}`, exact: true }).click();
    expect(await dates.last().textContent()).toBe(`28 ${month} ${year}`);
    // Working hours on the 24-hour clock, whatever the browser's language.
    const mondayFrom = admin.getByRole('spinbutton', { name: 'Senin 1: mulai: jam' });
    expect(await mondayFrom.inputValue()).toMatch(/^(0\d|1\d|2[0-3])$/);
    expect(await admin.getByTestId('calendar-hours').getByText(/AM|PM/).count()).toBe(0);
    await admin.getByRole('button', { name: 'Simpan' }).click();
    await admin.getByText('Perubahan tersimpan.').waitFor();
    await expectAccessible(admin, 'admin calendar');
    await shot(admin, 'admin-calendar');
    const calendar = await desk.api.http
      .get('/api/v1/calendar')
      .set('Authorization', `Bearer ${await tokenFor('admin@demo.go.id')}`);
    expect(calendar.body.holidays).toContainEqual({ date: holiday, name: 'Hari jadi Kabupaten' });
  }, 120_000);
});
