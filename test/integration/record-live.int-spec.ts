import { INestApplicationContext } from '@nestjs/common';
import { ChangeEventsService } from '../../apps/api/src/events/change-events.service';
import { ProblemEventsService } from '../../apps/api/src/events/problem-events.service';
import { fileChange, movePhase } from '../support/factories/change.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, testConfig, waitFor } from '../support/harness';
import { SseClient } from '../support/sse-client';

type Who = keyof TestOrg['users'];

describe('Live change and problem events: GET /events/changes and /events/problems', () => {
  let apiA: TestApi;
  let apiB: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    const config = await testConfig();
    apiA = await startApi(config);
    apiB = await startApi(config);
    worker = await startWorker(config);
    org = await createOrg(apiA.app);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await worker?.close();
    await apiA?.close();
    await apiB?.close();
  });

  const open = async (path: string, user: TestUser, extra: Record<string, string> = {}) => {
    const client = await SseClient.open(apiB, path, { ...user.auth, ...extra });
    clients.push(client);
    return client;
  };
  const openAll = async (path: string, who: readonly Who[]) => {
    const streams = {} as Record<Who, SseClient>;
    for (const w of who) {
      streams[w] = await open(path, org.users[w]);
      expect(streams[w].status).toBe(200);
    }
    return streams;
  };
  /** Long enough for an event the worker relayed to have reached every stream of api B. */
  const settle = () => new Promise((r) => setTimeout(r, 700));

  describe('changes', () => {
    const everyone = [
      'supervisor',
      'tier2',
      'tier1A',
      'unitHeadA',
      'requesterA',
      'tier1B',
      'unitHeadB',
      'requesterB',
      'admin',
      'csirt',
    ] as const;

    it('should push a change step on api A to those who see the change on api B, and to nobody else', async () => {
      const s = await openAll('/api/v1/events/changes', everyone);
      const { tier1A, tier1B, requesterA } = org.users;

      const started = Date.now();
      const change = await fileChange(apiA, tier1A, { requesterId: requesterA.id });
      await waitFor(async () => s.tier1A.about(change.id).length > 0, 10_000, 'the filer’s stream');
      console.log(`change filed -> live event: ${Date.now() - started} ms`);
      expect(s.tier1A.about(change.id)[0]).toEqual({
        event: 'change',
        id: expect.stringMatching(/^\d+$/),
        data: { type: 'change.created', id: change.id },
      });
      await movePhase(apiA, tier1A, change.id, 'analysis', { note: 'Analisis dampak' });
      // The owning PD's Tier 1 and head, the requester, Tier 2 (CSIRT users are Tier 2 too) and
      // supervisors see the change: they get both steps.
      for (const w of ['tier1A', 'unitHeadA', 'requesterA', 'tier2', 'csirt', 'supervisor'] as const)
        await waitFor(
          async () => s[w].about(change.id).some((f) => f.data.type === 'change.phase'),
          10_000,
          `the phase step on ${w}'s stream`,
        );

      // A PD B change filed afterwards proves PD B's streams were listening all along.
      const marker = await fileChange(apiA, tier1B, { systems: ['LAN PD B'] });
      for (const w of ['tier1B', 'unitHeadB', 'supervisor'] as const)
        await waitFor(
          async () => s[w].about(marker.id).length > 0,
          10_000,
          `the PD B change on ${w}'s stream`,
        );
      await settle();
      for (const w of ['tier1B', 'unitHeadB', 'requesterB', 'admin'] as const) {
        expect(s[w].about(change.id)).toEqual([]);
        expect(JSON.stringify(s[w].frames)).not.toContain(change.id);
      }
      for (const w of ['tier1A', 'unitHeadA', 'requesterA'] as const)
        expect(JSON.stringify(s[w].frames)).not.toContain(marker.id);
      // Nothing but change events, and each carries only its type and the change id.
      for (const w of everyone)
        for (const f of s[w].frames) {
          expect(f.event).toBe('change');
          expect(Object.keys(f.data).sort()).toEqual(['id', 'type']);
        }
    });

    it('should replay after Last-Event-ID only the steps of changes the client sees', async () => {
      const { tier1A, tier1B } = org.users;
      const first = await open('/api/v1/events/changes', tier1B);
      const watcher = await open('/api/v1/events/changes', org.users.supervisor);
      const own = await fileChange(apiA, tier1B, { systems: ['Server PD B'] });
      await waitFor(async () => first.about(own.id).length > 0, 10_000, 'the own change');
      const lastSeen = first.frames.at(-1)!.id!;
      first.close();
      // Offline: a PD A change is filed and moved, and the own change moves.
      const other = await fileChange(apiA, tier1A, { systems: ['Server PD A'] });
      await movePhase(apiA, tier1A, other.id, 'analysis');
      await movePhase(apiA, tier1B, own.id, 'analysis');
      await waitFor(async () => watcher.about(own.id).length >= 2, 10_000, 'the live events');

      const again = await open('/api/v1/events/changes', tier1B, { 'Last-Event-ID': lastSeen });
      expect(again.status).toBe(200);
      await waitFor(async () => again.about(own.id).length > 0, 10_000, 'the replay');
      await settle();
      expect(again.about(own.id).map((f) => f.data.type)).toEqual(['change.phase']);
      expect(JSON.stringify(again.frames)).not.toContain(other.id);
      expect(apiB.app.get(ChangeEventsService).clientCount).toBeGreaterThan(0);
    });
  });

  describe('problems', () => {
    it('should answer 404 to those who may see no problem', async () => {
      for (const who of ['admin', 'requesterA'] as const) {
        const client = await open('/api/v1/events/problems', org.users[who]);
        expect(client.status).toBe(404);
        expect(client.body).toContain('"status":404');
      }
      const before = apiB.app.get(ProblemEventsService).clientCount;
      const viaQuery = await SseClient.open(
        apiB,
        `/api/v1/events/problems?access_token=${encodeURIComponent(org.users.requesterB.token)}`,
        {},
      );
      expect(viaQuery.status).toBe(404);
      expect(apiB.app.get(ProblemEventsService).clientCount).toBe(before);
    });

    it('should push a problem’s steps only to Tier 2, supervisors and the agents of PDs whose tickets it links', async () => {
      const watchers = ['supervisor', 'tier2', 'tier1A', 'unitHeadA', 'tier1B', 'unitHeadB'] as const;
      const s = await openAll('/api/v1/events/problems', watchers);
      const { requesterA, requesterB, tier1A, tier1B, tier2 } = org.users;
      const a = await fileTicket(apiA, requesterA, { title: 'Jaringan lantai 2 putus lagi' });
      const b = await fileTicket(apiA, requesterB, { title: 'SIMPEG lambat sekali' });
      await act(apiA, tier1A, a.id, 'escalate', { teamId: org.teams.network, reason: 'Butuh tim jaringan' });
      await act(apiA, tier1B, b.id, 'escalate', { teamId: org.teams.network, reason: 'Butuh tim jaringan' });

      const created = await apiA.http
        .post('/api/v1/problems')
        .set(tier2.auth)
        .send({
          title: 'Switch inti sering hang',
          description: 'Laporan berulang dari lantai 2.',
          ticketIds: [a.id],
        })
        .expect(201);
      const problem = created.body;
      await apiA.http
        .post(`/api/v1/problems/${problem.id}/status`)
        .set(tier2.auth)
        .send({ status: 'investigating', version: problem.version })
        .expect(200);
      for (const w of ['supervisor', 'tier2', 'tier1A', 'unitHeadA'] as const)
        await waitFor(
          async () =>
            s[w]
              .about(problem.id)
              .map((f) => f.data.type)
              .join() === 'problem.created,problem.status',
          10_000,
          `both steps on ${w}'s stream`,
        );
      expect(s.tier1A.about(problem.id)[1]).toEqual({
        event: 'problem',
        id: expect.stringMatching(/^\d+$/),
        data: { type: 'problem.status', id: problem.id },
      });

      // A PD B problem afterwards proves PD B's streams were listening; they never heard of PD A's.
      const marker = await apiA.http
        .post('/api/v1/problems')
        .set(tier2.auth)
        .send({ title: 'SIMPEG lambat', description: 'Basis data SIMPEG penuh.', ticketIds: [b.id] })
        .expect(201);
      await waitFor(async () => s.unitHeadB.about(marker.body.id).length > 0, 10_000, 'the PD B problem');
      await settle();
      for (const w of ['tier1B', 'unitHeadB'] as const)
        expect(JSON.stringify(s[w].frames)).not.toContain(problem.id);
      for (const w of ['tier1A', 'unitHeadA'] as const)
        expect(JSON.stringify(s[w].frames)).not.toContain(marker.body.id);

      // Linking PD B's ticket makes the problem PD B's business too: from that step on, it reaches them.
      const current = await apiA.http.get(`/api/v1/problems/${problem.id}`).set(tier2.auth).expect(200);
      await apiA.http
        .patch(`/api/v1/problems/${problem.id}`)
        .set(tier2.auth)
        .send({ ticketIds: [a.id, b.id], version: current.body.version })
        .expect(200);
      await waitFor(async () => s.tier1B.about(problem.id).length > 0, 10_000, 'the link on PD B’s stream');
      expect(s.tier1B.about(problem.id).map((f) => f.data.type)).toEqual(['problem.updated']);
    });
  });
});
