import { AppConfig } from '@desk/config';
import { INestApplicationContext } from '@nestjs/common';
import { IncidentEventsService } from '../../apps/api/src/events/incident-events.service';
import { reportIncident } from '../support/factories/incident.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, testConfig, waitFor } from '../support/harness';
import { SseClient } from '../support/sse-client';

describe('Live security-incident events: GET /events/incidents', () => {
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
    await worker?.close();
    await apiA?.close();
    await apiB?.close();
  });

  const open = async (api: TestApi, user: TestUser, path = '/api/v1/events/incidents', extra = {}) => {
    const client = await SseClient.open(api, path, { ...user.auth, ...extra });
    clients.push(client);
    return client;
  };

  it('should answer 404 to everyone but CSIRT users and supervisors, admins included', async () => {
    for (const who of ['admin', 'tier1A', 'tier2', 'unitHeadA', 'requesterA'] as const) {
      const client = await open(apiB, org.users[who]);
      expect(client.status).toBe(404);
      expect(client.body).toContain('"status":404');
    }
    // EventSource sends the token in the query: the same rule applies.
    const viaQuery = await SseClient.open(
      apiB,
      `/api/v1/events/incidents?access_token=${encodeURIComponent(org.users.tier1A.token)}`,
      {},
    );
    expect(viaQuery.status).toBe(404);
    expect(apiB.app.get(IncidentEventsService).clientCount).toBe(0);
  });

  it('should push a report made on api A to the CSIRT and supervisor streams of api B, and never to the ticket streams', async () => {
    const { csirt, supervisor, requesterA, tier1A, tier2, admin } = org.users;
    const csirtStream = await SseClient.open(
      apiB,
      `/api/v1/events/incidents?access_token=${encodeURIComponent(csirt.token)}`,
      {},
    );
    clients.push(csirtStream);
    expect(csirtStream.status).toBe(200);
    // As a browser asks: compressed answers welcome. The stream must still flush event by event.
    const bossStream = await open(apiB, supervisor, undefined, { 'Accept-Encoding': 'gzip, br' });
    expect(bossStream.status).toBe(200);
    expect(bossStream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(bossStream.headers['content-encoding']).toBeUndefined();
    // The people of the PD (the reporter's own Tier 1, the reporter, the Dinas) on their ticket streams.
    const ticketStreams = await Promise.all(
      [requesterA, tier1A, tier2, admin].map((u) => open(apiB, u, '/api/v1/events/stream')),
    );
    ticketStreams.forEach((s) => expect(s.status).toBe(200));

    const started = Date.now();
    const incident = await reportIncident(apiA, requesterA, { title: 'Ransomware di server PD A' });
    await waitFor(async () => csirtStream.about(incident.id).length > 0, 10_000, 'the CSIRT stream');
    console.log(`report -> CSIRT live event: ${Date.now() - started} ms`);
    expect(csirtStream.about(incident.id)[0]).toEqual({
      event: 'incident',
      id: expect.stringMatching(/^\d+$/),
      data: { type: 'incident.reported', incidentId: incident.id },
    });
    await waitFor(async () => bossStream.about(incident.id).length > 0, 5000, 'the supervisor stream');

    // Every change reaches the workspace, not only the phase changes.
    await apiA.http
      .post(`/api/v1/incidents/${incident.id}/indicators`)
      .set(csirt.auth)
      .send({ type: 'ipv4', value: '203.0.113.7' })
      .expect(201);
    await waitFor(async () => csirtStream.about(incident.id).length >= 2, 5000, 'the indicator');
    expect(csirtStream.about(incident.id)[1].data.type).toBe('incident.updated');

    // A ticket filed after the report proves the ticket streams were listening all along.
    const marker = await fileTicket(apiA, requesterA);
    await waitFor(
      async () => ticketStreams.slice(0, 2).every((s) => s.frames.some((f) => f.data.ticketId === marker.id)),
      10_000,
      'the marker ticket',
    );
    for (const s of ticketStreams) {
      expect(s.frames.every((f) => f.event === 'ticket')).toBe(true);
      expect(JSON.stringify(s.frames)).not.toContain(incident.id);
    }
  });

  it('should replay what a CSIRT client missed while disconnected, once, after its last event id', async () => {
    const { csirt, requesterB } = org.users;
    const first = await open(apiA, csirt);
    const watcher = await open(apiA, org.users.supervisor);
    const incident = await reportIncident(apiA, requesterB, { severity: 'critical' });
    await waitFor(async () => first.about(incident.id).length > 0, 10_000, 'the report');
    const lastSeen = first.frames.at(-1)!.id!;
    first.close();
    // Offline: two changes happen.
    await apiA.http
      .post(`/api/v1/incidents/${incident.id}/phase`)
      .set(csirt.auth)
      .send({ phase: 'triage', note: 'Mulai triase' })
      .expect(200);
    await apiA.http
      .put(`/api/v1/incidents/${incident.id}/tlp`)
      .set(csirt.auth)
      .send({ tlp: 'red' })
      .expect(200);
    // Both went out live while the client was away (the supervisor's stream got them).
    await waitFor(async () => watcher.about(incident.id).length >= 3, 10_000, 'the live events');
    // Back, as a browser's EventSource reconnects: with Last-Event-ID.
    const again = await open(apiB, csirt, undefined, { 'Last-Event-ID': lastSeen });
    expect(again.status).toBe(200);
    await waitFor(async () => again.about(incident.id).length >= 2, 10_000, 'the replay');
    await new Promise((r) => setTimeout(r, 500));
    expect(again.about(incident.id).map((f) => f.data.type)).toEqual([
      'incident.phase_changed',
      'incident.updated',
    ]);
    const ids = again.frames.map((f) => BigInt(f.id!));
    expect(ids.every((id, i) => id > BigInt(lastSeen) && (i === 0 || id > ids[i - 1]))).toBe(true);
    // A Last-Event-ID that is no outbox id is a fresh start, not an error.
    const odd = await open(apiB, csirt, undefined, { 'Last-Event-ID': "1; DROP TABLE x'" });
    expect(odd.status).toBe(200);
  });
});
