import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, MailCapture, PHONE, startMailCapture, useBrowserDesk } from './browser-desk';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ff3f0005fe02fea7d605cf0000000049454e44ae426082',
  'hex',
);

/**
 * Security incidents in a real browser: a PD employee reports from a 360 px phone, the CSIRT user
 * works the incident through every phase to closure and downloads the evidence pack; the ticket
 * form points security problems to the incident form. axe on every new page.
 */
describe('Security incidents in the browser', () => {
  // The development SMTP capture of `npm start`, whose mail the admin's mail viewer shows.
  let smtp: MailCapture;
  beforeAll(async () => {
    smtp = await startMailCapture(join(process.env.TEST_TMP_DIR!, `incident-mail-${process.pid}`));
  });
  const desk = useBrowserDesk(() => ({
    SMTP_URL: smtp.url,
    MAIL_CAPTURE_DIR: smtp.mailDir,
    MAIL_SWEEP_MS: '200',
  }));
  afterAll(() => smtp?.stop());
  const { signedIn, expectAccessible, expectNoSideScroll, shot } = desk;
  let incident: { number: string; id: string };
  let reportedTitle = '';

  it('lets a PD employee report an incident from a phone in a few taps, with evidence, and shows the number', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${desk.base}/tickets`);
    // Reachable from the menu (the burger on a phone).
    await page
      .getByRole('button', { name: /navigasi|menu/i })
      .first()
      .click();
    await page.getByRole('link', { name: 'Laporkan insiden keamanan' }).first().click();
    await page.getByRole('heading', { name: 'Laporkan insiden keamanan' }).waitFor();
    await expectNoSideScroll(page);

    await page.getByTestId('incident-submit').click();
    await page.getByText('Wajib diisi.').first().waitFor();
    await expectAccessible(page, 'incident form (errors)');

    const title = `Email phishing ${Date.now().toString(36)}, dua pegawai memasukkan kata sandi`;
    await page.getByTestId('incident-title').fill(title);
    reportedTitle = title;
    await page.getByTestId('incident-category').click();
    await page.getByRole('option', { name: 'Phishing' }).click();
    await page.getByTestId('severity-high').click();
    await page
      .getByTestId('incident-description')
      .fill('Email palsu minta verifikasi akun; dua pegawai keuangan memasukkan kata sandi di tautannya.');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'email-palsu.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('email-palsu.png').waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'incident form');
    await shot(page, 'incident-report-phone');

    const submitted = Date.now();
    await page.getByTestId('incident-submit').click();
    await page.getByTestId('incident-receipt').waitFor({ timeout: 20_000 });
    const number = (await page.getByTestId('incident-number').textContent())!.trim();
    expect(number).toMatch(/^INS-\d{4}-\d{4}$/);
    // As in `npm start`: the CSIRT user's mail is in the captured-mail view within seconds.
    const adminToken = await desk.tokenFor('admin@demo.go.id');
    for (;;) {
      const mail = await desk.api.http.get('/api/v1/dev/mail').set('Authorization', `Bearer ${adminToken}`);
      const found = (mail.body as { to: string[]; subject: string }[]).find(
        (m) => m.to.includes('csirt@demo.go.id') && m.subject.includes(number),
      );
      if (found) {
        expect(found.subject).toMatch(/^\[TLP:AMBER\]/);
        break;
      }
      if (Date.now() - submitted > 15_000) throw new Error('no CSIRT mail in the captured-mail view');
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`report -> CSIRT mail in the captured-mail view: ${Date.now() - submitted} ms`);
    await page.getByTestId('tlp-badge').getByText('TLP:AMBER').waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'incident receipt');

    await page.getByRole('link', { name: 'Lihat insiden' }).click();
    await page.getByTestId('incident-page-number').getByText(number).waitFor();
    await page.getByTestId('evidence').getByRole('button', { name: 'email-palsu.png' }).waitFor();
    incident = { number, id: page.url().split('/').pop()! };
    await expectNoSideScroll(page);
    await expectAccessible(page, 'incident page (reporter)');

    // The reporter's own list.
    await page.goto(`${desk.base}/incidents`);
    await page.getByRole('heading', { name: 'Insiden yang saya laporkan' }).waitFor();
    await page.getByTestId('incident-list').getByText(number).waitFor();
    await expectAccessible(page, 'my incidents');
  }, 180_000);

  it('lets the CSIRT user work it from the workspace to closure and download the evidence pack', async () => {
    const page = await signedIn('csirt@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/incidents`);
    await page.getByRole('heading', { name: 'Ruang kerja CSIRT' }).waitFor();
    const row = page.getByTestId('incident-row').filter({ hasText: incident.number });
    await row.waitFor();
    await expectAccessible(page, 'CSIRT workspace');
    await shot(page, 'incident-workspace');
    // Filters: a severity the incident does not have hides it.
    await page.getByTestId('filter-severity').click();
    await page.getByRole('option', { name: 'Rendah' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('filter-severity').click();
    await page.getByRole('option', { name: 'Tinggi' }).click();
    await row.getByRole('link').click();

    await page.getByTestId('incident-page-number').getByText(incident.number).waitFor();
    await page.getByTestId('assign-me').click();
    await page.getByTestId('assign-me').waitFor({ state: 'detached' });
    await page.getByTestId('indicator-value').fill('203.0.113.9');
    await page.getByTestId('indicators').getByRole('button', { name: 'Tambah', exact: true }).click();
    await page.getByTestId('indicators').getByText('203.0.113.9').waitFor();
    // A bad indicator is refused, naming it.
    await page.getByTestId('indicator-value').fill('999.1.1.1');
    await page.getByTestId('indicators').getByRole('button', { name: 'Tambah', exact: true }).click();
    await page
      .getByText(/999\.1\.1\.1/)
      .first()
      .waitFor();

    for (const [phase, label] of [
      ['triage', 'Triase'],
      ['containment', 'Penahanan'],
      ['eradication', 'Pembersihan'],
      ['recovery', 'Pemulihan'],
    ]) {
      await page.getByTestId('phase-note').fill(`Tahap ${phase} dikerjakan`);
      await page.getByTestId('phase-next').click();
      await page.getByTestId('incident-timeline').getByText(`Tahap berubah: ${label}`).waitFor();
    }
    await page.getByTestId('bssn-reference').fill('BSSN-IR/2026/0007');
    await page.getByRole('button', { name: 'Simpan nomor' }).click();
    await page.getByTestId('incident-timeline').getByText('Dilaporkan ke BSSN').waitFor();
    await page.getByTestId('phase-note').fill('Insiden selesai ditangani');
    await page
      .getByTestId('phase-lessons')
      .fill('Aktifkan MFA untuk email dinas dan latih pegawai mengenali phishing.');
    await page.getByTestId('phase-next').click();
    await page.getByTestId('incident-timeline').getByText('Tahap berubah: Ditutup').waitFor();
    await page.getByTestId('phase-panel').waitFor({ state: 'detached' });
    await expectAccessible(page, 'incident page (CSIRT, closed)');
    await shot(page, 'incident-closed');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evidence-pack').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${incident.number}-evidence-pack.zip`);
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(expect.arrayContaining(['SHA256SUMS', 'incident.json', 'stix-bundle.json']));
    expect(names.some((n) => n.endsWith('email-palsu.png'))).toBe(true);
    const json = JSON.parse(await zip.file('incident.json')!.async('string'));
    expect(json.incident).toMatchObject({
      number: incident.number,
      phase: 'closed',
      bssn: { reference: 'BSSN-IR/2026/0007' },
    });
    const bundle = JSON.parse(await zip.file('stix-bundle.json')!.async('string'));
    expect(bundle.objects.map((o: { pattern?: string }) => o.pattern)).toContain(
      "[ipv4-addr:value = '203.0.113.9']",
    );
  }, 180_000);

  it('turns the closed incident into a CSIRT-only draft article with one click, and only once', async () => {
    const page = await signedIn('csirt@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/incidents/${incident.id}`);
    await page.getByTestId('incident-page-number').getByText(incident.number).waitFor();
    const button = page.getByRole('button', { name: 'Jadikan artikel pelajaran' });
    await button.click();
    // The article editor opens on the new draft, written from the incident.
    await page.waitForURL(/\/kb\/[0-9a-f-]{36}\/edit$/);
    const articleUrl = page.url();
    const title = page.getByTestId('kb-title');
    await title.waitFor();
    expect(await title.inputValue()).toBe(
      `Pelajaran dari insiden ${incident.number}: ${reportedTitle}`.slice(0, 200),
    );
    const body = await page.getByTestId('kb-body').inputValue();
    expect(body).toContain('Aktifkan MFA untuk email dinas dan latih pegawai mengenali phishing.');
    expect(body).toContain(`Dari insiden ${incident.number}`);
    // CSIRT-only until someone widens it.
    expect(await page.getByLabel('Dapat dibaca oleh').first().inputValue()).toBe('CSIRT');
    await expectAccessible(page, 'lessons-learned draft in the article editor');
    await shot(page, 'incident-kb-draft');

    // Back on the incident: the timeline says so, and a second click opens the same draft.
    await page.goto(`${desk.base}/incidents/${incident.id}`);
    await page.getByTestId('incident-timeline').getByText('Draf artikel pelajaran dibuat').waitFor();
    await expectAccessible(page, 'closed incident with its lessons-learned draft');
    await page.getByRole('button', { name: 'Jadikan artikel pelajaran' }).click();
    await page.waitForURL(/\/kb\/[0-9a-f-]{36}\/edit$/);
    expect(page.url()).toBe(articleUrl);

    // The reporter has no such button, and the CSIRT draft is not theirs to read.
    const reporter = await signedIn('pegawai@demo.go.id', PHONE);
    await reporter.goto(`${desk.base}/incidents/${incident.id}`);
    await reporter.getByTestId('incident-page-number').getByText(incident.number).waitFor();
    await reporter.getByTestId('incident-timeline').getByText('Tahap berubah: Ditutup').waitFor();
    expect(await reporter.getByRole('button', { name: 'Jadikan artikel pelajaran' }).count()).toBe(0);
    await reporter.goto(articleUrl.replace(/\/edit$/, ''));
    await reporter
      .getByText(/tidak ditemukan/i)
      .first()
      .waitFor();
    expect(await reporter.getByText('Pelajaran dari insiden').count()).toBe(0);
  }, 120_000);

  it('updates the CSIRT workspace live and lets the CSIRT re-assess the severity with a reason', async () => {
    const page = await signedIn('csirt@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/incidents`);
    await page.getByRole('heading', { name: 'Ruang kerja CSIRT' }).waitFor();
    await page.getByTestId('incident-live').getByText('Langsung').waitFor();
    // Reported meanwhile by a PD employee: it appears without a reload (polling is minutes apart).
    const reporterToken = await desk.tokenFor('pegawai@demo.go.id');
    const title = `Situs PD diubah tampilannya ${Date.now().toString(36)}`;
    const res = await desk.api.http
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${reporterToken}`)
      .send({
        title,
        description: 'Halaman depan situs PD diganti gambar lain oleh pihak tak dikenal.',
        category: 'defacement',
        severity: 'high',
        detectedAt: new Date(Date.now() - 600_000).toISOString(),
      });
    expect(res.status).toBe(201);
    const row = page.getByTestId('incident-row').filter({ hasText: res.body.number });
    await row.waitFor({ timeout: 8000 });
    await expectAccessible(page, 'CSIRT workspace (live)');

    await row.getByRole('link').click();
    await page.getByTestId('incident-page-number').getByText(res.body.number).waitFor();
    const panel = page.getByTestId('incident-severity');
    await page.getByTestId('severity-select').click();
    await page.getByRole('option', { name: 'Kritis' }).click();
    const save = panel.getByRole('button', { name: 'Ubah tingkat keparahan' });
    expect(await save.isDisabled()).toBe(true); // no reason yet
    await page.getByTestId('severity-reason').fill('Situs layanan perizinan ikut diubah');
    await save.click();
    await page
      .getByTestId('incident-timeline')
      .getByText('Tingkat keparahan diubah: Tinggi → Kritis')
      .waitFor();
    await page.getByTestId('incident-timeline').getByText('Situs layanan perizinan ikut diubah').waitFor();
    await expectAccessible(page, 'incident page after a severity change');
  }, 120_000);

  it('points a security problem on the ticket form to the incident form, saying why', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${desk.base}/tickets/new`);
    await page.getByRole('heading', { name: 'Laporkan masalah TIK' }).waitFor();
    await page
      .getByLabel(/Kategori/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Keamanan Informasi' }).click();
    const hint = page.getByTestId('security-incident-hint');
    await hint.getByText(/langsung ke CSIRT/).waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'ticket form with the incident hint');
    await hint.getByRole('link', { name: 'Laporkan sebagai insiden keamanan' }).click();
    await page.getByRole('heading', { name: 'Laporkan insiden keamanan' }).waitFor();
  });

  it('keeps the incidents away from everyone else, admins included', async () => {
    for (const email of ['admin@demo.go.id', 'tier1@demo.go.id', 'kepala@demo.go.id']) {
      const page = await signedIn(email, DESKTOP);
      await page.goto(`${desk.base}/incidents/${incident.id}`);
      await page
        .getByText(/tidak ditemukan/i)
        .first()
        .waitFor();
      expect(await page.getByText(incident.number).count()).toBe(0);
    }
  });
});
