import { OutboxRepository } from '@desk/database';
import { QueueName, QueueService } from '@desk/queue';
import { INestApplicationContext } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket, validTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, waitFor } from '../support/harness';
import { IdRow, countOf, sqlRows } from '../support/db';

/** Ticket filing, numbering, optimistic locking, attachments and the outbox (issue 2, docs/domain.md, "Ticket lifecycle"; docs/architecture.md; docs/security.md). */
describe('Ticket core', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  const post = (auth: Record<string, string>, body: object, key?: string) => {
    const req = api.http.post('/api/v1/tickets').set(auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  describe('numbering', () => {
    it('should give 50 parallel creates 50 distinct consecutive numbers of this year', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          post(org.users.requesterA.auth, validTicket({ title: `Paralel ${i}` })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
      const numbers = results.map((r) => r.body.number as string);
      const year = new Date().getUTCFullYear();
      for (const n of numbers) expect(n).toMatch(new RegExp(`^TIK-(${year}|${year + 1})-\\d{6}$`));
      const seq = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
      expect(new Set(seq).size).toBe(50);
      expect(seq[49] - seq[0]).toBe(49);
    });
  });

  describe('Idempotency-Key', () => {
    it('should answer a repeated key of the same user with the first ticket, never a duplicate', async () => {
      const key = randomUUID();
      const first = await post(org.users.requesterA.auth, validTicket({ title: 'Printer macet total' }), key);
      const again = await post(org.users.requesterA.auth, validTicket({ title: 'Printer macet total' }), key);
      expect(first.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.number).toBe(first.body.number);
      const n = await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM ticket WHERE title = 'Printer macet total'`,
      );
      expect(n).toBe(1);
    });

    it('should create one ticket when ten requests with one key race each other', async () => {
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          post(org.users.requesterA.auth, validTicket({ title: 'Balapan kunci sama' }), key),
        ),
      );
      expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const n = await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM ticket WHERE title = 'Balapan kunci sama'`,
      );
      expect(n).toBe(1);
    });

    it('should keep keys apart per user', async () => {
      const key = randomUUID();
      const a = await post(org.users.requesterA.auth, validTicket(), key);
      const b = await post(org.users.requesterB.auth, validTicket(), key);
      expect(a.body.id).not.toBe(b.body.id);
      expect(b.body.unit.id).toBe(org.pdB.id);
    });
  });

  describe('listing', () => {
    it.each(['due', 'created'])(
      'should page through sort=%s with nextCursor: every ticket once, in the order of one long page',
      async (sort) => {
        const tag = `Halaman-${sort}-${randomUUID().slice(0, 8)}`;
        // Different impact and urgency give different due times; equal ones tie and need the id.
        const grades = [
          [1, 1],
          [3, 3],
          [2, 3],
          [3, 2],
          [2, 2],
          [1, 3],
          [2, 2],
        ];
        for (const [impact, urgency] of grades)
          expect(
            (
              await post(
                org.users.requesterB.auth,
                validTicket({ title: `${tag} ${impact}${urgency}`, impact, urgency }),
              )
            ).status,
          ).toBe(201);
        const list = (extra: Record<string, string | number>) =>
          api.http
            .get('/api/v1/tickets')
            .query({ q: tag, sort, status: 'open', ...extra })
            .set(org.users.tier1B.auth);
        const whole = await list({ limit: 50 });
        expect(whole.body.items).toHaveLength(grades.length);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await list({ limit: 2, ...(cursor ? { cursor } : {}) });
          expect(res.status).toBe(200);
          seen.push(...res.body.items.map((t: { id: string }) => t.id));
          cursor = res.body.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(pages).toBe(4);
        expect(seen).toEqual(whole.body.items.map((t: { id: string }) => t.id));
      },
    );

    it('should refuse a cursor of another sort or a forged one, naming the field', async () => {
      const forged = Buffer.from(JSON.stringify(['due', "2026-01-01' OR 1=1 --", randomUUID()])).toString(
        'base64url',
      );
      for (const cursor of [
        forged,
        'bm90LWpzb24',
        Buffer.from('["created","infinity","x"]').toString('base64url'),
      ]) {
        const res = await api.http
          .get('/api/v1/tickets')
          .query({ sort: 'due', cursor })
          .set(org.users.tier1B.auth);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('cursor');
      }
    });
  });

  describe('priority', () => {
    it.each([
      [1, 1, 'P1'],
      [1, 2, 'P2'],
      [2, 2, 'P3'],
      [3, 2, 'P4'],
      [3, 3, 'P4'],
    ])('should turn impact %i and urgency %i into %s', async (impact, urgency, priority) => {
      const t = await fileTicket(api, org.users.requesterA, { impact, urgency });
      expect(t.priority).toBe(priority);
    });
  });

  describe('optimistic locking', () => {
    it('should let one of two edits with the same version win and answer the other 409', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      const edit = (title: string) =>
        api.http
          .patch(`/api/v1/tickets/${t.id}`)
          .set(org.users.tier1A.auth)
          .send({ title, version: t.version });
      const [a, b] = await Promise.all([edit('Judul versi teknisi satu'), edit('Judul versi teknisi dua')]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.headers['content-type']).toContain('application/problem+json');
      const now = await api.http.get(`/api/v1/tickets/${t.id}`).set(org.users.tier1A.auth);
      expect(now.body.version).toBe(t.version + 1);
    });

    it('should answer 409 naming the current status for a transition that is not allowed', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      const res = await api.http.post(`/api/v1/tickets/${t.id}/start`).set(org.users.tier1A.auth).send({});
      expect(res.status).toBe(409);
      expect(res.body.currentStatus).toBe('new');
    });
  });

  describe('attachments', () => {
    it('should store a file on disk with its sha256 and give it back byte for byte', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      const content = Buffer.from('%PDF-1.4 surat permohonan');
      const up = await api.http
        .post(`/api/v1/tickets/${t.id}/attachments`)
        .set(org.users.requesterA.auth)
        .attach('file', content, 'surat.pdf');
      expect(up.status).toBe(201);
      expect(up.body.sha256).toBe(createHash('sha256').update(content).digest('hex'));
      const down = await api.http
        .get(`/api/v1/tickets/${t.id}/attachments/${up.body.id}`)
        .set(org.users.tier1A.auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(down.status).toBe(200);
      expect(Buffer.compare(down.body, content)).toBe(0);
    });

    it('should refuse a file over 10 MB with 413 and a type outside the allow-list with 415', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      const big = await api.http
        .post(`/api/v1/tickets/${t.id}/attachments`)
        .set(org.users.requesterA.auth)
        .attach('file', Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'besar.pdf');
      expect(big.status).toBe(413);
      const exe = await api.http
        .post(`/api/v1/tickets/${t.id}/attachments`)
        .set(org.users.requesterA.auth)
        .attach('file', Buffer.from('MZ'), 'virus.exe');
      expect(exe.status).toBe(415);
      const list = await api.http.get(`/api/v1/tickets/${t.id}/attachments`).set(org.users.requesterA.auth);
      expect(list.body).toEqual([]);
    });
  });

  describe('audit history', () => {
    it('should record who changed what, from and to, for each step', async () => {
      const t = await fileTicket(api, org.users.requesterA);
      await act(api, org.users.tier1A, t.id, 'claim');
      await act(api, org.users.tier1A, t.id, 'start');
      const res = await api.http.get(`/api/v1/tickets/${t.id}/history`).set(org.users.tier1A.auth);
      expect(res.status).toBe(200);
      const actions = res.body.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['created', 'claim', 'start']));
      const start = res.body.find((e: { action: string }) => e.action === 'start');
      expect(start.changes.status).toEqual({ from: 'assigned', to: 'in_progress' });
    });
  });

  describe('outbox', () => {
    const unpublishedFor = async (ids: string[]) =>
      await countOf(
        api.dataSource,
        `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = ANY($1) AND published_at IS NULL`,
        [ids],
      );

    it('should lose nothing when the process dies between commit and enqueue, and enqueue nothing twice', async () => {
      // Committed with no worker running: the state a crash right after the commit leaves behind.
      const tickets = await Promise.all(
        Array.from({ length: 20 }, () => fileTicket(api, org.users.requesterA)),
      );
      const ids = tickets.map((t) => t.id as string);
      expect(await unpublishedFor(ids)).toBe(20);

      // A relay that enqueues, then dies before marking the events published.
      const outbox = api.app.get(OutboxRepository);
      const queues = api.app.get(QueueService);
      const queue = queues.queue(QueueName.DomainEvents);
      await expect(
        outbox.relayBatch(1000, async (events) => {
          await queue.addBulk(
            events.map((e) => ({
              name: 'domain-event',
              data: { eventId: String(e.id) },
              opts: { jobId: `event_${e.id}` },
            })),
          );
          throw new Error('killed before the commit');
        }),
      ).rejects.toThrow('killed');
      expect(await unpublishedFor(ids)).toBe(20);

      // The real worker starts (same queue prefix) and relays everything.
      let worker: INestApplicationContext | undefined;
      try {
        await queue.pause(); // keep the jobs in the queue so they can be counted
        worker = await startWorker(api.config);
        await waitFor(async () => (await unpublishedFor(ids)) === 0, 15000, 'the outbox to drain');
        const jobs = await queue.getJobs([
          'waiting',
          'paused',
          'active',
          'completed',
          'delayed',
          'prioritized',
        ]);
        const ours = await sqlRows<IdRow>(
          api.dataSource,
          `SELECT id FROM outbox_event WHERE aggregate_id = ANY($1)`,
          [ids],
        );
        for (const { id } of ours) expect(jobs.filter((j) => j.id === `event_${id}`)).toHaveLength(1);
      } finally {
        await queue.resume();
        await worker?.close();
      }
    });
  });
});
