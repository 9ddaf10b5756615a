import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { reportIncident } from '../support/factories/incident.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi, testConfig, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { startWorker } from '../support/harness';

describe('Problem management: status rules, linked tickets, resolution mail, visibility', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' });
    api = await startApi(config);
    worker = await startWorker(config);
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
  });

  const create = (as: TestUser, body: Record<string, unknown>) =>
    api.http.post('/api/v1/problems').set(as.auth).send(body);
  const status = (as: TestUser, id: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/problems/${id}/status`).set(as.auth).send(body);
  const resolvedMails = (u: TestUser, number: string) =>
    sink.to(u.email).filter((m) => m.subject.startsWith(`[${number}]`));

  /** Two PD A tickets by two requesters and one PD B ticket, all escalated so Tier 2 sees them. */
  async function repeatedTickets() {
    const { requesterA, requesterA2, requesterB, tier1A, tier1B } = org.users;
    const a1 = await fileTicket(api, requesterA, { title: 'Internet putus lagi di lantai 2' });
    const a2 = await fileTicket(api, requesterA2, { title: 'Koneksi lantai 2 terputus' });
    const b1 = await fileTicket(api, requesterB, { title: 'Aplikasi SIMPEG tidak bisa diakses' });
    for (const [t, by] of [
      [a1, tier1A],
      [a2, tier1A],
      [b1, tier1B],
    ] as const)
      await act(api, by, t.id, 'escalate', { teamId: org.teams.network, reason: 'Butuh tim jaringan' });
    return { a1, a2, b1 };
  }

  it('should follow open -> investigating -> known_error -> resolved -> closed and tell open tickets’ requesters once', async () => {
    const { tier2, supervisor, requesterA, requesterA2, requesterB, tier1A } = org.users;
    const { a1, a2, b1 } = await repeatedTickets();
    // PD B's ticket is resolved already: its requester is not told.
    await act(api, tier2, b1.id, 'claim');
    await act(api, tier2, b1.id, 'start');
    await act(api, tier2, b1.id, 'resolve', { resolution: 'Sudah normal kembali' });

    const created = await create(tier2, {
      title: 'Switch inti lantai 2 sering hang',
      description: 'Dua puluh laporan tentang putusnya jaringan lantai 2 berasal dari switch yang sama.',
      ticketIds: [a1.id, a2.id, b1.id],
    });
    expect(created.status).toBe(201);
    const p = created.body;
    expect(p.number).toMatch(/^PRB-\d{4}-\d{4}$/);
    expect(p).toMatchObject({
      status: 'open',
      ticketCount: 3,
      canWork: true,
      nextStatuses: ['investigating'],
    });

    for (const to of ['known_error', 'resolved', 'closed']) {
      const res = await status(tier2, p.id, { status: to });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain("'open'");
      expect(res.body.currentStatus).toBe('open');
    }
    expect((await status(tier2, p.id, { status: 'investigating' })).status).toBe(200);
    const bare = await status(tier2, p.id, { status: 'known_error' });
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'rootCause',
      'workaround',
    ]);
    const known = await status(tier2, p.id, {
      status: 'known_error',
      rootCause: 'Firmware switch versi lama bocor memori',
      workaround: 'Mulai ulang switch lantai 2 bila jaringan putus',
    });
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({
      status: 'known_error',
      workaround: 'Mulai ulang switch lantai 2 bila jaringan putus',
    });
    expect(known.body.knownErrorAt).toBeTruthy();

    const noFix = await status(supervisor, p.id, { status: 'resolved' });
    expect(noFix.status).toBe(400);
    expect(noFix.body.errors[0].field).toBe('permanentFix');
    const resolved = await status(supervisor, p.id, {
      status: 'resolved',
      permanentFix: 'Firmware diperbarui ke 2.4',
    });
    expect(resolved.status).toBe(200);

    await waitFor(async () => resolvedMails(requesterA, p.number).length > 0, 15_000, 'mail to requesterA');
    await waitFor(async () => resolvedMails(requesterA2, p.number).length > 0, 15_000, 'mail to requesterA2');
    // Closing does not tell anyone again.
    expect((await status(tier2, p.id, { status: 'closed' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(resolvedMails(requesterA, p.number)).toHaveLength(1);
    expect(resolvedMails(requesterA2, p.number)).toHaveLength(1);
    expect(resolvedMails(requesterB, p.number)).toHaveLength(0);
    expect(resolvedMails(tier1A, p.number)).toHaveLength(0);
    const [mail] = resolvedMails(requesterA, p.number);
    expect(mail.text).toContain(a1.number);
    expect(mail.text).toContain('Firmware diperbarui ke 2.4');

    const timeline = await api.http.get(`/api/v1/problems/${p.id}/timeline`).set(tier2.auth);
    expect(timeline.body.items.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'open',
      'investigating',
      'known_error',
      'resolved',
      'closed',
    ]);
    expect((await status(tier2, p.id, { status: 'investigating' })).status).toBe(409);
    const edit = await api.http
      .patch(`/api/v1/problems/${p.id}`)
      .set(tier2.auth)
      .send({ title: 'Judul baru', version: 99 });
    expect(edit.status).toBe(409);
  });

  it('should edit with optimistic locking and relink tickets', async () => {
    const { tier2, supervisor } = org.users;
    const { a1, a2 } = await repeatedTickets();
    const p = (
      await create(tier2, {
        title: 'Aplikasi sering lambat',
        description: 'Banyak laporan lambat di pagi hari.',
      })
    ).body;
    const first = await api.http
      .patch(`/api/v1/problems/${p.id}`)
      .set(tier2.auth)
      .send({ rootCause: 'Basis data kehabisan koneksi', ticketIds: [a1.id, a2.id], version: p.version });
    expect(first.status).toBe(200);
    expect(first.body.ticketCount).toBe(2);
    const stale = await api.http
      .patch(`/api/v1/problems/${p.id}`)
      .set(supervisor.auth)
      .send({ title: 'Judul yang bertabrakan', version: p.version });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(p.version + 1);
    const byTicket = await api.http.get(`/api/v1/problems?ticketId=${a1.id}`).set(tier2.auth);
    expect(byTicket.body.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
  });

  describe('visibility', () => {
    let problemId: string;
    let version: number;
    beforeAll(async () => {
      const { a1 } = await repeatedTickets();
      const p = (
        await create(org.users.supervisor, {
          title: 'Masalah rahasia PD A',
          description: 'Penyebab gangguan berulang di PD A.',
          ticketIds: [a1.id],
        })
      ).body;
      problemId = p.id;
      version = p.version;
    });

    it.each(['tier1B', 'unitHeadB', 'requesterA', 'requesterB', 'admin'] as const)(
      'should answer 404 to %s on every route and list nothing',
      async (who) => {
        const as = org.users[who];
        const routes: [string, string, Record<string, unknown>?][] = [
          ['get', `/api/v1/problems/${problemId}`],
          ['patch', `/api/v1/problems/${problemId}`, { title: 'Judul oleh orang luar', version }],
          ['post', `/api/v1/problems/${problemId}/status`, { status: 'investigating' }],
          ['get', `/api/v1/problems/${problemId}/timeline`],
          ['post', `/api/v1/problems/${problemId}/kb-article`, {}],
        ];
        for (const [method, path, body] of routes) {
          const req = (api.http as any)[method](path).set(as.auth);
          const res = await (body ? req.send(body) : req);
          expect(res.status).toBe(404);
          expect(JSON.stringify(res.body)).not.toContain('rahasia');
        }
        const list = await api.http.get('/api/v1/problems').set(as.auth);
        expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(problemId);
      },
    );

    it('should let PD A’s agents read it but not work it, and Tier 2 work it', async () => {
      for (const who of ['tier1A', 'unitHeadA'] as const) {
        const as = org.users[who];
        const res = await api.http.get(`/api/v1/problems/${problemId}`).set(as.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ canWork: false, nextStatuses: [] });
        expect((await status(as, problemId, { status: 'investigating' })).status).toBe(403);
        expect(
          (await create(as, { title: 'Masalah baru dari PD', description: 'Deskripsi masalah baru.' }))
            .status,
        ).toBe(403);
        const list = await api.http.get('/api/v1/problems').set(as.auth);
        expect(list.body.items.map((i: { id: string }) => i.id)).toContain(problemId);
      }
      expect((await status(org.users.tier2Apps, problemId, { status: 'investigating' })).status).toBe(200);
    });

    it('should refuse to link tickets the creator cannot see', async () => {
      const hidden = await fileTicket(api, org.users.requesterB, { title: 'Tiket yang belum dieskalasi' });
      const res = await create(org.users.tier2, {
        title: 'Masalah dengan tiket tersembunyi',
        description: 'Tier 2 tidak melihat tiket yang belum dieskalasi.',
        ticketIds: [hidden.id],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('ticketIds');
      const junk = await create(org.users.tier2, {
        title: 1,
        description: ['x'],
        ticketIds: ['1; DROP TABLE problem'],
        incidentIds: 'INS-2026-0001',
      });
      expect(junk.status).toBe(400);
      expect(new Set(junk.body.errors.map((e: { field: string }) => e.field))).toEqual(
        new Set(['title', 'description', 'ticketIds', 'incidentIds']),
      );
    });
  });

  it('should count problems opened, resolved and open known errors in the SLA report', async () => {
    const hour = 3600_000;
    const from = new Date(Date.now() - 24 * hour).toISOString();
    const to = new Date(Date.now() + 24 * hour).toISOString();
    const res = await api.http
      .get(`/api/v1/reports/sla?from=${from}&to=${to}`)
      .set(org.users.supervisor.auth);
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual({ opened: 3, resolved: 1, openKnownErrors: 0 });
    const pdB = await api.http.get(`/api/v1/reports/sla?from=${from}&to=${to}`).set(org.users.unitHeadB.auth);
    // PD B's ticket was linked to the first problem only.
    expect(pdB.body.problems).toEqual({ opened: 1, resolved: 1, openKnownErrors: 0 });
  });

  it('should link only incidents the caller can see, and show them only to those who can see them', async () => {
    const { tier2, tier2Apps, csirt, supervisor } = org.users;
    const own = await reportIncident(api, tier2, { title: 'Switch inti lantai 2 dipindai dari luar' });
    const others = await reportIncident(api, csirt, { title: 'Akun email kepala dinas diambil alih' });
    const missing = '00000000-0000-4000-8000-000000000000';
    const body = {
      title: 'Switch inti terbuka ke internet',
      description: 'Port manajemen switch inti bisa diakses dari luar jaringan.',
    };

    // An incident the caller cannot see is refused exactly like one that does not exist.
    for (const id of [others.id, missing]) {
      const res = await create(tier2, { ...body, incidentIds: [id] });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'incidentIds', message: `unknown incidents: ${id}` }]);
    }
    const created = await create(tier2, { ...body, incidentIds: [own.id] });
    expect(created.status).toBe(201);
    expect(created.body.incidents).toEqual([
      { id: own.id, number: own.number, title: own.title, phase: 'reported' },
    ]);
    const id = created.body.id;
    const bySupervisor = await api.http.get(`/api/v1/problems/${id}`).set(supervisor.auth);
    expect(bySupervisor.body.incidents.map((i: { id: string }) => i.id)).toEqual([own.id]);

    // Another Tier 2 engineer works the problem but sees nothing of the incident.
    const byOther = await api.http.get(`/api/v1/problems/${id}`).set(tier2Apps.auth);
    expect(byOther.status).toBe(200);
    expect(byOther.body.incidents).toEqual([]);
    expect(JSON.stringify(byOther.body)).not.toContain(own.number);
    const timeline = await api.http.get(`/api/v1/problems/${id}/timeline`).set(tier2Apps.auth);
    expect(JSON.stringify(timeline.body)).not.toContain(own.id);
    const linkOthers = await api.http
      .patch(`/api/v1/problems/${id}`)
      .set(tier2Apps.auth)
      .send({ incidentIds: [own.id], version: created.body.version });
    expect(linkOthers.status).toBe(400);
    expect(linkOthers.body.errors[0].field).toBe('incidentIds');
    // Clearing the links one sees leaves the hidden one linked.
    const cleared = await api.http
      .patch(`/api/v1/problems/${id}`)
      .set(tier2Apps.auth)
      .send({ incidentIds: [], version: created.body.version });
    expect(cleared.status).toBe(200);
    const after = await api.http.get(`/api/v1/problems/${id}`).set(tier2.auth);
    expect(after.body.incidents.map((i: { id: string }) => i.id)).toEqual([own.id]);
  });

  it('should publish a known error’s workaround once as a known_error KB article for review', async () => {
    const { tier2, supervisor, tier1A } = org.users;
    const { a1 } = await repeatedTickets();
    const p = (
      await create(tier2, {
        title: 'Printer jaringan lantai 3 offline tiap pagi',
        description: 'Setiap pagi printer jaringan lantai 3 tidak bisa dipakai sampai dinyalakan ulang.',
        ticketIds: [a1.id],
      })
    ).body;
    const publish = (as: TestUser) => api.http.post(`/api/v1/problems/${p.id}/kb-article`).set(as.auth);

    for (const to of [null, 'investigating']) {
      if (to) expect((await status(tier2, p.id, { status: to })).status).toBe(200);
      const early = await publish(tier2);
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain(`'${to ?? 'open'}'`);
    }
    await status(tier2, p.id, {
      status: 'known_error',
      rootCause: 'Alamat IP printer diambil perangkat lain dari DHCP.',
      workaround: 'Matikan lalu nyalakan printer; ia meminta alamat baru.',
    });
    // PD A's Tier 1 reads the problem but may not publish for it.
    expect((await publish(tier1A)).status).toBe(403);

    const res = await publish(tier2);
    expect(res.status).toBe(201);
    expect(res.body.kbArticle).toMatchObject({ status: 'in_review' });
    const articleId = res.body.kbArticle.id;
    const article = await api.http.get(`/api/v1/kb/articles/${articleId}`).set(supervisor.auth);
    expect(article.status).toBe(200);
    expect(article.body).toMatchObject({
      kind: 'known_error',
      visibility: 'agents',
      status: 'in_review',
      symptom: p.description,
      cause: 'Alamat IP printer diambil perangkat lain dari DHCP.',
      workaround: 'Matikan lalu nyalakan printer; ia meminta alamat baru.',
    });
    expect(article.body.title).toContain(p.number);
    // A reviewer publishes it as any other article.
    const published = await api.http.post(`/api/v1/kb/articles/${articleId}/publish`).set(supervisor.auth);
    expect(published.status).toBe(200);

    const again = await publish(supervisor);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(articleId);
    const shown = await api.http.get(`/api/v1/problems/${p.id}`).set(tier1A.auth);
    expect(shown.body.kbArticle).toEqual({ id: articleId, title: article.body.title, status: 'published' });
    const timeline = await api.http.get(`/api/v1/problems/${p.id}/timeline`).set(tier2.auth);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toContain('kb_article');
    const articles = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM kb_article WHERE title LIKE $1`,
      [`${p.number}%`],
    );
    expect(articles[0].n).toBe(1);
  });

  it('should create a problem from tickets selected in a list only when the caller sees every one', async () => {
    // Judged ticket by ticket: one hidden ticket refuses the whole problem, naming only that ticket,
    // and nothing is written.
    const hidden = await fileTicket(api, org.users.requesterB, { title: 'Tiket PD B yang belum dieskalasi' });
    const { a1, a2 } = await repeatedTickets();
    const count = async () => Number((await api.dataSource.query(`SELECT count(*) AS n FROM problem`))[0].n);
    const before = await count();
    const mixed = await create(org.users.tier2, {
      title: 'Masalah dari tiket terpilih',
      description: 'Tiket yang dipilih di daftar kerja, satu di antaranya tersembunyi.',
      ticketIds: [a1.id, hidden.id, a2.id],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toEqual([{ field: 'ticketIds', message: `unknown tickets: ${hidden.id}` }]);
    expect(await count()).toBe(before);
    const selected = await create(org.users.tier2, {
      title: 'Masalah dari tiket terpilih',
      description: 'Tiket yang dipilih di daftar kerja, semuanya terlihat.',
      ticketIds: [a1.id, a2.id],
    });
    expect(selected.status).toBe(201);
    expect(selected.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(await count()).toBe(before + 1);
  });
});
