import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';

/**
 * The queue lists are prepared statements, planned once per connection and then reused with other
 * callers' parameters (docs/read-path-performance.md). PostgreSQL switches a prepared statement to
 * its cached generic plan after five executions, so each check below repeats the same list more
 * often than that: a plan made for one caller must never answer another caller's rows.
 */
describe('Read path: prepared queue lists keep every caller to their own tickets', () => {
  let api: TestApi;
  let org: TestOrg;
  const filed: Record<string, string[]> = {};
  const ROUNDS = 8;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    const { requesterA, requesterA2, requesterB } = org.users;
    for (const [key, who] of [
      ['A', requesterA],
      ['A2', requesterA2],
      ['B', requesterB],
    ] as const) {
      filed[key] = [];
      for (let i = 0; i < 3; i++)
        filed[key].push((await fileTicket(api, who, { title: `Antrian ${key} ${i}` })).id);
    }
  });
  afterAll(() => api.close());

  const list = async (as: TestUser, query: string) => {
    const res = await api.http.get(`/api/v1/tickets?${query}`).set(as.auth);
    expect(res.status).toBe(200);
    return res.body as {
      items: { id: string; unit: { id: string }; status: string }[];
      nextCursor: string | null;
    };
  };

  it("should show each Tier 1 technician only their PD's open tickets, call after call", async () => {
    const { tier1A, tier1B } = org.users;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [who, unitId, own] of [
        [tier1A, org.pdA.id, [...filed.A, ...filed.A2]],
        [tier1B, org.pdB.id, filed.B],
      ] as const) {
        const page = await list(who, 'sort=due&status=open&limit=25');
        expect(page.items.every((t) => t.unit.id === unitId)).toBe(true);
        expect(page.items.map((t) => t.id).sort()).toEqual([...own].sort());
      }
    }
  });

  it('should show each requester only their own tickets, call after call', async () => {
    const { requesterA, requesterA2 } = org.users;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [who, own] of [
        [requesterA, filed.A],
        [requesterA2, filed.A2],
      ] as const) {
        const page = await list(who, 'sort=created&status=open&limit=25');
        expect(page.items.map((t) => t.id).sort()).toEqual([...own].sort());
      }
    }
  });

  it('should page with its own cursor and filter by a status subset, call after call', async () => {
    const { tier1A } = org.users;
    for (let round = 0; round < ROUNDS; round++) {
      const first = await list(tier1A, 'sort=due&status=open&limit=2');
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toBeTruthy();
      const rest = await list(
        tier1A,
        `sort=due&status=open&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
      );
      const seen = [...first.items, ...rest.items].map((t) => t.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(rest.items.every((t) => t.unit.id === org.pdA.id)).toBe(true);

      const onlyNew = await list(tier1A, 'sort=due&status=new&limit=25');
      expect(onlyNew.items.length).toBe(filed.A.length + filed.A2.length);
      expect(onlyNew.items.every((t) => t.status === 'new')).toBe(true);
      const closed = await list(tier1A, 'sort=due&status=closed,cancelled&limit=25');
      expect(closed.items).toHaveLength(0);
    }
  });
});
