import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, testConfig, TestApi, waitFor } from '../support/harness';
import { SmtpSink, startWorkerWithClock, ShiftedClock } from '../support/mail';

/**
 * Agents' daily tools: tickets by number, the requester's contact on the ticket, links and major
 * incidents (with the children's requesters told once), reply templates and bulk actions.
 */
describe('Desk tools', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const sink = new SmtpSink();
  const clock = new ShiftedClock();

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' });
    api = await startApi(config);
    org = await createOrg(api.app);
    // Tuesday 10:00 WITA: inside working hours, so no mail waits for the morning.
    clock.set(new Date('2026-03-03T02:00:00Z'));
    worker = await startWorkerWithClock(config, clock);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
  });

  const get = (u: TestUser, path: string) => api.http.get(`/api/v1${path}`).set(u.auth);
  const post = (u: TestUser, path: string, body: object) =>
    api.http.post(`/api/v1${path}`).set(u.auth).send(body);

  describe('tickets by number', () => {
    it('should find a ticket by its number for whoever may see it, and answer 404 to the others', async () => {
      const { requesterA, requesterA2, tier1A, tier1B, tier2, supervisor } = org.users;
      const t = await fileTicket(api, requesterA);
      for (const u of [requesterA, tier1A, supervisor]) {
        const res = await get(u, `/tickets/by-number/${t.number}`);
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(t.id);
      }
      // Lower case works too; another PD, another requester and Tier 2 before escalation see nothing.
      expect((await get(tier1A, `/tickets/by-number/${t.number.toLowerCase()}`)).body.id).toBe(t.id);
      for (const u of [requesterA2, tier1B, tier2]) {
        const res = await get(u, `/tickets/by-number/${t.number}`);
        expect(res.status).toBe(404);
        expect(res.body.detail).toBe('Ticket not found');
      }
      expect((await get(tier1A, '/tickets/by-number/TIK-2026-999999')).status).toBe(404);
      expect((await get(tier1A, '/tickets/by-number/not-a-number')).status).toBe(404);
    });
  });

  describe("the requester's phone and location", () => {
    it('should let a requester set them and show them to agents only', async () => {
      const { requesterA, requesterA2, tier1A } = org.users;
      const res = await api.http
        .patch('/api/v1/users/me/contact')
        .set(requesterA.auth)
        .send({ phone: '0812-3456-7890', locationRoom: 'Ruang Arsip 2.04', locationFloor: '2' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ phone: '0812-3456-7890', locationRoom: 'Ruang Arsip 2.04' });
      const bad = await api.http
        .patch('/api/v1/users/me/contact')
        .set(requesterA.auth)
        .send({ phone: 'call me' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('phone');

      const t = await fileTicket(api, requesterA);
      const asAgent = (await get(tier1A, `/tickets/${t.id}`)).body;
      expect(asAgent.requester).toMatchObject({
        phone: '0812-3456-7890',
        locationRoom: 'Ruang Arsip 2.04',
        locationFloor: '2',
      });
      const asRequester = (await get(requesterA, `/tickets/${t.id}`)).body;
      expect(asRequester.requester.phone).toBeUndefined();
      // In lists too, agents see it and requesters never do.
      const list = (await get(tier1A, '/tickets?limit=100')).body.items;
      expect(list.find((x: { id: string }) => x.id === t.id).requester.phone).toBe('0812-3456-7890');
      // An admin edits it too; empty strings clear it.
      const admin = await api.http
        .patch(`/api/v1/users/${requesterA2.id}`)
        .set(org.users.admin.auth)
        .send({ phone: '+62 511 123456', locationFloor: '' });
      expect(admin.status).toBe(200);
      expect(admin.body).toMatchObject({ phone: '+62 511 123456', locationFloor: null });
    });
  });

  describe('links and major incidents', () => {
    it('should link tickets both agents can see, and refuse self-links, duplicates and cycles by name', async () => {
      const { requesterA, requesterA2, tier1A, requesterB, tier1B } = org.users;
      const a = await fileTicket(api, requesterA, { title: 'Internet mati lantai 1' });
      const b = await fileTicket(api, requesterA2, { title: 'Internet mati lantai 2' });
      const c = await fileTicket(api, requesterA2, { title: 'Internet mati lantai 3' });
      const other = await fileTicket(api, requesterB, { title: 'Printer PD B' });

      const link = await post(tier1A, `/tickets/${b.id}/links`, { type: 'child_of', ticketId: a.id });
      expect(link.status).toBe(201);
      expect(link.body).toMatchObject({
        type: 'child_of',
        direction: 'outgoing',
        ticket: { number: a.number },
      });
      const fromParent = (await get(tier1A, `/tickets/${a.id}/links`)).body;
      expect(fromParent).toEqual([
        expect.objectContaining({
          type: 'child_of',
          direction: 'incoming',
          ticket: expect.objectContaining({ id: b.id }),
        }),
      ]);

      const self = await post(tier1A, `/tickets/${a.id}/links`, { type: 'related', ticketId: a.id });
      expect(self.status).toBe(400);
      expect(self.body.errors[0].field).toBe('ticketId');
      const again = await post(tier1A, `/tickets/${a.id}/links`, { type: 'related', ticketId: b.id });
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain(b.number);
      // c under b, then a under c would close the circle a <- b <- c <- a.
      expect(
        (await post(tier1A, `/tickets/${c.id}/links`, { type: 'child_of', ticketId: b.id })).status,
      ).toBe(201);
      const cycle = await post(tier1A, `/tickets/${a.id}/links`, { type: 'child_of', ticketId: c.id });
      expect(cycle.status).toBe(409);
      expect(cycle.body.detail).toContain(c.number);
      const twoParents = await post(tier1A, `/tickets/${c.id}/links`, { type: 'child_of', ticketId: a.id });
      expect(twoParents.status).toBe(409);
      expect(twoParents.body.detail).toContain(b.number);

      // Another PD's ticket is not there for Tier 1 of PD A, either way round.
      const hidden = await post(tier1A, `/tickets/${a.id}/links`, { type: 'related', ticketId: other.id });
      expect(hidden.status).toBe(400);
      expect(hidden.body.errors[0].field).toBe('ticketId');
      expect((await get(tier1B, `/tickets/${a.id}/links`)).status).toBe(404);
      // Requesters do not work links: 403 on their own ticket, 404 on another's.
      expect((await get(requesterA, `/tickets/${a.id}/links`)).status).toBe(403);
      expect((await get(requesterB, `/tickets/${a.id}/links`)).status).toBe(404);
    });

    it('should hide links to tickets the caller cannot see', async () => {
      const { requesterA, tier1A, supervisor, tier2 } = org.users;
      const a = await fileTicket(api, requesterA, { categoryId: org.categories.network });
      const b = await fileTicket(api, requesterA, { categoryId: org.categories.network });
      await act(api, tier1A, a.id, 'escalate', { reason: 'Perlu tim jaringan Dinas' });
      expect(
        (await post(supervisor, `/tickets/${a.id}/links`, { type: 'related', ticketId: b.id })).status,
      ).toBe(201);
      // Tier 2 sees the escalated ticket but not the PD's other one: the link is left out.
      const asTier2 = await get(tier2, `/tickets/${a.id}/links`);
      expect(asTier2.status).toBe(200);
      expect(asTier2.body).toEqual([]);
      expect((await get(tier1A, `/tickets/${a.id}/links`)).body).toHaveLength(1);
    });

    it("should resolve every open child with the parent's resolution and tell each requester once", async () => {
      const { requesterA, requesterA2, tier1A } = org.users;
      const parent = await fileTicket(api, requesterA, { title: 'Gangguan jaringan gedung utama' });
      const child1 = await fileTicket(api, requesterA, { title: 'Tidak bisa membuka SIMPEG' });
      const child2 = await fileTicket(api, requesterA2, { title: 'Email tidak terkirim' });
      const done = await fileTicket(api, requesterA2, { title: 'Internet lambat' });
      for (const child of [child1, child2, done]) {
        expect(
          (await post(tier1A, `/tickets/${child.id}/links`, { type: 'child_of', ticketId: parent.id }))
            .status,
        ).toBe(201);
      }
      await act(api, tier1A, done.id, 'cancel', { reason: 'Sudah normal kembali' });
      await act(api, tier1A, child2.id, 'claim');
      await act(api, tier1A, parent.id, 'claim');
      const resolution = 'Switch inti gedung utama diganti; jaringan normal.';
      await act(api, tier1A, parent.id, 'resolve', { resolution });

      for (const child of [child1, child2]) {
        const v = (await get(tier1A, `/tickets/${child.id}`)).body;
        expect(v).toMatchObject({ status: 'resolved', resolution });
        const history = (await get(tier1A, `/tickets/${child.id}/history`)).body;
        expect(history.filter((e: { action: string }) => e.action === 'resolved_with_parent')).toEqual([
          expect.objectContaining({ note: parent.number }),
        ]);
      }
      expect((await get(tier1A, `/tickets/${done.id}`)).body.status).toBe('cancelled');

      // Each child's requester gets the resolved mail for their own ticket, once.
      for (const [u, t] of [
        [requesterA, child1],
        [requesterA2, child2],
        [requesterA, parent],
      ] as const) {
        await waitFor(
          async () =>
            sink.to(u.email).some((m) => m.subject.includes(t.number) && m.subject.includes('diselesaikan')),
          15_000,
          `resolved mail for ${t.number}`,
        );
      }
      await new Promise((r) => setTimeout(r, 1500));
      for (const [u, t] of [
        [requesterA, child1],
        [requesterA2, child2],
      ] as const) {
        const mails = sink
          .to(u.email)
          .filter((m) => m.subject.includes(t.number) && m.subject.includes('diselesaikan'));
        expect(mails).toHaveLength(1);
        expect(mails[0].text).toContain('Switch inti gedung utama diganti');
      }
      expect(
        sink
          .to(requesterA2.email)
          .filter((m) => m.subject.includes(done.number) && m.subject.includes('diselesaikan')),
      ).toHaveLength(0);
    });

    it('should unlink', async () => {
      const { requesterA, tier1A, tier1B } = org.users;
      const a = await fileTicket(api, requesterA);
      const b = await fileTicket(api, requesterA);
      const link = (await post(tier1A, `/tickets/${a.id}/links`, { type: 'duplicate_of', ticketId: b.id }))
        .body;
      expect(
        (await api.http.delete(`/api/v1/tickets/${a.id}/links/${link.id}`).set(tier1B.auth)).status,
      ).toBe(404);
      expect(
        (await api.http.delete(`/api/v1/tickets/${b.id}/links/${link.id}`).set(tier1A.auth)).status,
      ).toBe(204);
      expect((await get(tier1A, `/tickets/${a.id}/links`)).body).toEqual([]);
      expect(
        (await api.http.delete(`/api/v1/tickets/${a.id}/links/${link.id}`).set(tier1A.auth)).status,
      ).toBe(404);
    });
  });

  describe('reply templates', () => {
    it('should scope templates personal, unit, team and global, with the rights of each', async () => {
      const { tier1A, tier1A2, tier1B, tier2, tier2Apps, supervisor, admin, requesterA } = org.users;
      const mk = async (u: TestUser, body: object) => post(u, '/reply-templates', body);
      const personal = await mk(tier1A, {
        name: 'Salam pribadi',
        body: 'Halo {{requester.name}}',
        scope: 'personal',
      });
      expect(personal.status).toBe(201);
      const unit = await mk(tier1A, {
        name: 'Salam PD A',
        body: 'Tiket {{ticket.number}} kami terima',
        scope: 'unit',
      });
      expect(unit.status).toBe(201);
      const team = await mk(tier2, {
        name: 'Tim jaringan',
        body: 'Tim jaringan: {{ticket.title}}',
        scope: 'team',
      });
      expect(team.status).toBe(201);
      expect(team.body.teamId).toBe(org.teams.network);
      expect((await mk(tier1A, { name: 'Global', body: 'Untuk semua', scope: 'global' })).status).toBe(403);
      const global = await mk(admin, {
        name: 'Salam global',
        body: 'Terima kasih, {{agent.name}}',
        scope: 'global',
      });
      expect(global.status).toBe(201);
      const badTeam = await mk(tier1A, { name: 'Bukan tim', body: 'Tidak boleh', scope: 'team' });
      expect(badTeam.status).toBe(400);
      expect(badTeam.body.errors[0].field).toBe('scope');
      const invalid = await mk(tier1A, { name: 'x', body: '', scope: 'everyone' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'body',
        'name',
        'scope',
      ]);
      expect((await mk(requesterA, { name: 'Peminta', body: 'Tidak boleh', scope: 'personal' })).status).toBe(
        403,
      );

      const names = async (u: TestUser) =>
        ((await get(u, '/reply-templates')).body as { name: string }[]).map((t) => t.name).sort();
      expect(await names(tier1A)).toEqual(['Salam PD A', 'Salam global', 'Salam pribadi']);
      expect(await names(tier1A2)).toEqual(['Salam PD A', 'Salam global']);
      expect(await names(tier1B)).toEqual(['Salam global']);
      expect(await names(tier2)).toEqual(['Salam global', 'Tim jaringan']);
      expect(await names(tier2Apps)).toEqual(['Salam global']);
      expect(await names(supervisor)).toHaveLength(4);

      // Edit rights: the PD's Tier 1 for unit ones, only the owner for personal ones, admins for global.
      const patch = (u: TestUser, id: string, body: object) =>
        api.http.patch(`/api/v1/reply-templates/${id}`).set(u.auth).send(body);
      expect((await patch(tier1A2, unit.body.id, { body: 'Tiket {{ticket.number}} diterima' })).status).toBe(
        200,
      );
      expect((await patch(tier1A2, personal.body.id, { name: 'Punya saya' })).status).toBe(404);
      expect((await patch(tier1A, global.body.id, { name: 'Diubah' })).status).toBe(403);
      expect((await patch(tier1B, unit.body.id, { name: 'Diubah' })).status).toBe(404);
      expect(
        (await api.http.delete(`/api/v1/reply-templates/${team.body.id}`).set(tier2Apps.auth)).status,
      ).toBe(404);
      expect(
        (await api.http.delete(`/api/v1/reply-templates/${personal.body.id}`).set(tier1A.auth)).status,
      ).toBe(204);
      expect(await names(tier1A)).toEqual(['Salam PD A', 'Salam global']);
    });

    it('should fill the placeholders for a ticket the agent can see', async () => {
      const { requesterA, tier1A, tier1B } = org.users;
      const t = await fileTicket(api, requesterA, { title: 'Printer macet' });
      await post(tier1A, '/reply-templates', {
        name: 'Balasan lengkap',
        body: 'Halo {{requester.name}}, tiket {{ticket.number}} ({{ticket.title}}) ditangani {{agent.name}}. {{unknown.thing}}',
        scope: 'personal',
      });
      const res = await get(tier1A, `/reply-templates?ticketId=${t.id}`);
      expect(res.status).toBe(200);
      const tpl = res.body.find((x: { name: string }) => x.name === 'Balasan lengkap');
      expect(tpl.rendered).toBe(
        `Halo User reqA, tiket ${t.number} (Printer macet) ditangani User tier1A. {{unknown.thing}}`,
      );
      expect((await get(tier1B, `/reply-templates?ticketId=${t.id}`)).status).toBe(404);
    });
  });

  describe('bulk actions', () => {
    it('should judge each ticket by its own rules and never reveal an invisible one', async () => {
      const { requesterA, requesterB, tier1A } = org.users;
      const resolved = await fileTicket(api, requesterA);
      await act(api, tier1A, resolved.id, 'claim');
      await act(api, tier1A, resolved.id, 'resolve', { resolution: 'Sudah diperbaiki teknisi.' });
      const open = await fileTicket(api, requesterA, { title: 'Masih terbuka' });
      const otherPd = await fileTicket(api, requesterB, { title: 'Rahasia PD B' });
      const missing = '00000000-0000-4000-8000-000000000000';

      const res = await post(tier1A, '/tickets/bulk', {
        ids: [resolved.id, open.id, otherPd.id, missing],
        action: 'close',
      });
      expect(res.status).toBe(200);
      const [r1, r2, r3, r4] = res.body.results;
      expect(r1).toEqual({ id: resolved.id, ok: true, status: 'closed' });
      expect(r2).toMatchObject({ id: open.id, ok: false, error: { status: 409 } });
      expect(r2.error.detail).toContain("'new'");
      expect(r3).toEqual({
        id: otherPd.id,
        ok: false,
        error: { status: 404, title: 'Not Found', detail: 'Ticket not found' },
      });
      expect(r4).toEqual({
        id: missing,
        ok: false,
        error: { status: 404, title: 'Not Found', detail: 'Ticket not found' },
      });
      expect(JSON.stringify(res.body)).not.toContain('Rahasia');
      expect((await get(org.users.tier1B, `/tickets/${otherPd.id}`)).body.status).toBe('new');
    });

    it('should assign and cancel in bulk, and name bad input', async () => {
      const { requesterA, tier1A, tier1A2, requesterA2 } = org.users;
      const a = await fileTicket(api, requesterA);
      const b = await fileTicket(api, requesterA);
      const assigned = await post(tier1A, '/tickets/bulk', {
        ids: [a.id, b.id],
        action: 'assign',
        input: { assigneeId: tier1A2.id },
      });
      expect(assigned.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
      expect((await get(tier1A, `/tickets/${a.id}`)).body.assignee.id).toBe(tier1A2.id);

      const noReason = await post(tier1A, '/tickets/bulk', { ids: [a.id], action: 'cancel', input: {} });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors[0].field).toBe('input.reason');
      const bad = await post(tier1A, '/tickets/bulk', { ids: [], action: 'explode' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['action', 'ids']);
      const tooMany = await post(tier1A, '/tickets/bulk', {
        ids: Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
        action: 'close',
      });
      expect(tooMany.status).toBe(400);
      // A requester judged ticket by ticket: someone else's ticket is not there.
      const asRequester = await post(requesterA2, '/tickets/bulk', { ids: [a.id], action: 'close' });
      expect(asRequester.body.results).toEqual([
        { id: a.id, ok: false, error: { status: 404, title: 'Not Found', detail: 'Ticket not found' } },
      ]);

      const cancelled = await post(tier1A, '/tickets/bulk', {
        ids: [a.id, b.id],
        action: 'cancel',
        input: { reason: 'Laporan ganda' },
      });
      expect(cancelled.body.results).toEqual([
        { id: a.id, ok: true, status: 'cancelled' },
        { id: b.id, ok: true, status: 'cancelled' },
      ]);
    });
  });

  describe('pending until', () => {
    it('should refuse a time in the past or not a time, naming until', async () => {
      const { requesterA, tier1A } = org.users;
      const t = await fileTicket(api, requesterA);
      await act(api, tier1A, t.id, 'claim');
      for (const until of ['2020-01-01T00:00:00Z', 'besok', '2026-13-45T99:00:00Z']) {
        const res = await post(tier1A, `/tickets/${t.id}/pend`, { reason: 'Menunggu suku cadang', until });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('until');
      }
      expect((await get(tier1A, `/tickets/${t.id}`)).body.status).toBe('assigned');
    });
  });

  describe('search and filters', () => {
    const ids = async (u: TestUser, query: string) => {
      const res = await get(u, `/tickets?limit=100&${query}`);
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((t) => t.id);
    };

    it('should find by number, stemmed words of title, description and comments, per visibility', async () => {
      const { requesterA, requesterA2, tier1A, tier1B, requesterB } = org.users;
      const t = await fileTicket(api, requesterA, {
        title: 'Aplikasi kepegawaian lambat',
        description: 'Halaman laporan absensi memerlukan waktu lama untuk dibuka.',
      });
      const other = await fileTicket(api, requesterB, {
        title: 'Aplikasi kepegawaian lambat',
        description: 'Di PD B juga, halaman laporan absensi lama.',
      });
      expect(
        (
          await post(tier1A, `/tickets/${t.id}/comments`, {
            body: 'Sudah dicoba memperbarui peramban.',
            internal: false,
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await post(tier1A, `/tickets/${t.id}/comments`, {
            body: 'Server basis data sedang dipindahkan.',
            internal: true,
          })
        ).status,
      ).toBe(201);

      // The number, whole or by its digits.
      expect(await ids(tier1A, `q=${t.number}`)).toEqual([t.id]);
      expect(await ids(tier1A, `q=${t.number.slice(-6)}`)).toEqual([t.id]);
      // Stemming: "pegawai" finds "kepegawaian", "perbarui" the comment's "memperbarui".
      expect(await ids(tier1A, 'q=pegawai')).toContain(t.id);
      expect(await ids(tier1A, 'q=laporan%20absensi')).toContain(t.id);
      expect(await ids(tier1A, 'q=perbarui')).toEqual([t.id]);
      // Internal notes: agents find them, the requester does not.
      expect(await ids(tier1A, 'q=pindah%20server')).toEqual([t.id]);
      expect(await ids(requesterA, 'q=pindah%20server')).toEqual([]);
      expect(await ids(requesterA, 'q=perbarui')).toEqual([t.id]);
      // Never another requester's or another PD's ticket.
      expect(await ids(requesterA2, 'q=pegawai')).toEqual([]);
      expect(await ids(requesterA2, `q=${t.number}`)).toEqual([]);
      expect(await ids(tier1B, 'q=pegawai')).toEqual([other.id]);
      expect(await ids(tier1A, 'q=pegawai')).not.toContain(other.id);
      // Edits are searchable at once.
      const v = (await get(tier1A, `/tickets/${t.id}`)).body;
      await api.http
        .patch(`/api/v1/tickets/${t.id}`)
        .set(tier1A.auth)
        .send({ title: 'Aplikasi Srikandi lambat', version: v.version });
      expect(await ids(tier1A, 'q=srikandi')).toEqual([t.id]);
      // Punctuation and operators are words, never a 500.
      expect((await get(tier1A, `/tickets?q=${encodeURIComponent("a & | ! ( ' :*")}`)).status).toBe(200);
    });

    it('should filter by category, requester and filing date, naming bad values', async () => {
      const { requesterA, requesterA2, tier1A } = org.users;
      const net = await fileTicket(api, requesterA2, { categoryId: org.categories.network });
      const mail = await fileTicket(api, requesterA2, { categoryId: org.categories.email });
      const mine = await ids(tier1A, `requesterId=${requesterA2.id}&categoryId=${org.categories.network}`);
      expect(mine).toContain(net.id);
      expect(mine).not.toContain(mail.id);
      const all = await ids(tier1A, `requesterId=${requesterA.id}`);
      expect(all).not.toContain(net.id);
      const today = new Date(Date.now() - 60_000).toISOString();
      expect(await ids(tier1A, `createdFrom=${today}&requesterId=${requesterA2.id}`)).toEqual(
        expect.arrayContaining([net.id, mail.id]),
      );
      expect(await ids(tier1A, `createdTo=2020-01-01&requesterId=${requesterA2.id}`)).toEqual([]);
      const bad = await get(
        tier1A,
        '/tickets?categoryId=x&requesterId=y&createdFrom=kemarin&createdTo=2026-99-01',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'categoryId',
        'createdFrom',
        'createdTo',
        'requesterId',
      ]);
      const reversed = await get(tier1A, '/tickets?createdFrom=2026-05-01&createdTo=2026-04-01');
      expect(reversed.status).toBe(400);
      expect(reversed.body.errors[0].field).toBe('createdTo');
    });

    it("should keep agents' saved overviews per user", async () => {
      const { tier1A, tier1A2, requesterA } = org.users;
      const saved = await post(tier1A, '/ticket-overviews', {
        name: 'Jaringan terbuka',
        query: { status: 'open', categoryId: org.categories.network },
      });
      expect(saved.status).toBe(201);
      expect(saved.body.query).toEqual({ status: 'open', categoryId: org.categories.network });
      expect((await post(tier1A, '/ticket-overviews', { name: 'Jaringan terbuka', query: {} })).status).toBe(
        409,
      );
      const bad = await post(tier1A, '/ticket-overviews', { name: 'Salah', query: { tier: 7, drop: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'query.drop',
        'query.tier',
      ]);
      expect((await get(tier1A, '/ticket-overviews')).body).toHaveLength(1);
      expect((await get(tier1A2, '/ticket-overviews')).body).toHaveLength(0);
      expect((await get(requesterA, '/ticket-overviews')).status).toBe(403);
      expect(
        (await api.http.delete(`/api/v1/ticket-overviews/${saved.body.id}`).set(tier1A2.auth)).status,
      ).toBe(404);
      expect(
        (await api.http.delete(`/api/v1/ticket-overviews/${saved.body.id}`).set(tier1A.auth)).status,
      ).toBe(204);
    });
  });
});
