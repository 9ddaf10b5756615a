import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { startApi, startWorker, testConfig, TestApi, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { pdfText } from '../support/pdf-text';

/**
 * Deflections (a requester ended the ticket they were writing because an article solved it) in
 * everything the SLA report is delivered as: the Indonesian CSV, the XLSX workbook and the
 * report mail with its CSV and PDF attachments, through a real SMTP server. They count per PD.
 */
describe('Knowledge-base deflections in the SLA report exports and mail', () => {
  let api: TestApi;
  let org: TestOrg;
  let worker: INestApplicationContext;
  const sink = new SmtpSink();
  const DEFLECTIONS_ID = 'Selesai lewat artikel (laporan tidak jadi dikirim)';

  const today = new Date();
  const window = {
    from: new Date(today.getTime() - 2 * 86_400_000).toISOString().slice(0, 10),
    to: new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
  };

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' });
    api = await startApi(config);
    org = await createOrg(api.app);
    worker = await startWorker(config);

    const { supervisor } = org.users;
    const created = await api.http.post('/api/v1/kb/articles').set(supervisor.auth).send({
      title: 'Printer tidak bisa mencetak dokumen',
      body: 'Nyalakan ulang layanan *spooler*, lalu cetak ulang dokumen.',
      kind: 'howto',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const step of ['submit', 'publish']) {
      expect((await api.http.post(`/api/v1/kb/articles/${id}/${step}`).set(supervisor.auth)).status).toBe(
        200,
      );
    }
    // PD A: two reports not sent; PD B: one.
    for (const who of [org.users.requesterA, org.users.requesterA, org.users.requesterB]) {
      const res = await api.http
        .post(`/api/v1/kb/articles/${id}/deflections`)
        .set(who.auth)
        .send({ ticketTitle: 'printer tidak bisa' });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
  });

  const csv = (as: TestUser, query: Record<string, string> = {}) =>
    api.http
      .get('/api/v1/reports/sla')
      .query({ ...window, format: 'csv', ...query })
      .set(as.auth);

  it('should list the deflections in the Indonesian CSV, per PD and regency-wide', async () => {
    const pdA = await csv(org.users.unitHeadA);
    expect(pdA.status).toBe(200);
    expect(pdA.text.charCodeAt(0)).toBe(0xfeff);
    const linesA = pdA.text.slice(1).split('\r\n');
    expect(linesA).toContain(`${DEFLECTIONS_ID};2`);

    const all = await csv(org.users.supervisor);
    expect(all.text.slice(1).split('\r\n')).toContain(`${DEFLECTIONS_ID};3`);
    const pdB = await csv(org.users.supervisor, { unitId: org.pdB.id });
    expect(pdB.text.slice(1).split('\r\n')).toContain(`${DEFLECTIONS_ID};1`);
  });

  it('should list them with an English header for an English reader', async () => {
    const { supervisor } = org.users;
    await api.http
      .patch('/api/v1/users/me/preferences')
      .set(supervisor.auth)
      .send({ locale: 'en' })
      .expect(200);
    try {
      const res = await csv(supervisor);
      expect(res.text.slice(1).split('\r\n')).toContain('Solved by an article (reports not sent),3');
    } finally {
      await api.http
        .patch('/api/v1/users/me/preferences')
        .set(supervisor.auth)
        .send({ locale: 'id' })
        .expect(200);
    }
  });

  it('should give the deflections as a number in the XLSX workbook', async () => {
    const res = await api.http
      .get('/api/v1/reports/sla')
      .query({ ...window, format: 'xlsx' })
      .set(org.users.unitHeadA.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual([DEFLECTIONS_ID, 2]);
  });

  it('should show the deflections in the report mail, its text part, its CSV and its PDF', async () => {
    const { unitHeadA } = org.users;
    const to = 'sekretaris@pd-a.go.id';
    const created = await api.http
      .post('/api/v1/report-subscriptions')
      .set(unitHeadA.auth)
      .send({
        name: 'Laporan harian PD A',
        scope: {},
        frequency: 'daily',
        sendAt: '07:00',
        recipients: [{ email: to }],
      });
    expect(created.status).toBe(201);
    const sent = await api.http
      .post(`/api/v1/report-subscriptions/${created.body.id}/send-now`)
      .set(unitHeadA.auth)
      .send({ period: 'current' });
    expect(sent.status).toBe(202);

    const [mail] = await waitFor(async () => {
      const m = sink.to(to).filter((x) => x.parsed.headers.get('x-desk-mail-kind') === 'report');
      return m.length ? m : null;
    }, 20000);
    // The tile: its label, then its figure.
    expect(mail.html).toMatch(/>Selesai lewat artikel<\/td><\/tr><tr><td[^>]*>2<\/td>/);
    expect(mail.text).toContain('Selesai lewat artikel: 2');
    const attachment = mail.parsed.attachments.find((a) => a.contentType === 'text/csv');
    expect(attachment?.content.toString('utf8').split('\r\n')).toContain(`${DEFLECTIONS_ID};2`);
    // The PDF's figure tiles: the mail's label, then the same figure.
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    expect(await pdfText(pdf!.content)).toMatch(/Selesai lewat artikel\s*\n\s*2\s*\n/);
  });
});
