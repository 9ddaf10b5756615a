import { AppConfig } from '@desk/config';
import { INestApplicationContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TicketEventsService } from '../../apps/api/src/events/ticket-events.service';
import { AddressInfo } from 'node:net';
import { get, IncomingMessage } from 'node:http';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, testConfig, waitFor } from '../support/harness';

interface StreamEvent {
  type: string;
  ticketId: string;
  unitId: string;
  teamId: string | null;
  queueClock: { clock: string; dueAt: string | null; state: string } | null;
  row: {
    status: string;
    priority: string;
    tier: number;
    assignee: { id: string; name: string } | null;
    version: number;
  } | null;
}

/** A minimal Server-Sent Events client: collects the `ticket` events of one open stream. */
class SseClient {
  readonly events: StreamEvent[] = [];
  comments = 0;
  status = 0;
  headers: IncomingMessage['headers'] = {};
  private res?: IncomingMessage;
  private buffer = '';

  static open(api: TestApi, path: string, auth?: Record<string, string>): Promise<SseClient> {
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers: auth ?? {} }, (res) => {
        client.res = res;
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('error', () => undefined);
        // Resolve once the stream said hello (or an error body arrived), so no event is missed.
        const ready = () => (client.comments > 0 || client.status !== 200 ? resolve(client) : undefined);
        res.on('data', ready);
        res.on('end', () => resolve(client));
      }).on('error', reject);
    });
  }

  private feed(chunk: string) {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const lines = frame.split('\n');
      if (lines.some((l) => l.startsWith(':'))) this.comments++;
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      if (lines.includes('event: ticket') && data.length) this.events.push(JSON.parse(data.join('\n')));
    }
  }

  of(ticketId: string) {
    return this.events.filter((e) => e.ticketId === ticketId);
  }

  close() {
    this.res?.destroy();
  }
}

