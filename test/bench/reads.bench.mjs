// The desk's hot reads over 1,000,000 tickets at 8 and 32 connections (test/bench/README.md): the
// queue views of bench:queue (GET /api/v1/tickets?sort=due&status=open&limit=25, pages 1 and 2 as a
// Tier 1 technician and as the supervisor) and GET /api/v1/tickets/{id}. Per view and connection
// count: req/s, p50/p95/p99, the api's CPU per request, PostgreSQL's planning and execution time per
// request (pg_stat_statements deltas), the api's peak RSS, and `pgbench -S` as the machine's
// calibration in the same sitting.
//
//   node test/bench/reads.bench.mjs [--runs 1] [--tickets 1000000] [--duration 5] [--warmup 2]
//     [--pgbench 10]
//
// BENCH_COMPARE_DIST=/path/to/other/dist first measures another build's api on the same seeded
// database (the api is restarted in between), then this one: a before/after in one sitting.
// BENCH_API_PROCESSES=1,2 measures this build with each number of api processes (API_PROCESSES).
// BENCH_PG_TRANSPORTS=tcp,socket measures this build with PostgreSQL over loopback TCP, then over its
// Unix socket (the default; BENCH_PG_TCP=1 makes TCP the default).
// With several processes the api's CPU and RSS are the sums over the primary and its processes,
// and each process's share is printed too.
import {
  apiPids,
  assertAlive,
  connectDb,
  costLine,
  enablePgStatStatements,
  fmt,
  login,
  main,
  median,
  meterRequests,
  parseOptions,
  PG_STAT_FLAGS,
  printTable,
  restartApi,
  runAutocannon,
  sampleRss,
  seedTickets,
  startStack,
  summarise,
  verdict,
} from './lib.mjs';
import { calibrationLine, pgbenchCalibration } from './pg-insight.mjs';

const TARGET = {
  queue: { connections: 8, p95: 20, rps: 2000 },
  byId: { connections: 32, p99: 50, rps: 3000 },
  rssMb: 300,
};
const opts = parseOptions({ runs: 1, tickets: 1_000_000, duration: 5, warmup: 2, pgbench: 10 });
const QUERY = 'sort=due&status=open&limit=25';
const CONNECTIONS = [8, 32];

