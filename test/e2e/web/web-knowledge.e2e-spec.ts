import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';
import { countOf } from '../../support/db';

/**
 * The knowledge base in a real browser on the demo data: a requester on a 360 px phone types a
 * ticket title, opens the suggested article and ends the draft as solved (counted as a deflection);
 * the help centre and an article page with "Apakah ini membantu?"; the agents' list and editor with
 * the Markdown preview; "Jadikan artikel" on a resolved ticket, the review queue, publishing and the
 * revision diff. Axe on every new page.
 */
describe('Knowledge base in a browser', () => {
  const desk = useBrowserDesk();
  const { signedIn, expectAccessible, expectNoSideScroll, shot } = desk;

  it('suggests an article while a requester types a title, and ends the draft as solved', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${desk.base}/tickets/new`);
    await page.getByLabel('Judul').first().fill('printer tidak bisa');
    const suggestion = page.getByTestId('kb-suggestion').first();
    await suggestion.waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'report form with suggestions');
    await suggestion.click();
    const body = page.getByTestId('kb-suggested-body');
    await body.waitFor();
    await expectAccessible(page, 'suggested article');
    await shot(page, 'kb-suggestion-phone');
    await page.getByTestId('kb-solved').click();
    await page.getByTestId('kb-solved-receipt').waitFor();

    const n = await countOf(
      desk.api.dataSource,
      `SELECT count(*)::int AS n FROM kb_deflection d JOIN app_user u ON u.id = d.user_id
        WHERE u.email = 'pegawai@demo.go.id' AND d.ticket_title = 'printer tidak bisa'`,
    );
    expect(n).toBe(1);
    const [{ tickets }] = await desk.api.dataSource.query(
      `SELECT count(*)::int AS tickets FROM ticket WHERE title = 'printer tidak bisa'`,
    );
    expect(tickets).toBe(0);
  });

  it('finds articles in the help centre and asks whether one helped', async () => {
    const page = await signedIn('pegawai@demo.go.id', PHONE);
    await page.goto(`${desk.base}/help`);
    await page.getByTestId('kb-search').fill('mengatur email ponsel');
    const hit = page.getByTestId('kb-hit').first();
    await hit.waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'help centre');
    await hit.click();
    await page.getByTestId('kb-article-body').waitFor();
    await page.getByRole('heading', { name: 'Apakah ini membantu?' }).waitFor();
    await expectNoSideScroll(page);
    await expectAccessible(page, 'article page');
    await page.getByTestId('kb-helpful-yes').click();
    await page.getByText('Terima kasih atas masukan Anda.').waitFor();
  });

  it('lets an agent write an article with a Markdown preview', async () => {
    const page = await signedIn('supervisor@demo.go.id', DESKTOP);
    await page.goto(`${desk.base}/kb?tab=all`);
    await page.getByTestId('kb-row').first().waitFor();
    await expectAccessible(page, 'knowledge base list');
    await page.goto(`${desk.base}/kb/new`);
    await page.getByTestId('kb-title').fill('Cara memindai dokumen ke email');
    await page.getByTestId('kb-body').fill('## Langkah\n\n1. Tekan **Scan**\n\n<script>alert(1)</script>');
    await page.getByTestId('kb-preview-tab').click();
    await page.getByTestId('kb-preview').locator('strong', { hasText: 'Scan' }).waitFor();
    expect(await page.getByTestId('kb-preview').locator('script').count()).toBe(0);
    await expectAccessible(page, 'article editor');
    await page.getByTestId('kb-save').click();
    await page.waitForURL(/\/kb\/[0-9a-f-]{36}\/edit$/);
  });

  it('turns a resolved ticket into an article that goes through the review queue to the help centre', async () => {
    const title = 'Pemindai loket tidak terdeteksi di komputer';
    const requester = await desk.tokenFor('pegawai@demo.go.id');
    const filed = await desk.api.http
      .post('/api/v1/tickets')
      .set('Authorization', `Bearer ${requester}`)
      .send({
        kind: 'incident',
        title,
        description: 'Pemindai di loket tidak muncul sejak pagi.',
        impact: 3,
        urgency: 2,
      });
    expect(filed.status).toBe(201);
    const tech = await desk.tokenFor('tier1@demo.go.id');
    for (const [action, body] of [
      ['claim', {}],
      ['start', {}],
      ['resolve', { resolution: 'Driver pemindai dipasang ulang dan kabel USB diganti.' }],
    ] as const) {
      const res = await desk.api.http
        .post(`/api/v1/tickets/${filed.body.id}/${action}`)
        .set('Authorization', `Bearer ${tech}`)
        .send(body);
      expect(res.status).toBe(200);
    }

    // The Tier 1 technician, on a phone: "Jadikan artikel" opens the draft in the editor.
    const agent = await desk.signedIn('tier1@demo.go.id', PHONE);
    await agent.goto(`${desk.base}/tickets/${filed.body.id}`);
    await agent.getByTestId('kb-from-ticket').click();
    await agent.waitForURL(/\/kb\/[0-9a-f-]{36}\/edit$/);
    const articleId = /\/kb\/([0-9a-f-]{36})\/edit$/.exec(agent.url())![1];
    expect(await agent.getByTestId('kb-title').inputValue()).toBe(title);
    expect(await agent.getByTestId('kb-body').inputValue()).toContain('Driver pemindai dipasang ulang');
    await expectNoSideScroll(agent);
    await expectAccessible(agent, 'article editor with a draft from a ticket');
    await agent
      .getByTestId('kb-body')
      .fill(`${await agent.getByTestId('kb-body').inputValue()}\n\nJika masih gagal, hubungi Tier 2.`);
    // A draft from a ticket is for agents; this one may go to requesters too.
    await agent.getByRole('combobox', { name: 'Dapat dibaca oleh' }).click();
    await agent.getByRole('option', { name: 'Publik' }).click();
    await agent.getByTestId('kb-save').click();
    await agent.getByText('Artikel disimpan').first().waitFor();
    await agent.getByRole('button', { name: 'Ajukan tinjauan' }).click();
    await agent.getByRole('button', { name: 'Ajukan tinjauan' }).waitFor({ state: 'detached' });

    // The supervisor finds it in the review queue, sees what changed and publishes it.
    const reviewer = await desk.signedIn('supervisor@demo.go.id', DESKTOP);
    await reviewer.goto(`${desk.base}/kb?tab=review`);
    const row = reviewer.getByTestId('kb-row').filter({ hasText: title });
    await row.waitFor();
    await expectAccessible(reviewer, 'review queue');
    await row.click();
    await reviewer.waitForURL(new RegExp(`/kb/${articleId}/edit$`));
    await reviewer.getByRole('button', { name: 'Perubahan' }).first().click();
    await reviewer.getByTestId('kb-diff').waitFor();
    expect(await reviewer.getByTestId('kb-diff').textContent()).toContain(
      '+ Jika masih gagal, hubungi Tier 2.',
    );
    await expectAccessible(reviewer, 'article editor with a revision diff');
    await reviewer.getByRole('button', { name: 'Terbitkan' }).click();
    await reviewer.getByRole('button', { name: 'Terbitkan' }).waitFor({ state: 'detached' });

    // Published, public: the requester finds it in the help centre.
    const article = await desk.api.http
      .get(`/api/v1/kb/articles/${articleId}`)
      .set('Authorization', `Bearer ${requester}`);
    expect(article.status).toBe(200);
    expect(article.body).toMatchObject({ status: 'published', visibility: 'public' });
    const help = await desk.signedIn('pegawai@demo.go.id', PHONE);
    await help.goto(`${desk.base}/help`);
    await help.getByTestId('kb-search').fill('pemindai loket');
    await help.getByTestId('kb-hit').filter({ hasText: title }).waitFor();
  }, 180_000);
});