describe('Live ticket events: GET /events/stream across api replicas', () => {
  let config: AppConfig;
  let apiA: TestApi;
  let apiB: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    config = await testConfig();
    apiA = await startApi(config);
    apiB = await startApi(config);
    worker = await startWorker(config);
    org = await createOrg(apiA.app);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await worker.close();
    await apiA.close();
    await apiB.close();
  });

  const open = async (api: TestApi, user: TestUser, via: 'header' | 'query' = 'header') => {
    const client =
      via === 'header'
        ? await SseClient.open(api, '/api/v1/events/stream', user.auth)
        : await SseClient.open(api, `/api/v1/events/stream?access_token=${encodeURIComponent(user.token)}`);
    clients.push(client);
    expect(client.status).toBe(200);
    return client;
  };

  it('should push a change made through api A to the clients of api B that may see it, and to no one else', async () => {
    const { tier1A, requesterA, requesterA2, tier1B, supervisor, tier2 } = org.users;
    const tier1 = await open(apiB, tier1A, 'query');
    const requester = await open(apiB, requesterA);
    const otherRequester = await open(apiB, requesterA2);
    const otherPd = await open(apiB, tier1B);
    const boss = await open(apiB, supervisor);
    const dinas = await open(apiB, tier2);
    expect(tier1.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(tier1.headers['x-accel-buffering']).toBe('no');

    const ticket = await fileTicket(apiA, requesterA);
    await waitFor(async () => tier1.of(ticket.id).length > 0, 10_000, 'the Tier 1 technician of PD A');
    expect(tier1.of(ticket.id)[0]).toEqual({
      type: 'ticket.created',
      ticketId: ticket.id,
      unitId: org.pdA.id,
      teamId: null,
      queueClock: { clock: 'response', dueAt: ticket.queueClock.dueAt, state: 'running' },
      row: { status: 'new', priority: ticket.priority, tier: 1, assignee: null, version: ticket.version },
    });
    await waitFor(async () => requester.of(ticket.id).length && boss.of(ticket.id).length, 5000, 'requester');

    // The event says who took it and the new status, so a live row changes without a refetch.
    const claimed = await act(apiA, tier1A, ticket.id, 'claim');
    await waitFor(async () => requester.of(ticket.id).length >= 2, 5000, 'the claim');
    expect(requester.of(ticket.id).at(-1)!.row).toEqual({
      status: 'assigned',
      priority: ticket.priority,
      tier: 1,
      assignee: { id: tier1A.id, name: claimed.assignee.name },
      version: claimed.version,
    });

    // A marker ticket filed in PD B, after the others, proves PD B's technician is listening.
    const marker = await fileTicket(apiA, org.users.requesterB);
    await waitFor(async () => otherPd.of(marker.id).length > 0, 5000, 'the marker');
    expect(otherPd.of(ticket.id)).toEqual([]);
    expect(otherRequester.events).toEqual([]);
    // Not escalated: the Dinas sees nothing of it.
    expect(dinas.of(ticket.id)).toEqual([]);
    expect(tier1.of(marker.id)).toEqual([]);
  });

  it('should carry the queue clock of after each change, as the list would show it', async () => {
    const { tier1A, requesterA } = org.users;
    const tier1 = await open(apiB, tier1A);
    const ticket = await fileTicket(apiA, requesterA);
    const last = () => tier1.of(ticket.id).at(-1)!;
    await waitFor(async () => tier1.of(ticket.id).length > 0, 10_000, 'the filing');
    expect(last().queueClock).toEqual({
      clock: 'response',
      dueAt: ticket.queueClock.dueAt,
      state: 'running',
    });

    // A public reply meets the response clock: the row now runs on the resolution clock.
    await act(apiA, tier1A, ticket.id, 'claim');
    const reply = await apiA.http
      .post(`/api/v1/tickets/${ticket.id}/comments`)
      .set(tier1A.auth)
      .send({ body: 'Sedang kami periksa di lokasi.' });
    expect(reply.status).toBe(201);
    const listed = await apiA.http.get(`/api/v1/tickets/${ticket.id}`).set(tier1A.auth);
    expect(listed.body.queueClock.clock).toBe('resolution');
    await waitFor(async () => last().queueClock?.clock === 'resolution', 10_000, 'the resolution clock');
    expect(last().queueClock).toEqual(listed.body.queueClock);

    // Waiting for the requester pauses it.
    await act(apiA, tier1A, ticket.id, 'pend', { reason: 'Menunggu balasan pelapor' });
    await waitFor(async () => last().queueClock?.state === 'paused', 10_000, 'the paused clock');
    expect(last().queueClock).toEqual({ clock: 'resolution', dueAt: expect.any(String), state: 'paused' });
    expect(last().row).toMatchObject({ status: 'pending', assignee: { id: tier1A.id } });
  });

  it('should reach the Dinas engineers once the ticket is escalated, with the team', async () => {
    const { tier1A, requesterA, tier2 } = org.users;
    const dinas = await open(apiB, tier2);
    const ticket = await fileTicket(apiA, requesterA);
    await act(apiA, tier1A, ticket.id, 'escalate', {
      teamId: org.teams.network,
      reason: 'Butuh penanganan tim jaringan Dinas',
    });
    const escalated = await waitFor(
      async () => dinas.of(ticket.id).find((e) => e.type === 'ticket.escalated'),
      10_000,
      'the escalation',
    );
    expect(escalated.teamId).toBe(org.teams.network);
    expect(dinas.of(ticket.id).map((e) => e.type)).not.toContain('ticket.created');
  });

  it('should refuse a stream without a valid token, and the query token on other routes', async () => {
    const none = await SseClient.open(apiA, '/api/v1/events/stream');
    expect(none.status).toBe(401);
    const forged = await SseClient.open(apiA, '/api/v1/events/stream?access_token=not.a.token');
    expect(forged.status).toBe(401);
    const expired = apiA.app
      .get(JwtService)
      .sign({ sub: org.users.requesterA.id, exp: Math.floor(Date.now() / 1000) - 60 });
    const late = await SseClient.open(apiA, `/api/v1/events/stream?access_token=${expired}`);
    expect(late.status).toBe(401);
    // A bad header is not rescued by a good query token.
    const both = await SseClient.open(
      apiA,
      `/api/v1/events/stream?access_token=${org.users.requesterA.token}`,
      {
        Authorization: 'Bearer garbage',
      },
    );
    expect(both.status).toBe(401);
    const res = await apiA.http.get(`/api/v1/tickets?access_token=${org.users.requesterA.token}`);
    expect(res.status).toBe(401);
  });

  it('should forget a client that went away', async () => {
    const service = apiA.app.get(TicketEventsService);
    const before = service.clientCount;
    const client = await open(apiA, org.users.requesterA);
    expect(service.clientCount).toBe(before + 1);
    client.close();
    await waitFor(async () => service.clientCount === before, 5000, 'the server to drop the client');
  });
});
