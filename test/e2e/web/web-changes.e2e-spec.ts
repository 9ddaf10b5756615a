import { DateTime } from 'luxon';
import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';
import { pickDateTime } from './date-fields';

const ZONE = 'Asia/Makassar';

/**
 * Change and problem management in a real browser: a PD technician files a change of the PD's LAN,
 * the supervisor approves it from the approval queue, it shows on the change calendar (with a clash
 * marked), the technician closes it with its review; the problem page lists its linked tickets.
 * Every new page passes axe, and reads on a 360 px phone.
 */
describe('Change and problem management in a browser', () => {
  const desk = useBrowserDesk();
  const { signedIn, tokenFor, expectAccessible, expectNoSideScroll } = desk;

  // Tomorrow 20:00-22:00 in the region's zone (the browser runs in the same zone).
  const start = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 1 })
    .set({ hour: 20, minute: 0, second: 0, millisecond: 0 });
  const end = start.plus({ hours: 2 });
  const SYSTEM = 'LAN Dinas Kesehatan lantai 3';
  let change: { id: string; number: string };

  it('lets the PD technician file a LAN change with its plans and send it for approval', async () => {
    const page = await signedIn('tier1@demo.go.id');
    await page.goto(`${desk.base}/changes`);
    await page.getByRole('heading', { name: 'Manajemen perubahan' }).waitFor();
    await page.getByRole('link', { name: 'Ajukan perubahan' }).click();
    await page.getByRole('heading', { name: 'Ajukan perubahan' }).waitFor();
    await expectAccessible(page, 'change form');
    await page.getByLabel('Judul').fill('Penambahan switch LAN lantai 3');
    await page
      .getByLabel('Uraian')
      .fill('Ruang baru di lantai 3 butuh switch 24 port dan kabel ke rak utama.');
    await page.getByLabel('Sistem terdampak').fill(SYSTEM);
    // The app's own calendar and 24-hour clock, whatever the browser's language.
    await pickDateTime(page, page, 'Mulai', start);
    await pickDateTime(page, page, 'Selesai', end);
    expect(await page.getByRole('spinbutton', { name: 'Mulai: jam', exact: true }).inputValue()).toBe('20');
    await page.getByLabel('Analisis dampak').fill('Jaringan lantai 3 mati selama pemasangan.');
    await page.getByLabel('Rencana implementasi').fill('Pasang switch, tarik kabel ke rak, uji tiap port.');
    await page
      .getByLabel('Rencana pemulihan (rollback)')
      .fill('Lepas switch baru; lantai 3 kembali memakai Wi-Fi.');
    await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
    await page.waitForURL(/\/changes\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const res = await desk.api.http
      .get(`/api/v1/changes/${id}`)
      .set('Authorization', `Bearer ${await tokenFor('tier1@demo.go.id')}`);
    expect(res.body).toMatchObject({
      owningUnit: { name: 'Dinas Kesehatan' },
      systems: [SYSTEM],
      phase: 'planning',
    });
    expect(Date.parse(res.body.plannedStart)).toBe(start.toMillis());
    change = { id, number: res.body.number };
    await page.getByRole('heading', { name: new RegExp(change.number) }).waitFor();
    await page.getByRole('button', { name: 'Ke tahap: Analisis' }).click();
    await page.getByRole('button', { name: 'Ke tahap: Persetujuan' }).click();
    await page.getByText('Menunggu', { exact: true }).waitFor();
    await expectAccessible(page, 'change page');
  });

  it('lets the supervisor approve it from the approval queue', async () => {
    const page = await signedIn('supervisor@demo.go.id');
    await page.goto(`${desk.base}/changes/approvals`);
    await page.getByRole('heading', { name: 'Antrean persetujuan' }).waitFor();
    const queue = page.getByTestId('approval-queue');
    // The seeded emergency change waits too.
    await queue.getByText(/Darurat: penggantian firewall/).waitFor();
    await expectAccessible(page, 'approval queue');
    await queue.getByText(new RegExp(change.number)).click();
    await page.getByLabel('Alasan keputusan').fill('Rencana dan rollback memadai; di luar jam layanan.');
    await page.getByRole('button', { name: 'Setujui' }).click();
    // The decision shows on the change and, once loaded, in its history too.
    await page.getByText('Disetujui', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Ke tahap: Implementasi' }).waitFor();
    await page.goto(`${desk.base}/changes/approvals`);
    await page.getByRole('heading', { name: 'Antrean persetujuan' }).waitFor();
    await page
      .getByTestId('approval-queue')
      .getByText(/Darurat: penggantian firewall/)
      .waitFor();
    expect(await page.getByText(change.number).count()).toBe(0);
  });

  it('shows the change on the calendar, a clash on the same system marked, also on a phone', async () => {
    // Tier 2 plans work on the same LAN in an overlapping window.
    const tier2 = await tokenFor('tier2@demo.go.id');
    const clash = await desk.api.http
      .post('/api/v1/changes')
      .set('Authorization', `Bearer ${tier2}`)
      .send({
        title: 'Pembaruan firmware router gedung',
        description: 'Firmware router gedung diperbarui ke versi terbaru.',
        type: 'normal',
        systems: [SYSTEM],
        risk: 'low',
        plannedStart: start.plus({ hours: 1 }).toISO(),
        plannedEnd: end.plus({ hours: 1 }).toISO(),
      });
    expect(clash.status).toBe(201);
    // Weeks start on Monday: tomorrow may be in the next one.
    const nextWeek =
      start.startOf('week').toMillis() !== DateTime.now().setZone(ZONE).startOf('week').toMillis();
    for (const [email, viewport] of [
      ['supervisor@demo.go.id', DESKTOP],
      ['tier1@demo.go.id', PHONE],
    ] as const) {
      const page = await signedIn(email, viewport);
      await page.goto(`${desk.base}/changes/calendar`);
      await page.getByRole('heading', { name: 'Kalender perubahan' }).waitFor();
      if (nextWeek) await page.getByRole('button', { name: 'Berikutnya' }).click();
      const entry = page.getByTestId('calendar-entry').filter({ hasText: change.number });
      await entry.first().waitFor();
      await entry.first().getByText(`Bentrok: ${clash.body.number}`).waitFor();
      await expectAccessible(page, `change calendar (${email})`);
      if (viewport === PHONE) await expectNoSideScroll(page);
      await page.getByText('Bulan', { exact: true }).click();
      await page.getByTestId('change-calendar').waitFor();
      await expectAccessible(page, 'change calendar, month');
    }
    // Two users, two views each, each checked by axe: slow on a busy 2-core machine.
  }, 120_000);

  it('lets the technician carry it out and close it with its review', async () => {
    const page = await signedIn('tier1@demo.go.id', PHONE);
    await page.goto(`${desk.base}/changes/${change.id}`);
    for (const phase of ['Implementasi', 'Pemantauan', 'Evaluasi']) {
      await page.getByRole('button', { name: `Ke tahap: ${phase}` }).click();
      await page.getByRole('heading', { name: new RegExp(change.number) }).waitFor();
      await page.getByText(phase, { exact: true }).first().waitFor();
    }
    await page.getByLabel('Jumlah insiden yang ditimbulkan').fill('0');
    await page.getByLabel('Pelajaran').fill('Kabel cadangan perlu disiapkan sebelum hari pelaksanaan.');
    await page.getByRole('button', { name: 'Tutup dengan tinjauan' }).click();
    await page.getByText('Ditutup', { exact: true }).first().waitFor();
    await page
      .getByText(/Kabel cadangan perlu disiapkan/)
      .first()
      .waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'closed change on a phone');
    const res = await desk.api.http
      .get(`/api/v1/changes/${change.id}`)
      .set('Authorization', `Bearer ${await tokenFor('tier1@demo.go.id')}`);
    expect(res.body).toMatchObject({
      phase: 'closed',
      review: { successful: true, incidentsCaused: 0 },
    });
  });

  it('shows the known error with its linked tickets, and the problem form', async () => {
    const page = await signedIn('tier2@demo.go.id');
    await page.goto(`${desk.base}/problems`);
    await page.getByRole('heading', { name: 'Manajemen masalah' }).waitFor();
    await expectAccessible(page, 'problem list');
    await page.getByText(/Gangguan jaringan berulang/).click();
    await page.getByText('Known error', { exact: true }).first().waitFor();
    const tickets = page.getByTestId('problem-tickets').getByRole('link');
    await tickets.first().waitFor();
    expect(await tickets.count()).toBeGreaterThan(0);
    // The known error publishes its workaround as a KB article submitted for review, once.
    await page.getByRole('button', { name: 'Terbitkan solusi sementara ke basis pengetahuan' }).click();
    await page
      .getByTestId('problem-kb-article')
      .getByText(/(Ditinjau)/)
      .waitFor();
    expect(await page.getByRole('button', { name: /Terbitkan solusi sementara/ }).count()).toBe(0);
    await expectAccessible(page, 'problem page');
    await page.goto(`${desk.base}/problems/new`);
    await page.getByRole('heading', { name: 'Catat masalah' }).waitFor();
    await expectAccessible(page, 'problem form');
    const phone = await signedIn('tier2@demo.go.id', PHONE);
    await phone.goto(page.url().replace('/new', ''));
    await phone.getByRole('heading', { name: 'Manajemen masalah' }).waitFor();
    await expectNoSideScroll(phone);
  });

  it('brings a change sent for approval and a new problem onto open pages live, without reloading', async () => {
    const queuePage = await signedIn('supervisor@demo.go.id');
    await queuePage.goto(`${desk.base}/changes/approvals`);
    await queuePage.getByRole('heading', { name: 'Antrean persetujuan' }).waitFor();
    const problems = await signedIn('tier2@demo.go.id');
    await problems.goto(`${desk.base}/problems`);
    await problems.getByRole('heading', { name: 'Manajemen masalah' }).waitFor();
    // Let both pages open their streams before anything happens.
    await new Promise((r) => setTimeout(r, 1000));

    const tier1 = `Bearer ${await tokenFor('tier1@demo.go.id')}`;
    const filed = await desk.api.http
      .post('/api/v1/changes')
      .set('Authorization', tier1)
      .send({
        title: 'Pemindahan rak server lantai 1',
        description: 'Rak server dipindah ke ruang ber-AC yang baru.',
        type: 'normal',
        systems: ['Rak server lantai 1'],
        risk: 'medium',
        plannedStart: start.plus({ days: 3 }).toISO(),
        plannedEnd: end.plus({ days: 3 }).toISO(),
      });
    expect(filed.status).toBe(201);
    for (const phase of ['analysis', 'approval'])
      expect(
        (
          await desk.api.http
            .post(`/api/v1/changes/${filed.body.id}/phase`)
            .set('Authorization', tier1)
            .send({ phase })
        ).status,
      ).toBe(200);
    const problem = await desk.api.http
      .post('/api/v1/problems')
      .set('Authorization', `Bearer ${await tokenFor('tier2@demo.go.id')}`)
      .send({ title: 'Rak server sering kepanasan', description: 'Suhu ruang server naik tiap siang.' });
    expect(problem.status).toBe(201);

    // The lists keep data for 15 s and do not poll: only the live streams bring these in this soon.
    await queuePage
      .getByTestId('approval-queue')
      .getByText(new RegExp(filed.body.number))
      .waitFor({ timeout: 8000 });
    await problems.getByText(/Rak server sering kepanasan/).waitFor({ timeout: 8000 });
  });
});
