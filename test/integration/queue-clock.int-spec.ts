import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';
import { sqlExecute } from '../support/db';

/** The queue clock every ticket of a list carries: which clock, its due time and its state. */
describe('Queue clock in lists', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api.close());

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
  const hoursAhead = (h: number) => new Date(Date.now() + h * 3600_000);

  /** Moves a clock's due time (and the ticket's queue key, as the SLA engine keeps it). */
  async function setClock(id: string, clock: string, dueAt: Date, extra: Record<string, Date | null> = {}) {
    const sets = Object.keys(extra).map((k, i) => `${k} = $${i + 4}`);
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_clock SET due_at = $3${sets.length ? ', ' + sets.join(', ') : ''} WHERE ticket_id = $1 AND clock = $2`,
      [id, clock, dueAt, ...Object.values(extra)],
    );
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket t SET queue_due_at = COALESCE((SELECT min(due_at) FROM ticket_sla_clock k
          WHERE k.ticket_id = t.id AND k.met_at IS NULL AND k.stopped_at IS NULL AND k.paused_at IS NULL), 'infinity')
        WHERE t.id = $1 AND t.status NOT IN ('pending', 'resolved', 'closed', 'cancelled')`,
      [id],
    );
  }
  const reply = (id: string) =>
    api.http
      .post(`/api/v1/tickets/${id}/comments`)
      .set(org.users.tier1B.auth)
      .send({ body: 'Sedang kami periksa.' })
      .expect(201);

  it('should name the clock, and show a breached resolution as breached even when the response was met', async () => {
    const { requesterB, tier1B } = org.users;
    // Running: filed now, nothing met: the response clock.
    const fresh = await fileTicket(api, requesterB, { title: 'Monitor berkedip di loket' });
    // Response met, resolution overdue by three hours (the "sisa 19 j" ticket).
    const late = await fileTicket(api, requesterB, { title: 'Aplikasi kepegawaian lambat' });
    await act(api, tier1B, late.id, 'claim');
    await reply(late.id);
    await setClock(late.id, 'resolution', hoursAgo(3));
    // Response overdue and recorded as breached.
    const missed = await fileTicket(api, requesterB, { title: 'Surel tidak terkirim sejak pagi' });
    await setClock(missed.id, 'response', hoursAgo(1), { breached_at: hoursAgo(1) });
    // Pending: paused.
    const waiting = await fileTicket(api, requesterB, { title: 'Menunggu lisensi kantor baru' });
    await act(api, tier1B, waiting.id, 'claim');
    await reply(waiting.id);
    await act(api, tier1B, waiting.id, 'pend', { reason: 'Menunggu lisensi dari vendor' });
    // Resolved in time: met.
    const done = await fileTicket(api, requesterB, { title: 'Ganti toner printer ruang rapat' });
    await act(api, tier1B, done.id, 'claim');
    await act(api, tier1B, done.id, 'resolve', { resolution: 'Toner sudah diganti' });

    const list = await api.http.get('/api/v1/tickets?limit=50').set(tier1B.auth).expect(200);
    const byId = new Map(list.body.items.map((t: { id: string }) => [t.id, t]));
    const clockOf = (id: string) => (byId.get(id) as { queueClock: Record<string, string> }).queueClock;
    expect(clockOf(fresh.id)).toMatchObject({ clock: 'response', state: 'running' });
    expect(clockOf(fresh.id).dueAt).toBe(fresh.sla.response.dueAt);
    expect(clockOf(late.id)).toMatchObject({ clock: 'resolution', state: 'breached' });
    expect(clockOf(missed.id)).toMatchObject({ clock: 'response', state: 'breached' });
    expect(clockOf(waiting.id)).toMatchObject({ clock: 'resolution', state: 'paused' });
    expect(clockOf(done.id)).toMatchObject({ clock: 'resolution', state: 'met' });

    // "Breached only" lists exactly the breached ones, each showing as breached.
    const breached = await api.http.get('/api/v1/tickets?breached=true').set(tier1B.auth).expect(200);
    const ids = breached.body.items.map((t: { id: string }) => t.id).sort();
    expect(ids).toEqual([late.id, missed.id].sort());
    for (const t of breached.body.items) expect(t.queueClock.state).toBe('breached');

    // The single ticket carries it too.
    const one = await api.http.get(`/api/v1/tickets/${late.id}`).set(tier1B.auth).expect(200);
    expect(one.body.queueClock).toMatchObject({ clock: 'resolution', state: 'breached' });
  });

  it('should order an escalated, unclaimed ticket by the Tier 2 pick-up clock', async () => {
    const { requesterA, tier1A, tier2 } = org.users;
    const t = await fileTicket(api, requesterA, { categoryId: org.categories.network });
    await act(api, tier1A, t.id, 'claim');
    await api.http
      .post(`/api/v1/tickets/${t.id}/comments`)
      .set(tier1A.auth)
      .send({ body: 'Kami teruskan ke Dinas.' })
      .expect(201);
    await act(api, tier1A, t.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
    await setClock(t.id, 'tier2_response', hoursAhead(1));
    await setClock(t.id, 'resolution', hoursAhead(30));
    const view = await api.http.get(`/api/v1/tickets?status=new`).set(tier2.auth).expect(200);
    const row = view.body.items.find((x: { id: string }) => x.id === t.id);
    expect(row.queueClock).toMatchObject({ clock: 'tier2_response', state: 'running' });
  });
});
