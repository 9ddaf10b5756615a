import { OrgRepository } from '@desk/org-auth';
import { visibleTicketIds } from '@desk/tickets';
import { canSeeEvent } from '../../apps/api/src/events/ticket-events.service';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';
import { sqlExecute, sqlRows } from '../support/db';

/**
 * Every ticket route, as [method, path suffix, body]. `:att` is an attachment of the ticket; the
 * body `UPLOAD` sends a file as multipart.
 */
type Route = [string, string, Record<string, unknown>?];
const UPLOAD = { upload: 'error.log' };
const ROUTE_LIST: Route[] = [
  ['get', ''],
  ['patch', '', { title: 'Judul baru yang cukup panjang', version: 1 }],
  ['post', '/assign', { assigneeId: '00000000-0000-4000-8000-000000000000' }],
  ['post', '/claim', {}],
  ['post', '/start', {}],
  ['post', '/pend', { reason: 'Menunggu suku cadang' }],
  ['post', '/resume', {}],
  ['post', '/resolve', { resolution: 'Sudah beres' }],
  ['post', '/reopen', { reason: 'Belum beres' }],
  ['post', '/close', {}],
  ['post', '/cancel', { reason: 'Batal saja' }],
  ['get', '/comments'],
  ['post', '/comments', { body: 'Halo' }],
  ['get', '/attachments'],
  ['post', '/attachments', UPLOAD],
  ['get', '/attachments/:att'],
  ['get', '/history'],
  ['post', '/rating', { score: 5 }],
  ['post', '/escalate', { reason: 'Perlu ditangani oleh Tier 2 Dinas' }],
  ['post', '/return', { notes: 'Kembali ke Tier 1' }],
  ['get', '/escalations'],
  ['get', '/links'],
  ['post', '/links', { type: 'related', ticketId: '00000000-0000-4000-8000-000000000001' }],
  ['delete', '/links/00000000-0000-4000-8000-000000000002'],
];
// Every row has all three cells: jest's it.each passes `done` in place of a missing one.
const ROUTES = ROUTE_LIST.map(
  ([method, suffix, body]) =>
    [method, suffix, body ?? null] as [string, string, Record<string, unknown> | null],
);

