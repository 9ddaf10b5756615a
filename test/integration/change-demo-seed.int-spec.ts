import { startApi, TestApi, testConfig, waitFor } from '../support/harness';

describe('Demo seed: changes and problems', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(await testConfig({ DEMO_SEED: 'true' }));
  });
  afterAll(() => api?.close());

  it('should hold a change scheduled this week, an emergency awaiting approval and a known error with tickets', async () => {
    const changes: { type: string; phase: string; approval: string; days: number }[] = await waitFor(
      async () => {
        const rows = await api.dataSource.query(
          `SELECT type, phase, approval_status AS approval,
                  extract(epoch FROM planned_start - now()) / 86400 AS days
             FROM change_request ORDER BY type`,
        );
        return rows.length === 2 ? rows : null;
      },
      60_000,
      'the seeded changes',
    );
    expect(changes[0]).toMatchObject({ type: 'emergency', phase: 'implementation', approval: 'pending' });
    expect(changes[1]).toMatchObject({ type: 'normal', phase: 'development', approval: 'approved' });
    expect(Number(changes[1].days)).toBeLessThan(7);
    const [problem] = await api.dataSource.query(
      `SELECT p.status, count(pt.ticket_id)::int AS tickets FROM problem p
         JOIN problem_ticket pt ON pt.problem_id = p.id GROUP BY p.id`,
    );
    expect(problem.status).toBe('known_error');
    expect(problem.tickets).toBeGreaterThan(0);
  });
});
