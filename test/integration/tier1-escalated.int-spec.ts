import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';

/** The PD's Tier 1 desk keeps talking to its staff after a ticket went to a Tier 2 team. */
describe('Tier 1 on its PD’s escalated tickets', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  async function escalated() {
    const { requesterA, tier1A } = org.users;
    const t = await fileTicket(api, requesterA, { categoryId: org.categories.network });
    await act(api, tier1A, t.id, 'claim');
    await act(api, tier1A, t.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
    return t;
  }
  const post = (as: { auth: Record<string, string> }, id: string, body: object) =>
    api.http.post(`/api/v1/tickets/${id}/comments`).set(as.auth).send(body);

  it('should let the PD’s Tier 1 add internal notes and public replies, and not another PD', async () => {
    const { tier1A2, tier1B, requesterA, tier2 } = org.users;
    const t = await escalated();
    expect(
      (await post(tier1A2, t.id, { body: 'Sudah kami telepon, menunggu Dinas.', internal: true })).status,
    ).toBe(201);
    expect((await post(tier1A2, t.id, { body: 'Tiket Anda sedang ditangani tim Dinas.' })).status).toBe(201);
    expect((await post(tier1B, t.id, { body: 'Bukan PD saya' })).status).toBe(404);

    // The requester sees the reply, not the note; Tier 2 sees both.
    const seen = await api.http.get(`/api/v1/tickets/${t.id}/comments`).set(requesterA.auth).expect(200);
    expect(seen.body.map((c: { body: string }) => c.body)).toEqual([
      'Tiket Anda sedang ditangani tim Dinas.',
    ]);
    const team = await api.http.get(`/api/v1/tickets/${t.id}/comments`).set(tier2.auth).expect(200);
    expect(team.body).toHaveLength(2);

    // A public reply is the first response the requester sees; the Tier 2 pick-up clock keeps running.
    const view = await api.http.get(`/api/v1/tickets/${t.id}`).set(requesterA.auth).expect(200);
    expect(view.body.tier).toBe(2);
    expect(view.body.sla.response.metAt).not.toBeNull();
    expect(view.body.sla.tier2Response.metAt).toBeNull();
  });

  it('should still refuse Tier 1 the Tier 2 team’s actions on it', async () => {
    const { tier1A } = org.users;
    const t = await escalated();
    const claim = await api.http.post(`/api/v1/tickets/${t.id}/claim`).set(tier1A.auth).send({});
    expect(claim.status).toBe(403);
    const resolve = await api.http
      .post(`/api/v1/tickets/${t.id}/resolve`)
      .set(tier1A.auth)
      .send({ resolution: 'Coba selesaikan dari Tier 1' });
    expect(resolve.status).toBe(403);
  });

  it('should write each history line in the reader’s language, never raw action names', async () => {
    const { tier1A, tier1A2, tier2 } = org.users;
    const t = await escalated();
    await act(api, tier2, t.id, 'claim');
    await act(api, tier2, t.id, 'return', { notes: 'Perangkat di lokasi, cek kabel dulu' });
    const id = (await api.http.get(`/api/v1/tickets/${t.id}/history`).set(tier1A.auth).expect(200)).body;
    const returned = id.find((e: { action: string }) => e.action === 'returned');
    expect(returned.text).toMatch(/^.+ mengembalikan tiket ke Tier 1 · /);
    expect(returned.text).toContain('Perangkat di lokasi, cek kabel dulu');
    for (const line of id) expect(line.text).not.toMatch(/: (returned|escalated|claim)\b/);
    await api.http.patch('/api/v1/users/me/preferences').set(tier1A2.auth).send({ locale: 'en' }).expect(200);
    const en = (await api.http.get(`/api/v1/tickets/${t.id}/history`).set(tier1A2.auth).expect(200)).body;
    expect(en.find((e: { action: string }) => e.action === 'returned').text).toContain(
      'returned the ticket to Tier 1',
    );
    expect(en.find((e: { action: string }) => e.action === 'escalated').text).toContain(
      'escalated the ticket to the Dinas',
    );
  });
});
