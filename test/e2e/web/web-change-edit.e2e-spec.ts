import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';

const HOUR = 3600_000;

/**
 * Editing a change and recording a problem from the workspace list, in a real browser: the PD
 * technician edits an approved change on a 360 px phone (plans and a linked incident picked from those
 * they may see), which sends it back to the approval queue; a supervisor selects tickets in the
 * workspace list and records the problem behind them. axe runs on each new view.
 */
describe('Editing a change and a problem from selected tickets, in a browser', () => {
  const desk = useBrowserDesk();
  const { signedIn, tokenFor, expectAccessible, expectNoSideScroll } = desk;
  const tag = `ce${Date.now().toString(36)}`;

  const api = (token: string) => ({
    post: (path: string, body: object) =>
      desk.api.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => desk.api.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
  });

  it('sends an approved change the technician edits back for approval, with the incident picked', async () => {
    const tech = await tokenFor('tier1@demo.go.id');
    const supervisor = await tokenFor('supervisor@demo.go.id');
    const start = new Date(Date.now() + 5 * 24 * HOUR);
    const filed = await api(tech).post('/changes', {
      title: `Pemindahan rak server ${tag}`,
      description: 'Rak server dipindah ke ruang baru yang berpendingin.',
      type: 'normal',
      systems: ['Ruang server Dinas Kesehatan'],
      risk: 'medium',
      implementationPlan: 'Matikan server, pindahkan rak, nyalakan kembali.',
      rollbackPlan: 'Kembalikan rak ke ruang lama.',
      plannedStart: start.toISOString(),
      plannedEnd: new Date(start.getTime() + 4 * HOUR).toISOString(),
    });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    for (const phase of ['analysis', 'approval'])
      expect((await api(tech).post(`/changes/${id}/phase`, { phase })).status).toBe(200);
    const approved = await api(supervisor).post(`/changes/${id}/phase`, {
      phase: 'development',
      approval: { decision: 'approved', reason: 'Rencana memadai.' },
    });
    expect(approved.body.approvalStatus).toBe('approved');
    // An incident the technician reported, so one they may see and link.
    const incident = await api(tech).post('/incidents', {
      title: `Akses tidak sah ke rak server ${tag}`,
      description: 'Pintu ruang server ditemukan terbuka dan kabel konsol terpasang ke laptop asing.',
      category: 'unauthorized_access',
      severity: 'medium',
      affectedSystems: ['Ruang server Dinas Kesehatan'],
      detectedAt: new Date(Date.now() - HOUR).toISOString(),
      dataSecured: true,
    });
    expect(incident.status).toBe(201);

    const page = await signedIn('tier1@demo.go.id', PHONE);
    await page.goto(`${desk.base}/changes/${id}`);
    await page.getByRole('link', { name: 'Ubah', exact: true }).click();
    await page.getByRole('heading', { name: `Ubah ${filed.body.number}` }).waitFor();
    await page.getByTestId('reapproval-warning').waitFor();
    await expectAccessible(page, 'change edit form');
    await expectNoSideScroll(page);
    await page
      .getByLabel('Rencana pemulihan (rollback)')
      .fill('Kembalikan rak ke ruang lama dan uji tiap server.');
    const picker = page.getByRole('combobox', { name: 'Insiden keamanan terkait' });
    await picker.click();
    await picker.fill(tag);
    await page.getByRole('option', { name: new RegExp(incident.body.number) }).click();
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForURL(new RegExp(`/changes/${id}$`));
    await page.getByText('Perubahan disimpan dan dikirim kembali untuk persetujuan').waitFor();
    await page.getByText('Menunggu', { exact: true }).waitFor();
    await page.getByText('Persetujuan batal karena perubahan diubah').waitFor();
    await page.getByTestId('change-incidents').getByText(incident.body.number).waitFor();
    await expectAccessible(page, 'change back in approval');
    await expectNoSideScroll(page);

    const after = await api(tech).get(`/changes/${id}`);
    expect(after.body).toMatchObject({
      phase: 'approval',
      approvalStatus: 'pending',
      rollbackPlan: 'Kembalikan rak ke ruang lama dan uji tiap server.',
      canEdit: false,
    });
    expect(after.body.incidents.map((i: { id: string }) => i.id)).toEqual([incident.body.id]);
    // The window was not touched by the form (its inputs show minutes only).
    expect(after.body.plannedStart).toBe(filed.body.plannedStart);
    const asked = (await desk.api.dataSource.query(
      `SELECT subject FROM mail_message WHERE aggregate_id = $1 AND kind = 'change.approval-requested'`,
      [id],
    )) as { subject: string }[];
    expect(asked.filter((m) => /Persetujuan ulang/.test(m.subject))).toHaveLength(1);
    const queue = await signedIn('supervisor@demo.go.id', DESKTOP);
    await queue.goto(`${desk.base}/changes/approvals`);
    await queue.getByTestId('approval-queue').getByText(new RegExp(filed.body.number)).waitFor();
  });

  it('records a problem from tickets selected in the workspace list', async () => {
    const requester = await tokenFor('pegawai@demo.go.id');
    const tickets: { id: string; number: string }[] = [];
    for (const title of [`Printer ${tag} macet`, `Printer ${tag} tidak terdeteksi`]) {
      const res = await api(requester).post('/tickets', {
        kind: 'incident',
        title,
        description: `Laporan uji ${tag}: printer bersama tidak dapat dipakai.`,
        impact: 2,
        urgency: 2,
      });
      expect(res.status).toBe(201);
      tickets.push(res.body);
    }
    const page = await signedIn('supervisor@demo.go.id', DESKTOP);
    // The supervisor's list of every PD's Tier 1 tickets.
    await page.goto(`${desk.base}/workspace?queue=tier1-all`);
    await page.getByLabel('Cari').fill(tag);
    for (const t of tickets) await page.getByRole('row').filter({ hasText: t.number }).waitFor();
    for (const t of tickets) await page.getByRole('checkbox', { name: `Pilih tiket ${t.number}` }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Buat problem' }).click();
    const dialog = page.getByRole('dialog', { name: 'Catat masalah dari tiket terpilih' });
    await dialog.waitFor();
    for (const t of tickets)
      expect(await dialog.getByRole('checkbox', { name: new RegExp(t.number) }).isChecked()).toBe(true);
    await expectAccessible(page, 'problem from selected tickets', '[role="dialog"]');
    await dialog.getByLabel('Judul').fill(`Driver printer bersama ${tag}`);
    await dialog.getByLabel('Uraian').fill('Driver printer bersama rusak setelah pembaruan sistem operasi.');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForURL(/\/problems\/[0-9a-f-]{36}$/);
    const links = page.getByTestId('problem-tickets');
    for (const t of tickets) await links.getByText(new RegExp(t.number)).waitFor();
    const problemId = page.url().split('/').pop()!;
    const problem = await api(await tokenFor('supervisor@demo.go.id')).get(`/problems/${problemId}`);
    expect(problem.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual(
      tickets.map((t) => t.id).sort(),
    );
    // Tier 1 does not work problems: no such action in its bulk bar.
    const tech = await signedIn('tier1@demo.go.id', DESKTOP);
    await tech.goto(`${desk.base}/workspace`);
    await tech.getByLabel('Cari').fill(tag);
    await tech.getByRole('checkbox', { name: `Pilih tiket ${tickets[0].number}` }).check();
    await tech.getByTestId('bulk-bar').waitFor();
    expect(await tech.getByRole('button', { name: 'Buat problem' }).count()).toBe(0);
  });
});