await main(async () => {
  console.log(
    `# bench: reads over ${opts.tickets.toLocaleString('en')} tickets: queue views and GET /tickets/{id}, ` +
      `${opts.runs} run(s) of ${opts.duration} s autocannon (after ${opts.warmup} s warm-up) at ` +
      `${CONNECTIONS.join(' and ')} connections per view`,
  );
  const stack = await startStack({ name: 'reads', pgFlags: PG_STAT_FLAGS });
  const { db, end } = await connectDb(stack.databaseUrl);
  const pgStat = await enablePgStatStatements(db);
  await seedTickets(db, opts.tickets);

  const calibration = await pgbenchCalibration(stack, { seconds: opts.pgbench });
  console.log(`calibration: pgbench -S ${opts.pgbench} s each: ${calibrationLine(calibration)}`);

  const builds = [];
  if (process.env.BENCH_COMPARE_DIST) builds.push({ label: 'compare', dist: process.env.BENCH_COMPARE_DIST });
  // BENCH_API_PROCESSES=1,2 measures this build once per api process count (API_PROCESSES).
  const counts = (process.env.BENCH_API_PROCESSES ?? '').split(',').filter(Boolean);
  // BENCH_PG_TRANSPORTS=tcp,socket measures this build once per way to reach PostgreSQL.
  const transports = (process.env.BENCH_PG_TRANSPORTS ?? '').split(',').filter(Boolean);
  for (const t of transports) {
    const url = t === 'tcp' ? stack.pg.urlFor('bench') : stack.pg.socketUrlFor('bench');
    builds.push({ label: `this build, PostgreSQL over ${t}`, dist: stack.dist, env: { DATABASE_URL: url } });
  }
  if (!counts.length && !transports.length) builds.push({ label: 'this build', dist: stack.dist });
  for (const n of counts)
    builds.push({ label: `this build, API_PROCESSES=${n}`, dist: stack.dist, env: { API_PROCESSES: n } });
  const results = [];
  const baseEnv = { ...stack.env };
  for (const [i, build] of builds.entries()) {
    const env = { ...baseEnv, ...build.env };
    if (i > 0 || build.dist !== stack.dist || build.env) {
      stack.env = env;
      await restartApi(stack, build.dist);
    }
    console.log(`\n## ${build.label} (${build.dist})`);
    const views = await buildViews(stack.baseUrl);
    const runs = [];
    for (let run = 1; run <= opts.runs; run++) {
      console.log(`run ${run}/${opts.runs}`);
      const rss = sampleRss({ api: () => apiPids(stack) });
      const r = {};
      for (const view of views) {
        for (const connections of CONNECTIONS) {
          const base = { ...view.cannon, connections, timeout: 10 };
          await runAutocannon({ ...base, duration: opts.warmup });
          const meter = await meterRequests(stack, pgStat ? db : null);
          const cannon = await runAutocannon({ ...base, duration: opts.duration });
          const done = cannon.result.requests.total;
          const cost = await meter.stop(done);
          const lat = summarise(cannon.latencies);
          const bad = cannon.result.non2xx + cannon.result.errors + cannon.result.timeouts;
          const key = `${view.name} @${connections}`;
          r[key] = { rps: done / opts.duration, lat, bad, cost };
          console.log(
            `  ${key.padEnd(34)} ${fmt(done / opts.duration, 0)} req/s, p50 ${fmt(lat.p50)} / p95 ${fmt(lat.p95)} / ` +
              `p99 ${fmt(lat.p99)} ms, non-2xx+errors ${bad} | ${costLine(cost)}`,
          );
          for (const t of cost.top)
            console.log(
              `  ${''.padEnd(34)} ${fmt(t.calls / done, 2)} calls/req, ${fmt(t.plans / done, 2)} plans/req, ` +
                `plan ${fmt(t.plan / t.calls, 3)} + exec ${fmt(t.exec / t.calls, 3)} ms/call: ${t.query}`,
            );
        }
      }
      assertAlive(stack);
      const memory = rss.stop();
      r.apiRss = memory.peak.api;
      r.apiRssPerProcess = memory.perPid.api;
      const each = Object.entries(memory.perPid.api);
      console.log(
        `  peak RSS api ${fmt(r.apiRss, 0)} MB` +
          (each.length > 1
            ? ` in total (${each.map(([pid, mb]) => `${pid === String(stack.api.pid) ? 'primary ' : ''}${pid}: ${fmt(mb, 0)}`).join(', ')} MB)`
            : ''),
      );
      runs.push(r);
    }
    results.push({ build, views, runs });
  }

  for (const { build, views, runs } of results) {
    const med = (key, pick) => median(runs.map((r) => pick(r[key])));
    console.log(`\n## ${build.label}: median of ${runs.length} run(s)`);
    const rows = [
      [
        'view',
        'conns',
        'req/s',
        'p50',
        'p95',
        'p99',
        'target',
        'api CPU ms/req',
        'PG plan ms/req',
        'PG exec ms/req',
        'stmts/req',
      ],
    ];
    for (const view of views) {
      for (const c of CONNECTIONS) {
        const key = `${view.name} @${c}`;
        const rps = med(key, (x) => x.rps);
        const p95 = med(key, (x) => x.lat.p95);
        const p99 = med(key, (x) => x.lat.p99);
        const bad = runs.reduce((a, r) => a + r[key].bad, 0);
        const t = TARGET[view.kind];
        let target = '';
        if (t.connections === c) {
          const ok = bad === 0 && rps >= t.rps && (t.p95 ? p95 < t.p95 : p99 < t.p99);
          target = `${verdict(ok)} (${t.p95 ? `p95 < ${t.p95}` : `p99 < ${t.p99}`}, >= ${t.rps}/s)`;
        }
        rows.push([
          view.name,
          c,
          fmt(rps, 0),
          fmt(med(key, (x) => x.lat.p50)),
          fmt(p95),
          fmt(p99),
          target,
          fmt(
            med(key, (x) => x.cost.cpuMs),
            2,
          ),
          fmt(
            med(key, (x) => x.cost.planMs),
            3,
          ),
          fmt(
            med(key, (x) => x.cost.execMs),
            3,
          ),
          fmt(
            med(key, (x) => x.cost.statements),
            2,
          ),
        ]);
      }
    }
    printTable(rows);
    const rss = median(runs.map((r) => r.apiRss));
    const processes = runs.at(-1).apiRssPerProcess ?? {};
    const biggest = Math.max(...Object.values(processes));
    // The target is per api process: with several, the largest one is judged (the sum is printed).
    const several = Object.keys(processes).length > 1;
    const judged = several ? biggest : rss;
    console.log(
      `api peak RSS ${fmt(rss, 0)} MB${
        several
          ? ` in total over ${Object.keys(processes).length} processes (primary included; largest one ${fmt(biggest, 0)} MB)`
          : ''
      }, target < ${TARGET.rssMb} MB per process: ${verdict(judged < TARGET.rssMb)}`,
    );
  }
  console.log(`\ncalibration of this sitting: pgbench -S ${calibrationLine(calibration)}`);
  console.log(
    'api CPU = utime+stime of the api process / requests served; PG plan/exec = pg_stat_statements ' +
      'total_plan_time / total_exec_time deltas of the bench database / requests (the worker’s few ' +
      'statements included). The box is shared: compare CPU per request rather than req/s.',
  );
  await end();
  return 0;
});

/** Logs in and builds the measured requests: queue pages 1 and 2, tickets by id (25 of the page). */
async function buildViews(baseUrl) {
  const views = [];
  for (const [who, email] of [
    ['tier1', 'tier1@demo.go.id'],
    ['supervisor', 'supervisor@demo.go.id'],
  ]) {
    const token = await login(baseUrl, email);
    const headers = { authorization: `Bearer ${token}` };
    const first = await getJson(`${baseUrl}/api/v1/tickets?${QUERY}`, headers);
    if (first.items.length !== 25 || !first.nextCursor)
      throw new Error(`${who}: page 1 has ${first.items.length} items and no nextCursor`);
    const page2 = `${baseUrl}/api/v1/tickets?${QUERY}&cursor=${encodeURIComponent(first.nextCursor)}`;
    const second = await getJson(page2, headers);
    if (second.items.length !== 25) throw new Error(`${who}: page 2 has ${second.items.length} items`);
    views.push({
      name: `queue ${who} p1`,
      kind: 'queue',
      cannon: { url: `${baseUrl}/api/v1/tickets?${QUERY}`, headers },
    });
    views.push({ name: `queue ${who} p2`, kind: 'queue', cannon: { url: page2, headers } });
    // GET /tickets/{id} over the 25 tickets of page 1, round robin.
    const ids = first.items.map((t) => t.id);
    await getJson(`${baseUrl}/api/v1/tickets/${ids[0]}`, headers);
    views.push({
      name: `ticket by id ${who}`,
      kind: 'byId',
      cannon: {
        url: baseUrl,
        headers,
        requests: ids.map((id) => ({ method: 'GET', path: `/api/v1/tickets/${id}` })),
      },
    });
  }
  return views;
}

async function getJson(url, headers) {
  const res = await fetch(url, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${body}`);
  return JSON.parse(body);
}