describe('Ticket visibility (docs/domain.md, "Who sees what"), enforced on every route', () => {
  let api: TestApi;
  let org: TestOrg;
  let ticket: { id: string; number: string };
  let attachmentId: string;
  /** A PD A ticket escalated to the network team, and its attachment. */
  let escalated: { id: string; attachmentId: string };
  /** A user whose only role is CSIRT: incidents are theirs, PD tickets are not. */
  let csirtOnly: TestUser;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    ticket = await fileTicket(api, org.users.requesterA, { title: 'Printer rahasia PD A rusak' });
    const upload = await api.http
      .post(`/api/v1/tickets/${ticket.id}/attachments`)
      .set(org.users.requesterA.auth)
      .attach('file', Buffer.from('log isi'), 'error.log');
    expect(upload.status).toBe(201);
    attachmentId = upload.body.id;

    const e = await fileTicket(api, org.users.requesterA, { title: 'Server rahasia PD A mati' });
    const file = await api.http
      .post(`/api/v1/tickets/${e.id}/attachments`)
      .set(org.users.requesterA.auth)
      .attach('file', Buffer.from('log isi'), 'server.log');
    const sent = await api.http
      .post(`/api/v1/tickets/${e.id}/escalate`)
      .set(org.users.tier1A.auth)
      .send({ teamId: org.teams.network, reason: 'Perlu ditangani oleh Tier 2 Dinas' });
    expect(sent.status).toBe(200);
    escalated = { id: e.id, attachmentId: file.body.id };

    const email = `csirt-only-${Date.now()}@test.go.id`;
    const created = await api.http
      .post('/api/v1/users')
      .set(org.users.admin.auth)
      .send({
        name: 'CSIRT saja',
        email,
        password: 'Sandi#Csirt2026',
        unitId: org.dinasId,
        roles: ['csirt'],
      });
    expect(created.status).toBe(201);
    const login = await api.http.post('/api/v1/auth/login').send({ email, password: 'Sandi#Csirt2026' });
    expect(login.status).toBe(200);
    csirtOnly = {
      id: created.body.id,
      email,
      unitId: org.dinasId,
      token: login.body.accessToken,
      auth: { Authorization: `Bearer ${login.body.accessToken}` },
    };
  });
  afterAll(() => api.close());

  /** One route of `target` (by default the PD A ticket that is not escalated). */
  const send = (
    as: TestUser | null,
    method: string,
    suffix: string,
    body?: Record<string, unknown> | null,
    target = { id: ticket.id, attachmentId },
  ) => {
    const path = `/api/v1/tickets/${target.id}${suffix.replace(':att', target.attachmentId)}`;
    const req = (api.http as any)[method](path);
    if (as) req.set(as.auth);
    if (body === UPLOAD) return req.attach('file', Buffer.from('log isi'), UPLOAD.upload);
    return body ? req.send(body) : req;
  };

  const outsiders = [
    'requesterA2',
    'requesterB',
    'tier1B',
    'unitHeadB',
    'tier2',
    'tier2Apps',
    'csirt',
    'admin',
  ] as const;

  describe.each(outsiders)('as %s (cannot see a PD A ticket that is not escalated)', (who) => {
    it.each(ROUTES)('%s %s answers 404 like a missing ticket', async (method, suffix, body) => {
      const res = await send(org.users[who], method, suffix, body);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).not.toContain('rahasia');
    });

    it('should not list or find the ticket', async () => {
      for (const query of [
        '',
        '?sort=due',
        `?q=${ticket.number}`,
        '?q=rahasia',
        '?status=open',
        `?unitId=${org.pdA.id}`,
      ]) {
        const res = await api.http.get(`/api/v1/tickets${query}`).set(org.users[who].auth);
        expect(res.status).toBe(200);
        expect(res.body.items.map((t: { id: string }) => t.id)).not.toContain(ticket.id);
      }
      const byNumber = await api.http
        .get(`/api/v1/tickets/by-number/${ticket.number}`)
        .set(org.users[who].auth);
      expect(byNumber.status).toBe(404);
      expect(JSON.stringify(byNumber.body)).not.toContain('rahasia');
      // Bulk: an agent gets "not found" for it, exactly like a missing ticket; others may not bulk at all.
      const bulk = await api.http
        .post('/api/v1/tickets/bulk')
        .set(org.users[who].auth)
        .send({ ids: [ticket.id], action: 'cancel', input: { reason: 'Batal saja' } });
      if (bulk.status === 200) {
        expect(bulk.body.results).toEqual([
          {
            id: ticket.id,
            ok: false,
            error: { status: 404, title: 'Not Found', detail: 'Ticket not found' },
          },
        ]);
      } else expect(bulk.status).toBe(403);
      // Reply templates rendered for it answer 404 too.
      const templates = await api.http
        .get(`/api/v1/reply-templates?ticketId=${ticket.id}`)
        .set(org.users[who].auth);
      expect([403, 404]).toContain(templates.status);
      expect(JSON.stringify(templates.body)).not.toContain('rahasia');
    });
  });

  describe.each(['requesterA2', 'requesterB', 'tier1B', 'unitHeadB', 'admin', 'csirtOnly'] as const)(
    'as %s (cannot see a PD A ticket escalated to the Dinas either)',
    (who) => {
      const as = () => (who === 'csirtOnly' ? csirtOnly : org.users[who]);
      it.each(ROUTES)('%s %s answers 404 like a missing ticket', async (method, suffix, body) => {
        const res = await send(as(), method, suffix, body, escalated);
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(JSON.stringify(res.body)).not.toContain('rahasia');
      });

      it('should not list or find the escalated ticket', async () => {
        for (const query of ['', '?sort=due', '?q=rahasia', '?tier=2', `?teamId=${org.teams.network}`]) {
          const res = await api.http.get(`/api/v1/tickets${query}`).set(as().auth);
          expect(res.status).toBe(200);
          expect(res.body.items.map((t: { id: string }) => t.id)).not.toContain(escalated.id);
        }
      });
    },
  );

  it('should show the escalated ticket to its PD, Tier 2 and supervisors', async () => {
    for (const u of ['requesterA', 'tier1A', 'unitHeadA', 'tier2', 'tier2Apps', 'supervisor'] as const) {
      expect((await send(org.users[u], 'get', '', null, escalated)).status).toBe(200);
    }
    expect((await send(csirtOnly, 'get', '', null, escalated)).status).toBe(404);
  });

  it.each(['requesterA', 'tier1A', 'tier1A2', 'unitHeadA', 'supervisor'] as const)(
    '%s sees the ticket and finds it in lists',
    async (who) => {
      expect((await send(org.users[who], 'get', '')).status).toBe(200);
      const list = await api.http.get(`/api/v1/tickets?q=${ticket.number}`).set(org.users[who].auth);
      expect(list.body.items.map((t: { id: string }) => t.id)).toContain(ticket.id);
      const byNumber = await api.http
        .get(`/api/v1/tickets/by-number/${ticket.number}`)
        .set(org.users[who].auth);
      expect(byNumber.body.id).toBe(ticket.id);
    },
  );

  it('should answer 403 when the ticket is visible but the action is not the caller’s', async () => {
    expect((await send(org.users.unitHeadA, 'post', '/claim', {})).status).toBe(403);
    expect((await send(org.users.unitHeadA, 'post', '/comments', { body: 'Halo' })).status).toBe(403);
    expect((await send(org.users.requesterA, 'post', '/claim', {})).status).toBe(403);
    expect(
      (await send(org.users.requesterA, 'patch', '', { title: 'Judul baru sekali', version: 1 })).status,
    ).toBe(403);
    expect((await send(org.users.requesterA, 'get', '/history')).status).toBe(403);
    expect((await send(org.users.requesterA, 'get', '/escalations')).status).toBe(403);
    const escalation = { reason: 'Perlu ditangani oleh Tier 2 Dinas' };
    expect((await send(org.users.requesterA, 'post', '/escalate', escalation)).status).toBe(403);
    expect((await send(org.users.unitHeadA, 'post', '/escalate', escalation)).status).toBe(403);
    expect((await send(org.users.unitHeadA, 'post', '/return', { notes: 'Kembali ke Tier 1' })).status).toBe(
      403,
    );
    expect(
      (await send(org.users.requesterA, 'post', '/comments', { body: 'Catatan', internal: true })).status,
    ).toBe(403);
  });

  it('should hide internal notes and internal files from the requester and the PD head', async () => {
    const note = await send(org.users.tier1A, 'post', '/comments', {
      body: 'Catatan internal teknisi',
      internal: true,
    });
    expect(note.status).toBe(201);
    await send(org.users.tier1A, 'post', '/comments', { body: 'Sedang kami cek' });
    const forRequester = (await send(org.users.requesterA, 'get', '/comments')).body;
    expect(forRequester.map((c: { body: string }) => c.body)).toEqual(['Sedang kami cek']);
    expect((await send(org.users.unitHeadA, 'get', '/comments')).body).toHaveLength(1);
    expect((await send(org.users.tier1A2, 'get', '/comments')).body).toHaveLength(2);
    const internalFile = await api.http
      .post(`/api/v1/tickets/${ticket.id}/attachments`)
      .set(org.users.tier1A.auth)
      .field('internal', 'true')
      .attach('file', Buffer.from('config'), 'router.txt');
    expect(internalFile.status).toBe(201);
    const files = (await send(org.users.requesterA, 'get', '/attachments')).body;
    expect(files.map((f: { id: string }) => f.id)).toEqual([attachmentId]);
    const hidden = await api.http
      .get(`/api/v1/tickets/${ticket.id}/attachments/${internalFile.body.id}`)
      .set(org.users.requesterA.auth);
    expect(hidden.status).toBe(404);
  });

  it('should show a ticket to Tier 2 only once it is escalated to the Dinas', async () => {
    const other = await fileTicket(api, org.users.requesterB);
    expect((await api.http.get(`/api/v1/tickets/${other.id}`).set(org.users.tier2.auth)).status).toBe(404);
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket SET tier = 2, team_id = $2, escalated_at = now() WHERE id = $1`,
      [other.id, org.teams.network],
    );
    expect((await api.http.get(`/api/v1/tickets/${other.id}`).set(org.users.tier2.auth)).status).toBe(200);
    expect((await api.http.get(`/api/v1/tickets/${other.id}`).set(org.users.tier2Apps.auth)).status).toBe(
      200,
    );
    expect((await api.http.get(`/api/v1/tickets/${other.id}`).set(org.users.tier1A.auth)).status).toBe(404);
    // Only the team the ticket is escalated to works it; other Tier 2 engineers may read it.
    expect(
      (await api.http.post(`/api/v1/tickets/${other.id}/claim`).set(org.users.tier2Apps.auth).send({}))
        .status,
    ).toBe(403);
    expect(
      (await api.http.post(`/api/v1/tickets/${other.id}/claim`).set(org.users.tier2.auth).send({})).status,
    ).toBe(200);
  });

  it('should let the SQL scope and the live-event filter agree for every role and ticket state', async () => {
    // Tickets in every state that matters to visibility: a PD A ticket, escalated, returned (still
    // escalated once), one filed by Tier 1 for a colleague, and a PD B ticket.
    const returned = await fileTicket(api, org.users.requesterA2, { title: 'Aplikasi absensi PD A macet' });
    await act(api, org.users.tier1A, returned.id, 'escalate', {
      teamId: org.teams.apps,
      reason: 'Perlu ditangani oleh Tier 2 Dinas',
    });
    await act(api, org.users.tier2Apps, returned.id, 'return', { notes: 'Kembali ke Tier 1 PD A' });
    const forColleague = await api.http
      .post('/api/v1/tickets')
      .set(org.users.tier1A.auth)
      .send({
        kind: 'request',
        title: 'Akun surel baru untuk staf',
        description: 'Staf baru membutuhkan akun surel dinas.',
        impact: 3,
        urgency: 3,
        requesterId: org.users.requesterA2.id,
      })
      .expect(201);
    const pdB = await fileTicket(api, org.users.requesterB, { title: 'Printer PD B rusak' });
    const ids = [ticket.id, escalated.id, returned.id, forColleague.body.id, pdB.id];
    // Each ticket's visibility as its latest outbox event carries it to the live stream.
    const rows = await sqlRows<{
      id: string;
      visibility: { unitId: string; teamId: string | null; requesterId: string; escalated: boolean };
    }>(
      api.dataSource,
      `SELECT DISTINCT ON (aggregate_id) aggregate_id AS id, payload->'visibility' AS visibility
           FROM outbox_event WHERE aggregate_type = 'ticket' AND aggregate_id = ANY($1::uuid[]) AND payload ? 'visibility'
          ORDER BY aggregate_id, outbox_event.id DESC`,
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    const orgRepo = api.app.get(OrgRepository);
    const users = [...Object.values(org.users), csirtOnly];
    let compared = 0;
    for (const user of users) {
      const actor = (await orgRepo.findActor(user.id))!;
      const bySql = new Set(await visibleTicketIds(api.dataSource, actor, ids));
      for (const { id, visibility } of rows) {
        const byEvent = canSeeEvent(actor, { type: 'ticket.updated', ticketId: id, ...visibility });
        expect({ user: user.email, id, byEvent }).toEqual({ user: user.email, id, byEvent: bySql.has(id) });
        compared++;
      }
    }
    expect(compared).toBe(users.length * ids.length);
    // The states differ in what they show: not everyone sees everything, nor nothing.
    const supervisor = (await orgRepo.findActor(org.users.supervisor.id))!;
    const requesterB = (await orgRepo.findActor(org.users.requesterB.id))!;
    expect(await visibleTicketIds(api.dataSource, supervisor, ids)).toHaveLength(ids.length);
    expect(await visibleTicketIds(api.dataSource, requesterB, ids)).toEqual([pdB.id]);
  });

  it('should answer 401 without a valid token on every ticket route', async () => {
    const forgedUser = {
      ...org.users.requesterA,
      auth: { Authorization: `Bearer ${org.users.requesterA.token}x` },
    };
    for (const [method, suffix, body] of ROUTES) {
      expect((await send(null, method, suffix, body ?? {})).status).toBe(401);
      expect((await send(forgedUser, method, suffix, body ?? {})).status).toBe(401);
    }
  });
});
