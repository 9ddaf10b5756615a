import { DESKTOP, PHONE, useBrowserDesk } from './browser-desk';

/**
 * The knowledge base in a real browser on the demo data: a requester on a 360 px phone types a
 * ticket title, opens the suggested article and ends the draft as solved (counted as a deflection);
 * the help centre and an article page with "Apakah ini membantu?"; the agents' list and editor with
 * the Markdown preview. Axe on every new page.
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

    const [{ n }] = await desk.api.dataSource.query(
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
});
