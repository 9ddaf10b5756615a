import { preparedQuery } from '@desk/database';
import { KB_SEARCH_POOL_SIZE, KbSearchPool } from '@desk/knowledge';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { countOf, sqlRows } from '../support/db';
import { startApi, TestApi } from '../support/harness';

/**
 * Search and suggest run on connections of their own, whose sessions keep one (generic) plan per
 * statement instead of planning every call: the hits stay the same, the connections stay few, and
 * the searches go on when PostgreSQL drops those connections.
 */
describe('Knowledge-base search connections', () => {
  let api: TestApi;
  let org: TestOrg;
  const kb = (path: string) => `/api/v1/kb${path}`;
  const searchConnections = () =>
    countOf(
      api.dataSource,
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE '%kb-search'`,
    );

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    const sup = org.users.supervisor.auth;
    for (const title of [
      'Printer tidak bisa mencetak dokumen',
      'Printer bersama tidak terdeteksi',
      'Wi-Fi kantor sering terputus',
      'Cara mengonfigurasi VPN dinas',
    ]) {
      const created = await api.http
        .post(kb('/articles'))
        .set(sup)
        .send({ title, body: `${title}. Ikuti langkah berikut.`, kind: 'howto', visibility: 'public' });
      expect(created.status).toBe(201);
      expect((await api.http.post(kb(`/articles/${created.body.id}/submit`)).set(sup)).status).toBe(200);
      expect((await api.http.post(kb(`/articles/${created.body.id}/publish`)).set(sup)).status).toBe(200);
    }
  });

  afterAll(() => api?.close());

  const titles = async (path: string) => {
    const res = await api.http.get(kb(path)).set(org.users.requesterA.auth);
    expect(res.status).toBe(200);
    return (res.body.items as { title: string }[]).map((i) => i.title);
  };

  it('gives the same hits on every call, whatever the words of the calls before', async () => {
    const first = {
      printer: await titles('/search?q=printer'),
      vpn: await titles('/search?q=mengonfigurasi%20vpn'),
      suggest: await titles('/suggest?q=printer%20tidak%20bi'),
      typo: await titles('/search?q=pinter'),
    };
    expect(first.printer).toHaveLength(2);
    expect(first.vpn).toEqual(['Cara mengonfigurasi VPN dinas']);
    expect(first.suggest[0]).toBe('Printer tidak bisa mencetak dokumen');
    expect(first.typo).toContain('Printer tidak bisa mencetak dokumen');
    // PostgreSQL would switch a prepared statement to its generic plan after five calls; these
    // sessions use it from the first, so ten rounds of alternating words must not change a hit.
    for (let round = 0; round < 10; round++) {
      expect(await titles('/search?q=printer')).toEqual(first.printer);
      expect(await titles('/search?q=mengonfigurasi%20vpn')).toEqual(first.vpn);
      expect(await titles('/suggest?q=printer%20tidak%20bi')).toEqual(first.suggest);
      expect(await titles('/search?q=pinter')).toEqual(first.typo);
    }
    const pool = api.app.get(KbSearchPool).get();
    const [setting] = await preparedQuery<{ mode: string }>(
      pool,
      `SELECT current_setting('plan_cache_mode') AS mode`,
      [],
    );
    expect(setting.mode).toBe('force_generic_plan');
  });

  it('keeps at most a few connections for searches however many arrive at once', async () => {
    const all = await Promise.all(Array.from({ length: 24 }, () => titles('/suggest?q=wifi%20sering')));
    expect(new Set(all.map((t) => t.join('|')))).toEqual(new Set(['Wi-Fi kantor sering terputus']));
    const n = await searchConnections();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(KB_SEARCH_POOL_SIZE);
  });

  it('searches on after PostgreSQL drops the search connections', async () => {
    await sqlRows(
      api.dataSource,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE '%kb-search'`,
    );
    // The pool notices the closed sockets and opens new connections for the next search.
    await new Promise((r) => setTimeout(r, 100));
    expect(await titles('/search?q=printer')).toHaveLength(2);
    expect(await titles('/suggest?q=vpn')).toEqual(['Cara mengonfigurasi VPN dinas']);
  });
});
