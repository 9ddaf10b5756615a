import { SmtpSink } from '../../support/mail';
import { waitFor } from '../../support/harness';
import { DESKTOP, PASSWORD, PHONE, useBrowserDesk } from './browser-desk';

/**
 * Password self-service in a real browser: "Lupa kata sandi?" from the sign-in page on a phone, the
 * mailed link, the new password (the policy's message in Indonesian), and "Ubah kata sandi" on the
 * profile, which keeps the user signed in while ending the old session.
 */
describe('Password self-service in a browser', () => {
  const sink = new SmtpSink();
  beforeAll(async () => {
    await sink.start();
  });
  const desk = useBrowserDesk(() => ({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' }));
  afterAll(() => sink.stop());
  const { expectAccessible, expectNoSideScroll, tokenFor } = desk;

  it('resets a forgotten password through the mailed link on a 360 px phone', async () => {
    const email = 'pegawai.disdikbud@demo.go.id';
    const page = await desk.newPage(PHONE);
    await page.goto(`${desk.base}/login`);
    await page.getByTestId('forgot-password').click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel(/^Email dinas/).fill(email);
    await expectAccessible(page, 'forgot password');
    await page.getByRole('button', { name: 'Kirim tautan' }).click();
    await page.getByTestId('reset-sent').waitFor();
    await expectNoSideScroll(page);

    const mail = await waitFor(
      async () => sink.to(email).find((m) => m.subject.includes('kata sandi')),
      20_000,
      'the reset mail',
    );
    const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
    await page.goto(`${desk.base}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByLabel(/^Kata sandi baru/).fill('qwertyuiop');
    await page.getByLabel(/^Ulangi kata sandi baru/).fill('qwertyuiop');
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await page.getByText('Kata sandi ini termasuk yang paling umum dipakai; pilih yang lain.').waitFor();
    await expectAccessible(page, 'reset password with an error');
    const fresh = 'Sawah-Hijau-Banjar-26';
    await page.getByLabel(/^Kata sandi baru/).fill(fresh);
    await page.getByLabel(/^Ulangi kata sandi baru/).fill(fresh);
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await page.getByTestId('reset-done').waitFor();
    await expectNoSideScroll(page);

    await page.getByRole('link', { name: 'Kembali ke halaman masuk' }).click();
    await page.getByLabel(/^Email dinas/).fill(email);
    await page.getByLabel(/^Kata sandi/).fill(fresh);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const old = await desk.api.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(old.status).toBe(401);
  });

  it('changes the password from the profile, staying signed in while the old session ends', async () => {
    const email = 'pegawai@demo.go.id';
    const oldToken = await tokenFor(email);
    const page = await desk.newPage(DESKTOP, oldToken);
    await page.goto(`${desk.base}/profile`);
    const form = page.getByTestId('change-password');
    await form.getByLabel(/^Kata sandi saat ini/).fill(PASSWORD);
    await form.getByLabel(/^Kata sandi baru/).fill('Kebun-Kopi-Martapura-9');
    await form.getByLabel(/^Ulangi kata sandi baru/).fill('Kebun-Kopi-Martapura-9');
    await expectAccessible(page, 'profile with the password form');
    await form.getByRole('button', { name: 'Ubah kata sandi' }).click();
    await page.getByText('Kata sandi diubah. Sesi lain akun Anda telah diakhiri.').waitFor();
    // The page signed in again with the new password: its new token works, the old one does not.
    // (No reload: the test's init script would put the old token back.)
    await page.getByRole('heading', { name: 'Profil saya' }).waitFor();
    const current = await page.evaluate("localStorage.getItem('desk.token')");
    expect(current).not.toBe(oldToken);
    const now = await desk.api.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${current}`);
    expect(now.status).toBe(200);
    const me = await desk.api.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${oldToken}`);
    expect(me.status).toBe(401);
  });
});
