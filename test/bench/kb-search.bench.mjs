// Knowledge-base search and suggest over 50,000 published Indonesian articles: p95 < 30 ms for
// GET /api/v1/kb/search, < 15 ms for GET /api/v1/kb/suggest (the report form calls it on every
// pause in typing). Seeds the articles once with SQL, then per endpoint: sequential requests over a
// set of queries (exact percentiles) and autocannon at 8 connections. Beside each HTTP figure, the
// time PostgreSQL spent planning and running the endpoint's statement per request (from
// pg_stat_statements), so what the api adds is visible; and `pgbench -S` before and after, so the
// figures can be read against what the shared machine delivered in the same sitting.
//
//   node test/bench/kb-search.bench.mjs [--articles 50000] [--requests 300] [--warmup 30] [--cannon 10]
//     [--cannon-warmup 15] [--explain] [--skip-pgbench]
//
// --cannon-warmup: seconds of the same 8-connection load, unmeasured, before each measured one. The
// figures are those of a running desk: a freshly started api process spends about twice the CPU per
// search in its first seconds under load and settles after 10-20 s (V8 optimising the hot code; see
// docs/knowledge-base.md, "Warm-up"), so a short warm-up measures the start, not the desk.
//
// --explain prints EXPLAIN (ANALYZE, BUFFERS) of every measured search and suggestion, as the api
// sent it (auto_explain), with its parameters.
//
// BENCH_COMPARE_DIST=/path/to/other/dist first measures another build's api on the same seeded
// database (the api is restarted in between), then this one: a before/after in one sitting. The
// other build must not need migrations this one lacks.
//
// The articles come from ./kb-articles.mjs (varied titles, a skewed vocabulary of Indonesian IT
// words); the queries include a word in one article in ten ("printer") and rare ones.
import {
  apiPids,
  assertAlive,
  connectDb,
  cpuLine,
  cpuSeconds,
  enablePgStatStatements,
  fmt,
  login,
  main,
  parseOptions,
  PG_STAT_FLAGS,
  printTable,
  restartApi,
  runAutocannon,
  sampleCpu,
  startStack,
  summarise,
  verdict,
} from './lib.mjs';
import { KB_SEARCHES as SEARCHES, seedArticles } from './kb-articles.mjs';
import {
  calibrationLine,
  captureExplains,
  pgbenchCalibration,
  resetStatements,
  statementTimes,
} from './pg-insight.mjs';

const TARGET = { search: 30, suggest: 15 };
const opts = parseOptions({ articles: 50_000, requests: 300, warmup: 30, cannon: 10, 'cannon-warmup': 15 }, [
  'explain',
  'skip-pgbench',
]);
/** The knowledge base's search and suggest statements (and no other) read kb_article's vectors. */
const KB_STATEMENT = /kb_article/;

const SUGGESTS = [
  'printer tidak bi',
  'wifi sering',
  'lupa kata san',
  'email tidak bisa meng',
  'vpn',
  'srikandi gag',
  'cara mengatur vid',
  'printer kertas',
];

async function timedGet(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t0;
}

