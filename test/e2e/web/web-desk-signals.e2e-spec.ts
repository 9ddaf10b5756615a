import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';
import { sqlExecute } from '../../support/db';

/**
 * The SLA signal of a breached ticket in the queue, and Tier 1 still replying on its PD's ticket
 * after escalation (the requester then sees "Ditangani Dinas"), in Debian's chromium with axe.
 */
describe('Web desk: SLA signals and escalated tickets', () => {
  const desk = useBrowserDesk();
  const { signedIn, tokenFor, expectAccessible, expectNoSideScroll } = desk;

  async function file(title: string) {
    const token = await tokenFor('pegawai@demo.go.id');
    const res = await desk.api.http.post('/api/v1/tickets').set('Authorization', `Bearer ${token}`).send({
      kind: 'incident',
      title,
      description: 'Sejak pagi tidak bisa dipakai sama sekali oleh pegawai di ruangan.',
      impact: 2,
      urgency: 2,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; version: number };
  }
  const asTier1 = async () => `Bearer ${await tokenFor('tier1@demo.go.id')}`;

  it('shows a breached ticket as breached, naming its clock, under "Hanya yang lewat SLA"', async () => {
    const t = await file(`Aplikasi kepegawaian lambat ${Date.now().toString(36)}`);
    const auth = await asTier1();
    await desk.api.http.post(`/api/v1/tickets/${t.id}/claim`).set('Authorization', auth).send({}).expect(200);
    await desk.api.http
      .post(`/api/v1/tickets/${t.id}/comments`)
      .set('Authorization', auth)
      .send({ body: 'Sedang kami periksa.' })
      .expect(201);
    // The response was met; the resolution target passed three hours ago.
    await sqlExecute(
      desk.api.dataSource,
      `UPDATE ticket_sla_clock SET due_at = now() - interval '3 hours' WHERE ticket_id = $1 AND clock = 'resolution'`,
      [t.id],
    );
    await sqlExecute(
      desk.api.dataSource,
      `UPDATE ticket SET queue_due_at = now() - interval '3 hours' WHERE id = $1`,
      [t.id],
    );

    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/workspace`);
    await page.getByRole('switch', { name: 'Hanya yang lewat SLA' }).check({ force: true });
    const row = page.getByRole('row').filter({ hasText: t.number });
    await row.waitFor();
    const chip = row.getByTestId('sla-chip');
    expect(await chip.getAttribute('data-state')).toBe('breached');
    expect(await chip.innerText()).toMatch(/^Penyelesaian: lewat 3 j \d+ mnt$/);
    // No row under the breached-only filter shows time left.
    const chips = await page.getByTestId('sla-chip').allInnerTexts();
    expect(chips.length).toBeGreaterThan(0);
    for (const text of chips) expect(text).not.toMatch(/sisa/);
    await expectAccessible(page, 'workspace (breached only)');
  });

  it('lets Tier 1 reply on its PD’s escalated ticket, offers no claim there, and tells the requester "Ditangani Dinas"', async () => {
    const t = await file(`Jaringan lantai 3 putus ${Date.now().toString(36)}`);
    const auth = await asTier1();
    const teams = (await desk.api.http.get('/api/v1/teams').set('Authorization', auth)).body as {
      id: string;
      security?: boolean;
      code?: string;
    }[];
    const team = teams.find((x) => !x.security && x.code !== 'CSIRT')!;
    await desk.api.http
      .post(`/api/v1/tickets/${t.id}/escalate`)
      .set('Authorization', auth)
      .send({ teamId: team.id, reason: 'Perlu penanganan tim Dinas untuk jaringan ini' })
      .expect(200);

    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/workspace?queue=desk-escalated`);
    const row = page.getByRole('row').filter({ hasText: t.number });
    await row.waitFor();
    expect(await row.getByRole('button', { name: `Ambil ${t.number}` }).count()).toBe(0);

    await row.getByRole('link', { name: t.number }).click();
    await page.waitForURL(`${desk.base}/tiket/${t.number}`);
    await page.getByRole('textbox', { name: 'Isi pesan' }).waitFor();
    await expectAccessible(page, 'escalated ticket (Tier 1)');
    await page
      .getByRole('textbox', { name: 'Isi pesan' })
      .fill('Tim jaringan Dinas sudah kami hubungi, mohon ditunggu.');
    await page.getByRole('button', { name: 'Kirim' }).click();
    await page.getByText('Tim jaringan Dinas sudah kami hubungi').waitFor();

    const requester = await signedIn('pegawai@demo.go.id', PHONE);
    await requester.goto(`${desk.base}/tickets/${t.id}`);
    await requester.getByText('Tim jaringan Dinas sudah kami hubungi').waitFor();
    await requester.getByTestId('status-badge').getByText('Ditangani Dinas').waitFor();
    await expectNoSideScroll(requester);
    await expectAccessible(requester, 'escalated ticket (requester)');
    await requester.goto(`${desk.base}/tickets`);
    const card = requester.getByTestId('ticket-card').filter({ hasText: t.number });
    await card.getByText('Ditangani Dinas').waitFor();
  });
});
