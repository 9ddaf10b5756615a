import { JwtService } from '@nestjs/jwt';
import Ajv from 'ajv';
import { stixBundleErrors } from '../support/stix-schema';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG_1X1, reportIncident, validIncident, walkPhases } from '../support/factories/incident.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';
import { sqlExecute } from '../support/db';

type Route = [string, string, Record<string, unknown> | null];
const UPLOAD = { upload: 'bukti.png' };
/** Every incident route, as [method, path suffix, body]. `:ind` and `:ev` are an indicator and a file. */
const ROUTES: Route[] = [
  ['get', '', null],
  ['get', '/timeline', null],
  ['post', '/phase', { phase: 'triage', note: 'Mulai triase' }],
  ['post', '/assign', { assigneeId: '00000000-0000-4000-8000-000000000000' }],
  ['post', '/notes', { body: 'Catatan' }],
  ['post', '/indicators', { type: 'ipv4', value: '198.51.100.9' }],
  ['delete', '/indicators/:ind', null],
  ['put', '/tlp', { tlp: 'red' }],
  ['put', '/severity', { severity: 'critical', reason: 'Penilaian ulang CSIRT' }],
  ['put', '/bssn-report', { reference: 'BSSN-IR/2026/0001' }],
  ['post', '/evidence', UPLOAD],
  ['get', '/evidence/:ev', null],
  ['get', '/evidence-pack', null],
];

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('Security incidents', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (u: TestUser, path: string) => api.http.get(`/api/v1${path}`).set(u.auth);
  const post = (u: TestUser, path: string, body: object) =>
    api.http.post(`/api/v1${path}`).set(u.auth).send(body);

  describe('reporting', () => {
    it('should number incidents INS-YYYY-NNNN in sequence and land them in the CSIRT queue', async () => {
      const year = new Date().getFullYear();
      const a = await reportIncident(api, org.users.requesterA);
      const b = await reportIncident(api, org.users.requesterB, { severity: 'critical' });
      expect(a.number).toMatch(new RegExp(`^INS-${year}-\\d{4}$`));
      expect(Number(b.number.slice(-4))).toBe(Number(a.number.slice(-4)) + 1);
      expect(a).toMatchObject({
        phase: 'reported',
        tlp: 'amber',
        tlpLabel: 'TLP:AMBER',
        category: 'phishing',
        severity: 'high',
        affectedSystems: ['mail.dinas.go.id'],
        dataSecured: false,
        reporter: { id: org.users.requesterA.id },
        unit: { id: org.pdA.id },
        ack: { acknowledgedAt: null, breachedAt: null },
      });
      // High: acknowledged within an hour, around the clock.
      const due = new Date(a.ack.dueAt).getTime() - new Date(a.createdAt).getTime();
      expect(due).toBe(3600_000);
      expect(new Date(b.ack.dueAt).getTime() - new Date(b.createdAt).getTime()).toBe(15 * 60_000);
      const queue = await get(org.users.csirt, '/incidents');
      expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      // Ordered by acknowledgement due: the critical one first.
      const ids = queue.body.items.map((i: { id: string }) => i.id);
      expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
      // Not a ticket: the PD's Tier 1 queue does not have it.
      const tickets = await get(org.users.tier1A, '/tickets?limit=100');
      expect(JSON.stringify(tickets.body)).not.toContain(a.number);
    });

    it('should refuse a detection time in the future and name every bad field', async () => {
      const future = await post(org.users.requesterA, '/incidents', {
        ...validIncident(),
        detectedAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([
        { field: 'detectedAt', message: 'detectedAt must not be in the future' },
      ]);
      const bad = await post(org.users.requesterA, '/incidents', {
        ...validIncident(),
        category: 'virus',
        severity: 'extreme',
        detectedAt: 'kemarin',
        title: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['category', 'detectedAt', 'severity', 'title'].sort(),
      );
    });
  });

  describe('confidentiality', () => {
    let incident: { id: string; number: string };
    let indicatorId: string;
    let evidenceId: string;

    beforeAll(async () => {
      incident = await reportIncident(api, org.users.requesterA, { title: 'Situs rahasia PD A diretas' });
      const ind = await post(org.users.csirt, `/incidents/${incident.id}/indicators`, {
        type: 'domain',
        value: 'login-palsu.example',
      });
      expect(ind.status).toBe(201);
      indicatorId = ind.body.indicators[0].id;
      const up = await api.http
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(org.users.requesterA.auth)
        .attach('file', PNG_1X1, 'tangkapan-layar.png');
      expect(up.status).toBe(201);
      evidenceId = up.body.evidence[0].id;
    });

    const call = (u: TestUser, [method, suffix, body]: Route) => {
      const path = `/api/v1/incidents/${incident.id}${suffix.replace(':ind', indicatorId).replace(':ev', evidenceId)}`;
      const req = (api.http as unknown as Record<string, (p: string) => import('supertest').Test>)
        [method](path)
        .set(u.auth);
      if (body === UPLOAD) return req.attach('file', PNG_1X1, 'bukti.png');
      return body ? req.send(body) : req;
    };

    const OUTSIDERS = [
      'admin',
      'tier2',
      'tier2Apps',
      'tier1A',
      'tier1A2',
      'unitHeadA',
      'requesterA2',
      'tier1B',
      'unitHeadB',
      'requesterB',
    ] as const;

    it.each(OUTSIDERS.flatMap((who) => ROUTES.map((r) => [who, ...r] as const)))(
      'should answer 404 to %s on %s %s, as if the incident did not exist',
      async (who, method, suffix, body) => {
        const res = await call(org.users[who], [method, suffix, body]);
        expect(res.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain('rahasia');
        expect(JSON.stringify(res.body)).not.toContain(incident.number);
      },
    );

    it('should list nothing of it to anyone else, admins included', async () => {
      for (const who of OUTSIDERS) {
        const res = await get(org.users[who], '/incidents?limit=200');
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain(incident.number);
      }
    });

    it('should let the reporter read and add facts, but not work it', async () => {
      const { requesterA } = org.users;
      expect((await get(requesterA, `/incidents/${incident.id}`)).status).toBe(200);
      expect((await get(requesterA, `/incidents/${incident.id}/timeline`)).status).toBe(200);
      expect((await get(requesterA, `/incidents/${incident.id}/evidence/${evidenceId}`)).status).toBe(200);
      expect(
        (await post(requesterA, `/incidents/${incident.id}/notes`, { body: 'Tambahan info' })).status,
      ).toBe(201);
      for (const route of ROUTES.filter(
        ([m, s]) =>
          [
            '/phase',
            '/assign',
            '/indicators',
            '/tlp',
            '/severity',
            '/bssn-report',
            '/indicators/:ind',
            '/evidence-pack',
          ].includes(s) &&
          (m !== 'get' || s === '/evidence-pack'),
      )) {
        const res = await call(requesterA, route);
        expect(res.status).toBe(403);
      }
      const mine = await get(requesterA, '/incidents?reporter=mine');
      expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(incident.id);
    });

    it('should let a supervisor read everything and download the pack, but leave the work to the CSIRT', async () => {
      const { supervisor } = org.users;
      expect((await get(supervisor, `/incidents/${incident.id}`)).status).toBe(200);
      const pack = await get(supervisor, `/incidents/${incident.id}/evidence-pack`);
      expect(pack.status).toBe(200);
      expect(pack.headers['content-type']).toBe('application/zip');
      const res = await post(supervisor, `/incidents/${incident.id}/phase`, {
        phase: 'triage',
        note: 'Coba',
      });
      expect(res.status).toBe(403);
    });
  });

  describe('response workflow', () => {
    it('should move one phase at a time, answering 409 with the current phase on a skip', async () => {
      const { csirt, requesterA } = org.users;
      const i = await reportIncident(api, requesterA);
      const skip = await post(csirt, `/incidents/${i.id}/phase`, { phase: 'containment', note: 'Lompat' });
      expect(skip.status).toBe(409);
      expect(skip.body.detail).toContain("'reported'");
      expect(skip.body.currentPhase).toBe('reported');
      const triage = await post(csirt, `/incidents/${i.id}/phase`, { phase: 'triage', note: 'Mulai triase' });
      expect(triage.status).toBe(200);
      expect(triage.body.phase).toBe('triage');
      // Leaving `reported` is the acknowledgement.
      expect(triage.body.ack.acknowledgedAt).not.toBeNull();
      const back = await post(csirt, `/incidents/${i.id}/phase`, { phase: 'reported', note: 'Mundur' });
      expect(back.status).toBe(409);
      expect(back.body.detail).toContain("'triage'");
      await walkPhases(api, csirt, i.id, 'recovery');
      const noLessons = await post(csirt, `/incidents/${i.id}/phase`, { phase: 'closed', note: 'Selesai' });
      expect(noLessons.status).toBe(400);
      expect(noLessons.body.errors.map((e: { field: string }) => e.field)).toEqual(['lessonsLearned']);
      const closed = await post(csirt, `/incidents/${i.id}/phase`, {
        phase: 'closed',
        note: 'Selesai',
        lessonsLearned: 'Aktifkan MFA untuk email dinas.',
      });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        phase: 'closed',
        lessonsLearned: 'Aktifkan MFA untuk email dinas.',
      });
      expect(closed.body.closedAt).not.toBeNull();
      const after = await post(csirt, `/incidents/${i.id}/phase`, { phase: 'triage', note: 'Lagi' });
      expect(after.status).toBe(409);
      expect(after.body.currentPhase).toBe('closed');
      const timeline = (await get(requesterA, `/incidents/${i.id}/timeline`)).body;
      expect(
        timeline
          .filter((e: { action: string }) => e.action === 'phase_changed')
          .map((e: { data: { to: string } }) => e.data.to),
      ).toEqual(['triage', 'containment', 'eradication', 'recovery', 'closed']);
      expect(timeline[0].action).toBe('reported');
    });

    it('should assign only CSIRT users, record TLP and BSSN reference, and refuse a stale version', async () => {
      const { csirt, tier2, requesterA } = org.users;
      const i = await reportIncident(api, requesterA);
      const wrong = await post(csirt, `/incidents/${i.id}/assign`, { assigneeId: tier2.id });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('assigneeId');
      const ok = await post(csirt, `/incidents/${i.id}/assign`, { assigneeId: csirt.id, version: i.version });
      expect(ok.status).toBe(200);
      expect(ok.body.assignee.id).toBe(csirt.id);
      expect(ok.body.ack.acknowledgedAt).not.toBeNull();
      const stale = await api.http
        .put(`/api/v1/incidents/${i.id}/tlp`)
        .set(csirt.auth)
        .send({ tlp: 'red', version: i.version });
      expect(stale.status).toBe(409);
      const red = await api.http
        .put(`/api/v1/incidents/${i.id}/tlp`)
        .set(csirt.auth)
        .send({ tlp: 'amber+strict' });
      expect(red.body).toMatchObject({ tlp: 'amber+strict', tlpLabel: 'TLP:AMBER+STRICT' });
      const badTlp = await api.http
        .put(`/api/v1/incidents/${i.id}/tlp`)
        .set(csirt.auth)
        .send({ tlp: 'white' });
      expect(badTlp.status).toBe(400);
      const bssn = await api.http
        .put(`/api/v1/incidents/${i.id}/bssn-report`)
        .set(csirt.auth)
        .send({ reference: 'BSSN-IR/2026/0412', reportedAt: '2026-01-05T03:00:00Z' });
      expect(bssn.status).toBe(200);
      expect(bssn.body.bssn).toEqual({
        reference: 'BSSN-IR/2026/0412',
        reportedAt: '2026-01-05T03:00:00.000Z',
      });
      const actions = (await get(csirt, `/incidents/${i.id}/timeline`)).body.map(
        (e: { action: string }) => e.action,
      );
      expect(actions).toEqual(['reported', 'assigned', 'tlp_changed', 'bssn_reported']);
    });
  });

  describe('indicators', () => {
    let id: string;
    beforeAll(async () => {
      id = (await reportIncident(api, org.users.requesterA)).id;
    });

    it.each([
      ['ipv4', '203.0.113.7', '203.0.113.7'],
      ['ipv6', '2001:DB8::1', '2001:db8::1'],
      ['domain', 'Login-Palsu.Example.com', 'login-palsu.example.com'],
      ['url', 'https://login-palsu.example.com/owa?x=1', 'https://login-palsu.example.com/owa?x=1'],
      ['email', 'Penipu@Example.com', 'penipu@example.com'],
      ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      [
        'sha256',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ],
    ])('should store a valid %s indicator normalised', async (type, value, stored) => {
      const res = await post(org.users.csirt, `/incidents/${id}/indicators`, { type, value });
      expect(res.status).toBe(201);
      expect(res.body.indicators).toContainEqual(expect.objectContaining({ type, value: stored }));
    });

    it.each([
      ['ipv4', '999.1.1.1'],
      ['ipv4', '2001:db8::1'],
      ['ipv6', '203.0.113.7'],
      ['domain', 'bukan domain'],
      ['domain', 'localhost'],
      ['url', 'javascript:alert(1)'],
      ['url', 'login-palsu.example.com'],
      ['email', 'penipu@'],
      ['md5', 'xyz'],
      ['sha1', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['sha256', "' OR 1=1 --"],
    ])('should refuse a %s indicator %p with 400 naming it', async (type, value) => {
      const res = await post(org.users.csirt, `/incidents/${id}/indicators`, { type, value });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(`'${value}'`);
      expect(res.body.errors).toEqual([{ field: 'value', message: expect.stringContaining(`'${value}'`) }]);
    });

    it('should refuse a duplicate and remove an indicator, each on the timeline', async () => {
      const dup = await post(org.users.csirt, `/incidents/${id}/indicators`, {
        type: 'ipv4',
        value: '203.0.113.7',
      });
      expect(dup.status).toBe(409);
      const before = (await get(org.users.csirt, `/incidents/${id}`)).body.indicators;
      const target = before.find((i: { type: string }) => i.type === 'ipv4');
      const del = await api.http
        .delete(`/api/v1/incidents/${id}/indicators/${target.id}`)
        .set(org.users.csirt.auth);
      expect(del.status).toBe(200);
      expect(del.body.indicators).toHaveLength(before.length - 1);
      const again = await api.http
        .delete(`/api/v1/incidents/${id}/indicators/${target.id}`)
        .set(org.users.csirt.auth);
      expect(again.status).toBe(404);
      const actions = (await get(org.users.csirt, `/incidents/${id}/timeline`)).body.map(
        (e: { action: string }) => e.action,
      );
      expect(actions.filter((a: string) => a === 'indicator_added')).toHaveLength(8);
      expect(actions).toContain('indicator_removed');
    });
  });

  describe('evidence', () => {
    it('should record the SHA-256, keep the ticket attachment rules and hand the bytes back', async () => {
      const { requesterA, csirt } = org.users;
      const i = await reportIncident(api, requesterA);
      const up = await api.http
        .post(`/api/v1/incidents/${i.id}/evidence`)
        .set(requesterA.auth)
        .attach('file', PNG_1X1, 'layar.png');
      expect(up.status).toBe(201);
      expect(up.body.evidence[0]).toMatchObject({
        fileName: 'layar.png',
        contentType: 'image/png',
        sha256: sha256(PNG_1X1),
        sizeBytes: PNG_1X1.length,
      });
      const down = await api.http
        .get(`/api/v1/incidents/${i.id}/evidence/${up.body.evidence[0].id}`)
        .set(csirt.auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(Buffer.compare(down.body as Buffer, PNG_1X1)).toBe(0);
      const exe = await api.http
        .post(`/api/v1/incidents/${i.id}/evidence`)
        .set(requesterA.auth)
        .attach('file', Buffer.from('MZ'), 'virus.exe');
      expect(exe.status).toBe(415);
      const big = await api.http
        .post(`/api/v1/incidents/${i.id}/evidence`)
        .set(requesterA.auth)
        .attach('file', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 'besar.txt');
      expect(big.status).toBe(413);
      const timeline = (await get(csirt, `/incidents/${i.id}/timeline`)).body;
      expect(timeline.filter((e: { action: string }) => e.action === 'evidence_added')).toHaveLength(1);
    });
    it('should refuse an executable named .png by its bytes (415) and store nothing', async () => {
      const { requesterA, csirt } = org.users;
      const i = await reportIncident(api, requesterA);
      for (const bytes of [
        Buffer.from('MZ\x90\x00\x03\x00\x00\x00'),
        Buffer.from('\x7fELF\x02\x01\x01\x00'),
      ]) {
        const res = await api.http
          .post(`/api/v1/incidents/${i.id}/evidence`)
          .set(requesterA.auth)
          .attach('file', Buffer.concat([bytes, Buffer.alloc(64, 0)]), {
            filename: 'evidence.png',
            contentType: 'image/png',
          });
        expect(res.status).toBe(415);
        expect(res.body.errors).toEqual([
          { field: 'file', message: 'the bytes of this file are not a image/png file' },
        ]);
      }
      const stored = await api.dataSource.query(
        `SELECT 1 FROM security_incident_evidence WHERE incident_id = $1`,
        [i.id],
      );
      expect(stored).toHaveLength(0);
      expect((await get(csirt, `/incidents/${i.id}`)).body.evidence).toEqual([]);
      const png = await api.http
        .post(`/api/v1/incidents/${i.id}/evidence`)
        .set(requesterA.auth)
        .attach('file', PNG_1X1, { filename: 'evidence.png', contentType: 'image/png' });
      expect(png.status).toBe(201);
      expect(png.body.evidence).toEqual([
        expect.objectContaining({ fileName: 'evidence.png', contentType: 'image/png' }),
      ]);
    });
  });

  describe('conversion from a ticket', () => {
    it('should keep the description and files, close and link the ticket, and seal its content', async () => {
      const { requesterA, tier1A, tier1B, csirt, requesterA2 } = org.users;
      const t = await fileTicket(api, requesterA, {
        title: 'Email aneh minta kata sandi',
        description: 'Dua rekan memasukkan kata sandi di tautan email palsu kemarin sore.',
      });
      await post(requesterA, `/tickets/${t.id}/comments`, { body: 'Tautannya login-palsu.example' });
      const file = await api.http
        .post(`/api/v1/tickets/${t.id}/attachments`)
        .set(requesterA.auth)
        .attach('file', PNG_1X1, 'email.png');
      expect(file.status).toBe(201);

      expect(
        (
          await post(tier1B, `/tickets/${t.id}/convert-to-incident`, {
            category: 'phishing',
            severity: 'high',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await post(requesterA, `/tickets/${t.id}/convert-to-incident`, {
            category: 'phishing',
            severity: 'high',
          })
        ).status,
      ).toBe(403);
      const bad = await post(tier1A, `/tickets/${t.id}/convert-to-incident`, { category: 'spam' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'severity']);

      const res = await post(tier1A, `/tickets/${t.id}/convert-to-incident`, {
        category: 'phishing',
        severity: 'high',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        incident: { id: expect.any(String), number: expect.stringMatching(/^INS-\d{4}-\d{4}$/) },
        ticket: { id: t.id, number: t.number },
      });
      const incident = (await get(csirt, `/incidents/${res.body.incident.id}`)).body;
      expect(incident).toMatchObject({
        title: 'Email aneh minta kata sandi',
        description: 'Dua rekan memasukkan kata sandi di tautan email palsu kemarin sore.',
        reporter: { id: requesterA.id },
        unit: { id: org.pdA.id },
        linkedTicket: { id: t.id, number: t.number },
        phase: 'reported',
      });
      expect(incident.evidence).toEqual([
        expect.objectContaining({ fileName: 'email.png', sha256: sha256(PNG_1X1) }),
      ]);
      const timeline = (await get(csirt, `/incidents/${incident.id}/timeline`)).body;
      expect(timeline.map((e: { note: string | null }) => e.note)).toContain('Tautannya login-palsu.example');
      // Tier 1 converted it, but an incident is not theirs to read.
      expect((await get(tier1A, `/incidents/${incident.id}`)).status).toBe(404);

      // The ticket: closed, saying which incident it became, its content gone.
      const ticket = (await get(requesterA, `/tickets/${t.id}`)).body;
      expect(ticket.status).toBe('closed');
      expect(ticket.title).toBe(`Dialihkan menjadi insiden keamanan ${incident.number}`);
      expect(ticket.description).toContain(incident.number);
      for (const u of [requesterA, tier1A]) {
        const seen = JSON.stringify([
          (await get(u, `/tickets/${t.id}`)).body,
          (await get(u, `/tickets/${t.id}/comments`)).body,
          (await get(u, `/tickets/${t.id}/attachments`)).body,
        ]);
        expect(seen).not.toContain('kata sandi');
        expect(seen).not.toContain('login-palsu');
        expect(seen).not.toContain('email.png');
      }
      const history = JSON.stringify((await get(tier1A, `/tickets/${t.id}/history`)).body);
      expect(history).not.toContain('Email aneh');
      // Converting again: the ticket is closed.
      const again = await post(tier1A, `/tickets/${t.id}/convert-to-incident`, {
        category: 'phishing',
        severity: 'high',
      });
      expect(again.status).toBe(409);
      expect((await get(requesterA2, `/tickets/${t.id}`)).status).toBe(404);
    });

    it('should let the Tier 2 team convert an escalated ticket', async () => {
      const { requesterA, tier1A, tier2, tier2Apps } = org.users;
      const t = await fileTicket(api, requesterA, {
        title: 'Server web tampilannya berubah',
        categoryId: org.categories.network,
      });
      await act(api, tier1A, t.id, 'escalate', {
        teamId: org.teams.network,
        reason: 'Perlu ditangani oleh Tier 2 Dinas',
      });
      expect(
        (
          await post(tier2Apps, `/tickets/${t.id}/convert-to-incident`, {
            category: 'defacement',
            severity: 'critical',
          })
        ).status,
      ).toBe(403);
      const res = await post(tier2, `/tickets/${t.id}/convert-to-incident`, {
        category: 'defacement',
        severity: 'critical',
      });
      expect(res.status).toBe(200);
      const incident = (await get(org.users.supervisor, `/incidents/${res.body.incident.id}`)).body;
      expect(incident).toMatchObject({ severity: 'critical', linkedTicket: { number: t.number } });
    });
  });

  describe('evidence pack', () => {
    it('should hold incident.json, a schema-valid STIX 2.1 bundle, the files and SHA256SUMS over them', async () => {
      const { requesterA, csirt } = org.users;
      const i = await reportIncident(api, requesterA, {
        title: 'Ransomware di PC keuangan',
        category: 'malware',
        severity: 'critical',
      });
      await api.http
        .post(`/api/v1/incidents/${i.id}/evidence`)
        .set(requesterA.auth)
        .attach('file', PNG_1X1, 'catatan tebusan.png');
      await api.http
        .post(`/api/v1/incidents/${i.id}/evidence`)
        .set(csirt.auth)
        .attach('file', Buffer.from('Jan 1 alert\n'), 'edr.log');
      const indicators = [
        ['ipv4', '203.0.113.7', "[ipv4-addr:value = '203.0.113.7']"],
        ['ipv6', '2001:db8::7', "[ipv6-addr:value = '2001:db8::7']"],
        ['domain', 'c2.example.net', "[domain-name:value = 'c2.example.net']"],
        ['url', "https://c2.example.net/p?a='1'", "[url:value = 'https://c2.example.net/p?a=\\'1\\'']"],
        ['email', 'pemeras@example.net', "[email-addr:value = 'pemeras@example.net']"],
        ['md5', 'd41d8cd98f00b204e9800998ecf8427e', "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"],
        [
          'sha1',
          'da39a3ee5e6b4b0d3255bfef95601890afd80709',
          "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
        ],
        ['sha256', sha256(PNG_1X1), `[file:hashes.'SHA-256' = '${sha256(PNG_1X1)}']`],
      ];
      for (const [type, value] of indicators)
        expect((await post(csirt, `/incidents/${i.id}/indicators`, { type, value })).status).toBe(201);
      await api.http.put(`/api/v1/incidents/${i.id}/tlp`).set(csirt.auth).send({ tlp: 'red' });
      await api.http
        .put(`/api/v1/incidents/${i.id}/bssn-report`)
        .set(csirt.auth)
        .send({ reference: 'BSSN-IR/2026/0099' });
      await walkPhases(api, csirt, i.id, 'containment');

      const res = await api.http
        .get(`/api/v1/incidents/${i.id}/evidence-pack`)
        .set(csirt.auth)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toContain(`${i.number}-evidence-pack.zip`);
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const names = Object.keys(zip.files)
        .filter((n) => !zip.files[n].dir)
        .sort();
      expect(names).toEqual(expect.arrayContaining(['SHA256SUMS', 'incident.json', 'stix-bundle.json']));
      const evidenceNames = names.filter((n) => n.startsWith('evidence/'));
      expect(evidenceNames).toHaveLength(2);
      expect(names).toHaveLength(5);

      // SHA256SUMS covers every other file, and every sum is right.
      const sums = (await zip.file('SHA256SUMS')!.async('string')).trim().split('\n');
      const listed = new Map(sums.map((line) => [line.slice(66), line.slice(0, 64)]));
      expect([...listed.keys()].sort()).toEqual(names.filter((n) => n !== 'SHA256SUMS').sort());
      for (const [name, sum] of listed) expect(sha256(await zip.file(name)!.async('nodebuffer'))).toBe(sum);
      const png = evidenceNames.find((n) => n.endsWith('.png'))!;
      expect(Buffer.compare(await zip.file(png)!.async('nodebuffer'), PNG_1X1)).toBe(0);

      const json = JSON.parse(await zip.file('incident.json')!.async('string'));
      expect(json.tlp).toBe('TLP:RED');
      expect(json.incident).toMatchObject({
        number: i.number,
        phase: 'containment',
        bssn: { reference: 'BSSN-IR/2026/0099' },
      });
      expect(json.indicators).toHaveLength(8);
      expect(json.timeline.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining([
          'reported',
          'evidence_added',
          'indicator_added',
          'tlp_changed',
          'phase_changed',
        ]),
      );
      expect(json.evidence.map((e: { path: string }) => e.path).sort()).toEqual(evidenceNames);

      const bundle = JSON.parse(await zip.file('stix-bundle.json')!.async('string'));
      const schema = JSON.parse(
        readFileSync(join(__dirname, '../fixtures/stix/stix-2.1-subset.schema.json'), 'utf8'),
      );
      const ajv = new Ajv({ allErrors: true, strict: false });
      const validate = ajv.compile(schema);
      expect(validate(bundle) ? [] : validate.errors).toEqual([]);
      // And against the official OASIS STIX 2.1 schemas, which MISP and OpenCTI follow.
      expect(stixBundleErrors(bundle)).toEqual([]);
      const byType = (t: string) => bundle.objects.filter((o: { type: string }) => o.type === t);
      const [marking] = byType('marking-definition');
      expect(marking).toEqual({
        type: 'marking-definition',
        spec_version: '2.1',
        id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
        created: '2022-10-01T00:00:00.000Z',
        name: 'TLP:RED',
        extensions: {
          'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
            extension_type: 'property-extension',
            tlp_2_0: 'red',
          },
        },
      });
      const [identity] = byType('identity');
      expect(identity).toMatchObject({ name: 'Dinas A', identity_class: 'organization' });
      const [sdo] = byType('incident');
      expect(sdo).toMatchObject({
        name: `${i.number}: Ransomware di PC keuangan`,
        created_by_ref: identity.id,
        object_marking_refs: [marking.id],
      });
      expect(sdo.external_references).toContainEqual(
        expect.objectContaining({ source_name: 'BSSN', external_id: 'BSSN-IR/2026/0099' }),
      );
      expect(
        byType('indicator')
          .map((o: { pattern: string }) => o.pattern)
          .sort(),
      ).toEqual(indicators.map(([, , p]) => p).sort());
      for (const o of bundle.objects.filter((x: { type: string }) => x.type !== 'marking-definition'))
        expect(o.object_marking_refs).toEqual([marking.id]);
      expect(byType('relationship')).toHaveLength(8);
      // Deterministic ids: the same incident gives the same objects in the next pack.
      const again = await api.http
        .get(`/api/v1/incidents/${i.id}/evidence-pack`)
        .set(csirt.auth)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      const bundle2 = JSON.parse(
        await (await JSZip.loadAsync(again.body as Buffer)).file('stix-bundle.json')!.async('string'),
      );
      expect(bundle2.objects.map((o: { id: string }) => o.id)).toEqual(
        bundle.objects.map((o: { id: string }) => o.id),
      );
    });

    it('should fail the schema on a bundle missing required properties (the validator is real)', () => {
      const schema = JSON.parse(
        readFileSync(join(__dirname, '../fixtures/stix/stix-2.1-subset.schema.json'), 'utf8'),
      );
      const validate = new Ajv({ strict: false }).compile(schema);
      expect(
        validate({
          type: 'bundle',
          id: 'bundle--6b4d1a3c-2c4e-4f8e-9f59-1f6d8b2b9a11',
          objects: [
            {
              type: 'indicator',
              spec_version: '2.1',
              id: 'indicator--6b4d1a3c-2c4e-4f8e-9f59-1f6d8b2b9a11',
              created: '2026-01-01T00:00:00Z',
              modified: '2026-01-01T00:00:00Z',
              pattern: "[ipv4-addr:value = '1.2.3.4']",
            },
          ],
        }),
      ).toBe(false);
      // The official schemas too: an indicator needs pattern_type and valid_from, timestamps milliseconds.
      const missing = stixBundleErrors({
        type: 'bundle',
        id: 'bundle--6b4d1a3c-2c4e-4f8e-9f59-1f6d8b2b9a11',
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id: 'indicator--6b4d1a3c-2c4e-4f8e-9f59-1f6d8b2b9a11',
            created: '2026-01-01T00:00:00Z',
            modified: '2026-01-01T00:00:00Z',
            pattern: "[ipv4-addr:value = '1.2.3.4']",
          },
        ],
      });
      expect(missing).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ params: { missingProperty: 'pattern_type' } }),
          expect.objectContaining({ params: { missingProperty: 'valid_from' } }),
        ]),
      );
    });
  });

  describe('lessons-learned article', () => {
    it('should turn a closed incident into one CSIRT-only draft, 409 before closing', async () => {
      const { requesterA, csirt, supervisor, tier1A, tier2, admin } = org.users;
      const i = await reportIncident(api, requesterA, { title: 'Phishing kotak surat Dinas' });
      await walkPhases(api, csirt, i.id, 'recovery');
      const early = await post(csirt, `/incidents/${i.id}/kb-draft`, {});
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain("'recovery'");
      await walkPhases(api, csirt, i.id, 'closed');
      // Only the CSIRT and supervisors write it; the reporter may not, others do not see the incident.
      expect((await post(requesterA, `/incidents/${i.id}/kb-draft`, {})).status).toBe(403);
      expect((await post(tier1A, `/incidents/${i.id}/kb-draft`, {})).status).toBe(404);

      const res = await post(csirt, `/incidents/${i.id}/kb-draft`, {});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        title: `Pelajaran dari insiden ${i.number}: Phishing kotak surat Dinas`,
        kind: 'howto',
        visibility: 'csirt',
        status: 'draft',
      });
      expect(res.body.body).toContain('## Pelajaran');
      expect(res.body.body).toContain('Pelatihan kesadaran phishing untuk semua pegawai.');
      expect(res.body.body).toContain('phishing');
      expect(res.body.body).toContain(`Dari insiden ${i.number}`);
      // A second call (also by a supervisor) gives back the same draft.
      const again = await post(supervisor, `/incidents/${i.id}/kb-draft`, {});
      expect(again.body.id).toBe(res.body.id);
      const timeline = (await get(csirt, `/incidents/${i.id}/timeline`)).body;
      expect(timeline.filter((e: { action: string }) => e.action === 'kb_draft_created')).toEqual([
        expect.objectContaining({ data: { articleId: res.body.id } }),
      ]);

      for (const reader of [csirt, supervisor]) {
        expect((await get(reader, `/kb/articles/${res.body.id}`)).status).toBe(200);
      }
      for (const other of [requesterA, tier1A, tier2, admin]) {
        expect((await get(other, `/kb/articles/${res.body.id}`)).status).toBe(404);
        const list = await get(other, '/kb/articles?tag=insiden');
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toContain(i.number);
      }
    });
  });

  describe('SLA report', () => {
    it('should count incidents by severity and phase with the acknowledgement met, listing them only to CSIRT', async () => {
      const { requesterB, csirt, supervisor, unitHeadB } = org.users;
      // A fresh PD B window: this PD's incidents only.
      const a = await reportIncident(api, requesterB, { severity: 'critical' });
      const b = await reportIncident(api, requesterB, { severity: 'low' });
      await walkPhases(api, csirt, a.id, 'containment');
      // One acknowledgement missed: due in the past, never acknowledged.
      await sqlExecute(
        api.dataSource,
        `UPDATE security_incident SET ack_due_at = now() - interval '1 minute', ack_breached_at = now() WHERE id = $1`,
        [b.id],
      );
      const from = new Date(Date.now() - 86400_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const query = `/reports/sla?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&unitId=${org.pdB.id}`;
      for (const reader of [supervisor, unitHeadB]) {
        const res = await get(reader, query);
        expect(res.status).toBe(200);
        const inc = res.body.securityIncidents;
        expect(inc.bySeverity.critical).toBeGreaterThanOrEqual(1);
        expect(inc.bySeverity.low).toBeGreaterThanOrEqual(1);
        expect(inc.byPhase.containment).toBeGreaterThanOrEqual(1);
        expect(inc.acknowledgement.decided).toBeGreaterThanOrEqual(2);
        expect(inc.acknowledgement.met).toBeGreaterThanOrEqual(1);
        expect(inc.acknowledgement.pct).toBeLessThan(100);
        expect(inc.items).toBeUndefined();
        expect(JSON.stringify(res.body)).not.toContain(a.number);
      }
      // A supervisor who is also CSIRT reads the incidents themselves.
      const [{ id }] = await api.dataSource.query(
        `INSERT INTO app_user (name, email, password_hash, unit_id, roles)
         SELECT 'Kepala CSIRT', 'kepala-csirt-' || gen_random_uuid() || '@test.go.id', password_hash, unit_id,
                ARRAY['supervisor', 'csirt'] FROM app_user WHERE id = $1 RETURNING id`,
        [supervisor.id],
      );
      const token = api.app.get(JwtService).sign({ sub: id, sv: 0 }, { expiresIn: '12h' });
      const res = await api.http.get(`/api/v1${query}`).set({ Authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.body.securityIncidents.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            number: a.number,
            severity: 'critical',
            phase: 'containment',
            ackMet: true,
          }),
          expect.objectContaining({ number: b.number, severity: 'low', phase: 'reported', ackMet: false }),
        ]),
      );
    });
  });
});
