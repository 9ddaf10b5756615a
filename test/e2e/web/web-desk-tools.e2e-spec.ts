import { DateTime } from 'luxon';
import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';
import { indonesianDay, pickDateTime } from './date-fields';

/**
 * Agents' daily tools in a real browser: tickets by number with the requester's contact, a reply
 * template used in a reply, a bulk close from the workspace list, and a major incident whose
 * children resolve with their parent. axe runs on each changed page.
 */
describe('Desk tools in a browser', () => {
  const desk = useBrowserDesk();
  const { signedIn, tokenFor, expectAccessible, expectNoSideScroll } = desk;
  const tag = `zq${Date.now().toString(36)}`;
  let agent: string;
  let requester: string;

  const api = (token: string) => ({
    post: (path: string, body: object) =>
      desk.api.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => desk.api.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
  });
  async function file(title: string) {
    const res = await api(requester).post('/tickets', {
      kind: 'incident',
      title,
      description: `Laporan uji ${tag}: layanan tidak dapat diakses sejak pagi.`,
      impact: 2,
      urgency: 2,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; title: string };
  }

  beforeAll(async () => {
    agent = await tokenFor('tier1@demo.go.id');
    requester = await tokenFor('pegawai@demo.go.id');
  });

  it('lets a requester give a phone and room on a 360 px profile page', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${desk.base}/profile`);
    await page.getByLabel('Nomor telepon').fill('0812-3456-7890');
    await page.getByLabel('Ruangan').fill('Ruang Arsip 2.04');
    await page.getByLabel('Lantai').fill('2');
    await page.getByTestId('contact-save').click();
    await page.getByText('Kontak dan lokasi tersimpan.').waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'profile with contact');
  });

  it('opens a ticket by its number, shows the requester’s contact and replies with a template', async () => {
    const t = await file(`Printer ruang arsip ${tag} macet`);
    const tpl = await api(agent).post('/reply-templates', {
      name: `Sapaan ${tag}`,
      body: 'Halo {{requester.name}}, tiket {{ticket.number}} sedang kami tangani. Salam, {{agent.name}}',
      scope: 'personal',
    });
    expect(tpl.status).toBe(201);
    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/tiket/${t.number}`);
    await page.getByRole('heading', { name: t.title }).waitFor();
    await page
      .getByTestId('requester-contact')
      .getByText('0812-3456-7890 · Ruang Arsip 2.04 · Lantai 2')
      .waitFor();

    await page.getByTestId('template-select').click();
    await page.getByRole('option', { name: `Sapaan ${tag}` }).click();
    const expected = `Halo Nur Aisyah, tiket ${t.number} sedang kami tangani. Salam, Muhammad Ridwan`;
    expect(await page.getByRole('textbox', { name: 'Isi pesan' }).inputValue()).toBe(expected);
    await page.getByRole('button', { name: 'Kirim' }).click();
    await page.getByText(expected).waitFor();
    // Checked where this page changed: the links panel and the reply box with its template picker.
    await expectAccessible(page, 'ticket links', '[data-testid="links-panel"]');
    await expectAccessible(page, 'reply box with templates', 'form:has([data-testid="template-select"])');

    // The requester never sees the contact block of the agents' view, and finds the reply.
    const own = await signedIn('pegawai@demo.go.id', PHONE);
    await own.goto(`${desk.base}/tiket/${t.number}`);
    await own.getByText(expected).waitFor();
    expect(await own.getByTestId('requester-contact').count()).toBe(0);
    // A number nobody may see looks like a missing ticket.
    await own.goto(`${desk.base}/tiket/TIK-1999-000001`);
    await own.getByText('Tiket tidak ditemukan').first().waitFor();
  });

  it('pends a ticket until tomorrow 20.00 picked in Indonesian on the 24-hour clock, on a phone', async () => {
    const t = await file(`Scanner loket ${tag} menunggu suku cadang`);
    expect((await api(agent).post(`/tickets/${t.id}/claim`, {})).status).toBe(200);
    // Tomorrow 20:00 in the region's zone (the browser runs in the same zone).
    const until = DateTime.now()
      .setZone('Asia/Makassar')
      .plus({ days: 1 })
      .set({ hour: 20, minute: 0, second: 0, millisecond: 0 });
    const page = await signedIn('tier1@demo.go.id', PHONE);
    await page.goto(`${desk.base}/tiket/${t.number}`);
    await page.getByRole('heading', { name: t.title }).waitFor();
    await page.getByRole('button', { name: 'Tunda (menunggu)' }).click();
    const dialog = page.getByRole('dialog', { name: `Tunda (menunggu) · ${t.number}` });
    await dialog.getByRole('textbox', { name: 'Alasan' }).fill('Menunggu suku cadang roller dari penyedia.');
    const label = 'Lanjutkan otomatis pada (opsional)';
    await pickDateTime(page, dialog, label, until);
    // A day without its time is refused on the field, not silently sent without a resume time.
    const minutes = dialog.getByRole('spinbutton', { name: `${label}: menit`, exact: true });
    await minutes.fill('');
    await dialog.getByRole('button', { name: 'Tunda (menunggu)' }).click();
    await dialog.getByText('Pilih tanggal dan jamnya sekaligus.').waitFor();
    await minutes.fill('00');
    // The day in Indonesian words and the time on the 24-hour clock: never "8:00 PM" or 12/7/2026.
    const dayButton = dialog.getByRole('button', { name: `${label}: tanggal`, exact: true });
    expect((await dayButton.innerText()).trim()).toBe(indonesianDay(until));
    expect(await dialog.getByRole('spinbutton', { name: `${label}: jam`, exact: true }).inputValue()).toBe(
      '20',
    );
    expect(await dialog.getByRole('spinbutton', { name: `${label}: menit`, exact: true }).inputValue()).toBe(
      '00',
    );
    expect(await dialog.getByText(/\b(AM|PM)\b/).count()).toBe(0);
    await expectNoSideScroll(page);
    await expectAccessible(page, 'pend dialog with its date and time', '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Tunda (menunggu)' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await api(agent).get(`/tickets/${t.id}`);
    expect(after.body.status).toBe('pending');
    expect(Date.parse(after.body.pendingUntil)).toBe(until.toMillis());
  });

  it('closes several resolved tickets at once from the workspace list', async () => {
    const done = [await file(`Monitor ${tag} berkedip`), await file(`Mouse ${tag} rusak`)];
    for (const t of done) {
      expect((await api(agent).post(`/tickets/${t.id}/claim`, {})).status).toBe(200);
      expect(
        (await api(agent).post(`/tickets/${t.id}/resolve`, { resolution: 'Perangkat diganti.' })).status,
      ).toBe(200);
    }
    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/workspace`);
    await page.getByLabel('Cari').fill(tag);
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Selesai ditangani' }).click();
    for (const t of done) await page.getByRole('row').filter({ hasText: t.number }).waitFor();
    for (const t of done) await page.getByRole('checkbox', { name: `Pilih tiket ${t.number}` }).check();
    await page.getByTestId('bulk-bar').getByText('2 tiket dipilih').waitFor();
    await expectAccessible(page, 'workspace with a selection');
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Tutup' }).click();
    await page.getByText('2 berhasil, 0 gagal.').waitFor();
    for (const t of done) expect((await api(agent).get(`/tickets/${t.id}`)).body.status).toBe('closed');
  });

  it('links reports of one outage to a parent and resolves them all with it', async () => {
    const parent = await file(`Jaringan gedung ${tag} putus`);
    const children = [
      await file(`Tidak bisa membuka SIMPUS ${tag}`),
      await file(`Email ${tag} tidak terkirim`),
    ];
    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    // The first child is linked from its page, by the parent's number; the second through the api.
    await page.goto(`${desk.base}/tiket/${children[0].number}`);
    await page.getByTestId('link-number').fill(parent.number);
    await page.getByRole('button', { name: 'Tautkan' }).click();
    await page.getByTestId('ticket-link').getByText(parent.number).waitFor();
    expect(
      (await api(agent).post(`/tickets/${children[1].id}/links`, { type: 'child_of', ticketId: parent.id }))
        .status,
    ).toBe(201);

    await page.goto(`${desk.base}/tiket/${parent.number}`);
    await page
      .getByTestId('major-incident')
      .getByText(/2 tiket anak/)
      .waitFor();
    await expectAccessible(page, 'major incident parent', '[data-testid="links-panel"]');
    await page.getByTestId('agent-actions').getByRole('button', { name: 'Ambil' }).click();
    await page.getByTestId('agent-actions').getByRole('button', { name: 'Selesaikan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Penyelesaian/).fill('Switch inti gedung diganti; jaringan kembali normal.');
    await dialog.getByRole('button', { name: 'Selesaikan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The children show as resolved on the parent's page, each with the parent's resolution.
    await page.getByTestId('links-panel').getByText('Selesai ditangani').nth(1).waitFor();
    for (const c of children) {
      const v = (await api(agent).get(`/tickets/${c.id}`)).body;
      expect(v).toMatchObject({
        status: 'resolved',
        resolution: 'Switch inti gedung diganti; jaringan kembali normal.',
      });
    }
  });
});
