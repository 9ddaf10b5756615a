import { approve, fileChange, movePhase } from '../support/factories/change.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi, testConfig } from '../support/harness';

/**
 * The change and problem lists share one list query: the caller's scope, the filters, and the
 * search box, which finds a record by its exact number (any case) or by a piece of its title, and
 * takes `%`, `_` and `\` as the characters they are, never as wildcards.
 */
describe('Change and problem lists: search box and filters', () => {
  let api: TestApi;
  let org: TestOrg;
  // A mark of this run, so records other suites write into the same database never confuse a check.
  const mark = `r${Date.now().toString(36)}`;

  beforeAll(async () => {
    api = await startApi(await testConfig());
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    await api?.close();
  });

  type Item = { id: string; number: string; title: string };
  const list = async (path: string, as: TestUser, query: Record<string, string>): Promise<Item[]> => {
    const res = await api.http.get(path).query(query).set(as.auth);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const ids = (items: Item[]) => items.map((i) => i.id);

  it('should find changes by number or title, take % and _ literally, and filter by type and approval', async () => {
    const { tier1A, supervisor } = org.users;
    const percent = await fileChange(api, tier1A, { title: `Kapasitas 100% server ${mark}` });
    const underscore = await fileChange(api, tier1A, { title: `Ganti switch_lama ${mark}` });
    const plain = await fileChange(api, tier1A, {
      title: `Migrasi Surel ${mark}`,
      type: 'emergency',
    });
    const changes = (q: Record<string, string>) => list('/api/v1/changes', supervisor, q);

    expect(ids(await changes({ q: mark }))).toEqual([plain.id, underscore.id, percent.id]);
    expect(ids(await changes({ q: plain.number.toLowerCase() }))).toEqual([plain.id]);
    expect(ids(await changes({ q: `surel ${mark.toUpperCase()}` }))).toEqual([plain.id]);

    const byPercent = await changes({ q: '%' });
    expect(ids(byPercent)).toContain(percent.id);
    expect(ids(byPercent)).not.toContain(plain.id);
    expect(byPercent.every((c) => c.title.includes('%'))).toBe(true);
    const byUnderscore = await changes({ q: '_' });
    expect(ids(byUnderscore)).toContain(underscore.id);
    expect(ids(byUnderscore)).not.toContain(percent.id);
    expect(byUnderscore.every((c) => c.title.includes('_'))).toBe(true);

    expect(ids(await changes({ q: mark, type: 'emergency' }))).toEqual([plain.id]);
    expect(ids(await changes({ q: mark, limit: '1' }))).toEqual([plain.id]);

    // The approval queue: only changes waiting for a decision, the longest waiting first.
    await movePhase(api, tier1A, underscore.id, 'analysis');
    await movePhase(api, tier1A, underscore.id, 'approval');
    await movePhase(api, tier1A, percent.id, 'analysis');
    await movePhase(api, tier1A, percent.id, 'approval');
    expect(ids(await changes({ q: mark, approval: 'pending' }))).toEqual([underscore.id, percent.id]);
    await movePhase(api, supervisor, underscore.id, 'development', approve);
    expect(ids(await changes({ q: mark, approval: 'pending' }))).toEqual([percent.id]);
    expect(ids(await changes({ q: mark, phase: 'development' }))).toEqual([underscore.id]);
  });

  it('should find problems by number or title, take % literally, and filter by status and ticket', async () => {
    const { supervisor, requesterA, tier1B } = org.users;
    const ticket = await fileTicket(api, requesterA, { title: `Printer macet ${mark}` });
    const create = async (title: string, extra: Record<string, unknown> = {}) => {
      const res = await api.http
        .post('/api/v1/problems')
        .set(supervisor.auth)
        .send({ title, description: 'Banyak laporan dengan gejala yang sama.', ...extra });
      expect(res.status).toBe(201);
      return res.body as Item & { version: number };
    };
    const percent = await create(`Printer 50% gagal ${mark}`, { ticketIds: [ticket.id] });
    const plain = await create(`Server lambat ${mark}`);
    const problems = (q: Record<string, string>, as = supervisor) => list('/api/v1/problems', as, q);

    expect(ids(await problems({ q: mark }))).toEqual([plain.id, percent.id]);
    expect(ids(await problems({ q: percent.number.toLowerCase() }))).toEqual([percent.id]);
    const byPercent = await problems({ q: '%' });
    expect(ids(byPercent)).toContain(percent.id);
    expect(ids(byPercent)).not.toContain(plain.id);
    expect(byPercent.every((p) => p.title.includes('%'))).toBe(true);

    expect(ids(await problems({ ticketId: ticket.id }))).toEqual([percent.id]);
    const moved = await api.http
      .post(`/api/v1/problems/${plain.id}/status`)
      .set(supervisor.auth)
      .send({ status: 'investigating' });
    expect(moved.status).toBe(200);
    expect(ids(await problems({ q: mark, status: 'investigating' }))).toEqual([plain.id]);
    expect(ids(await problems({ q: mark, status: 'open' }))).toEqual([percent.id]);
    // The scope comes first: PD B's agents see neither (no ticket of their PD is linked).
    expect(await problems({ q: mark }, tier1B)).toEqual([]);
  });
});
