import type { Route } from 'playwright-core';
import { DESKTOP, useBrowserDesk } from './browser-desk';

/**
 * A live queue row takes the status and the assignee from the live event itself: with every later
 * read of the list held back, a claim made elsewhere still shows in the open workspace within seconds.
 */
describe('Web desk: live rows', () => {
  const desk = useBrowserDesk();
  const { signedIn, tokenFor, expectAccessible } = desk;

  it('shows a claim made on another device in the open queue at once, without a reload or a refetch', async () => {
    const requester = await tokenFor('pegawai@demo.go.id');
    const filed = await desk.api.http
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${requester}`)
      .send({
        kind: 'incident',
        title: `Printer ruang rapat macet ${Date.now().toString(36)}`,
        description: 'Kertas tersangkut terus sejak pagi, sudah dicoba dibersihkan.',
        impact: 3,
        urgency: 2,
      });
    expect(filed.status).toBe(201);
    const ticket = filed.body as { id: string; number: string; version: number };

    const page = await signedIn('tier1@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/workspace`);
    const row = page.getByRole('row').filter({ hasText: ticket.number });
    await row.getByText('Baru', { exact: true }).waitFor({ timeout: 20_000 });
    await row.getByText('Belum ada petugas').waitFor();
    await page.getByTestId('live-indicator').waitFor({ timeout: 20_000 });

    // From here every read of the list waits until the end of the test: only the event can change the row.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let listReads = 0;
    await page.route(/\/api\/v1\/tickets\?/, async (route: Route) => {
      listReads++;
      await held;
      await route.continue().catch(() => undefined);
    });

    const tech = await tokenFor('tier1@demo.go.id');
    const claimed = await desk.api.http
      .post(`/api/v1/tickets/${ticket.id}/claim`)
      .set('Authorization', `Bearer ${tech}`)
      .send({ version: ticket.version });
    expect(claimed.status).toBe(200);
    const assignee = (claimed.body as { assignee: { name: string } }).assignee.name;

    const started = Date.now();
    await row.getByText('Ditugaskan', { exact: true }).waitFor({ timeout: 5000 });
    await row.getByText(assignee).waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(5000);
    // The refetch the event triggers is asked for, and held: the row above came from the event.
    for (let waited = 0; listReads === 0 && waited < 5000; waited += 100) await page.waitForTimeout(100);
    expect(listReads).toBeGreaterThan(0);
    expect(await row.getByText('Belum ada petugas').count()).toBe(0);
    await expectAccessible(page, 'workspace (live row)');
    release();
  });
});