await main(async () => {
  console.log(
    `# bench: knowledge-base search and suggest over ${opts.articles.toLocaleString('en')} articles, ` +
      `${opts.requests} sequential requests per endpoint (after ${opts.warmup} warm-up) + ` +
      `${opts.cannon} s autocannon at 8 connections`,
  );
  const stack = await startStack({ name: 'kb', pgFlags: PG_STAT_FLAGS });
  const { db, end } = await connectDb(stack.databaseUrl);
  await seedArticles(db, opts.articles);
  await enablePgStatStatements(db);
  const calibration = {};
  if (!opts['skip-pgbench']) {
    calibration.before = await pgbenchCalibration(stack);
    console.log(`  pgbench -S before: ${calibrationLine(calibration.before)}`);
  }
  const token = await login(stack.baseUrl, 'pegawai@demo.go.id');
  const headers = { authorization: `Bearer ${token}` };
  const endpoints = [
    { name: 'search', queries: SEARCHES, extra: '' },
    { name: 'suggest', queries: SUGGESTS, extra: '' },
  ];
  const rows = [
    [
      'endpoint',
      'seq p50',
      'seq p95',
      'seq p99',
      'seq mean',
      'SQL/req',
      'api/req',
      'api CPU/req',
      'result',
      '8c req/s',
      '8c p50',
      '8c p95',
      '8c p99',
      '8c SQL/req',
      '8c api CPU/req',
      'result',
    ],
  ];
  const missed = [];
  const builds = [];
  if (process.env.BENCH_COMPARE_DIST) builds.push({ label: 'compare', dist: process.env.BENCH_COMPARE_DIST });
  builds.push({ label: builds.length ? 'this build' : '', dist: stack.dist });
  for (const [b, build] of builds.entries()) {
    if (b > 0 || build.dist !== stack.dist) await restartApi(stack, build.dist);
    if (build.label) console.log(`\n## ${build.label} (${build.dist})`);
    const tag = build.label ? ` (${build.label})` : '';
    for (const ep of endpoints) {
      const urls = ep.queries.map((q) => `${stack.baseUrl}/api/v1/kb/${ep.name}?q=${encodeURIComponent(q)}`);
      const hits = await (await fetch(urls[0], { headers })).json();
      console.log(
        `  ${ep.name} "${ep.queries[0]}": ${hits.items.length} hits, first "${hits.items[0]?.title}"`,
      );
      for (let i = 0; i < opts.warmup; i++) await timedGet(urls[i % urls.length], headers);
      const samples = [];
      await resetStatements(db);
      const seqCpu = apiCpuMeter(stack);
      for (let i = 0; i < opts.requests; i++) samples.push(await timedGet(urls[i % urls.length], headers));
      const seqApiCpu = seqCpu.perRequest(samples.length);
      const seq = summarise(samples);
      const seqSql = perRequest(await statementTimes(db, KB_STATEMENT), samples.length);
      const load = (duration) =>
        runAutocannon({
          url: stack.baseUrl,
          headers,
          connections: 8,
          duration,
          timeout: 10,
          requests: urls.map((u) => ({ method: 'GET', path: u.slice(stack.baseUrl.length) })),
        });
      await load(opts['cannon-warmup']); // parseOptions takes positive integers only
      await resetStatements(db);
      const cpuMeter = sampleCpu(stack);
      const concCpu = apiCpuMeter(stack);
      const cannon = await load(opts.cannon);
      const cpu = cpuMeter.stop();
      const concApiCpu = concCpu.perRequest(cannon.latencies.length);
      const conc = summarise(cannon.latencies);
      const concSql = perRequest(await statementTimes(db, KB_STATEMENT), cannon.latencies.length);
      const bad = cannon.result.non2xx + cannon.result.errors;
      const target = TARGET[ep.name];
      console.log(
        `  ${ep.name.padEnd(8)} sequential p50 ${fmt(seq.p50)} / p95 ${fmt(seq.p95)} / p99 ${fmt(seq.p99)} ms | ` +
          `8 conn: ${fmt(cannon.result.requests.average, 0)} req/s, p50 ${fmt(conc.p50)} / p95 ${fmt(conc.p95)} / ` +
          `p99 ${fmt(conc.p99)} ms, non-2xx+errors ${bad}`,
      );
      console.log(
        `  ${''.padEnd(8)} sequential: HTTP mean ${fmt(seq.mean, 2)} ms, of which PostgreSQL ${sqlLine(seqSql)}; ` +
          `the api and HTTP add ${fmt(seq.mean - seqSql.own.total, 2)} ms`,
      );
      console.log(`  ${''.padEnd(8)} 8 conn: PostgreSQL ${sqlLine(concSql)}`);
      console.log(`  ${''.padEnd(8)} CPU under 8 conn (% of one core): ${cpuLine(cpu)}`);
      console.log(
        `  ${''.padEnd(8)} api CPU per request (all api processes): sequential ${fmt(seqApiCpu, 2)} ms, ` +
          `8 conn ${fmt(concApiCpu, 2)} ms`,
      );
      rows.push([
        ep.name + tag,
        fmt(seq.p50),
        fmt(seq.p95),
        fmt(seq.p99),
        fmt(seq.mean),
        fmt(seqSql.own.total, 2),
        fmt(seq.mean - seqSql.own.total),
        fmt(seqApiCpu, 2),
        verdict(seq.p95 < target),
        fmt(cannon.result.requests.average, 0),
        fmt(conc.p50),
        fmt(conc.p95),
        fmt(conc.p99),
        fmt(concSql.own.total, 2),
        fmt(concApiCpu, 2),
        verdict(conc.p95 < target && bad === 0),
      ]);
      if (!(seq.p95 < target))
        missed.push(`${ep.name}${tag} sequential p95 ${fmt(seq.p95)} ms >= ${target} ms`);
      if (!(conc.p95 < target))
        missed.push(`${ep.name}${tag} 8-connection p95 ${fmt(conc.p95)} ms >= ${target} ms`);
      if (bad) missed.push(`${ep.name}${tag}: ${bad} non-2xx or errors under 8 connections`);
    }
  }
  if (opts.explain) await printExplains(db, stack, stack.baseUrl, headers, endpoints);
  if (!opts['skip-pgbench']) {
    calibration.after = await pgbenchCalibration(stack, { initialise: false });
    console.log(`\n  pgbench -S before: ${calibrationLine(calibration.before)}`);
    console.log(`  pgbench -S after:  ${calibrationLine(calibration.after)}`);
  }
  assertAlive(stack);
  await end();
  console.log(
    `\n## knowledge base: targets p95 search < ${TARGET.search} ms, suggest < ${TARGET.suggest} ms`,
  );
  console.log(
    "SQL/req: PostgreSQL planning + execution of the endpoint's statement per request " +
      '(pg_stat_statements); api/req: sequential HTTP mean minus it (the api, its other statements, HTTP); ' +
      'api CPU/req: CPU time of all api processes (/proc, 10 ms ticks) over the requests served.',
  );
  printTable(rows);
  if (missed.length) console.log(`\nmissed:\n  ${missed.join('\n  ')}`);
  return missed.length ? 1 : 0;
});

/**
 * CPU milliseconds of every api process per request served between the start and `perRequest`:
 * the figure to compare on a shared machine, where latencies mostly measure waiting for a core.
 */
function apiCpuMeter(stack) {
  const total = () => apiPids(stack).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const start = total();
  return { perRequest: (requests) => ((total() - start) * 1000) / requests };
}

/** Statement milliseconds per request: the endpoint's own statement, and every statement run. */
function perRequest(t, requests) {
  const per = (x) => ({
    calls: x.calls / requests,
    plan: x.plan / requests,
    exec: x.exec / requests,
    total: (x.plan + x.exec) / requests,
  });
  return { own: per(t.own), all: per(t.all) };
}

function sqlLine(s) {
  return (
    `${fmt(s.own.total, 2)} ms per request for the search statement (planning ${fmt(s.own.plan, 2)} + ` +
    `execution ${fmt(s.own.exec, 2)} ms, ${fmt(s.own.calls, 2)} calls), ` +
    `${fmt(s.all.total, 2)} ms for all ${fmt(s.all.calls, 1)} statements (auth, worker polling too)`
  );
}

/** EXPLAIN (ANALYZE, BUFFERS) of each measured query, as the api ran it (auto_explain). */
async function printExplains(db, stack, baseUrl, headers, endpoints) {
  await captureExplains(db, stack, KB_STATEMENT, async (capture) => {
    for (const ep of endpoints) {
      for (const q of ep.queries) {
        await capture(); // drop anything logged before this request
        const res = await fetch(`${baseUrl}/api/v1/kb/${ep.name}?q=${encodeURIComponent(q)}`, { headers });
        const body = await res.json();
        const plans = await capture();
        console.log(`\n### EXPLAIN (ANALYZE, BUFFERS) ${ep.name} "${q}" (${body.items?.length ?? 0} hits)`);
        if (!plans.length) console.log('  (no plan logged)');
        for (const p of plans) console.log(`-- ${fmt(p.ms, 3)} ms\n${p.text}`);
      }
    }
  });
}
