// Knowledge-base search and suggest over 50,000 published Indonesian articles: p95 < 30 ms for
// GET /api/v1/kb/search, < 15 ms for GET /api/v1/kb/suggest (the report form calls it on every
// pause in typing). Seeds the articles once with SQL, then per endpoint: sequential requests over a
// set of queries (exact percentiles) and autocannon at 8 connections.
//
//   node test/bench/kb-search.bench.mjs [--articles 50000] [--requests 300] [--warmup 30] [--cannon 5]
//
// The articles come from ./kb-articles.mjs (varied titles, a skewed vocabulary of Indonesian IT
// words); the queries include a word in one article in ten ("printer") and rare ones.
import {
  assertAlive,
  connectDb,
  costLine,
  cpuLine,
  enablePgStatStatements,
  meterRequests,
  PG_STAT_FLAGS,
  fmt,
  login,
  main,
  parseOptions,
  printTable,
  restartApi,
  runAutocannon,
  sampleCpu,
  startStack,
  summarise,
  verdict,
} from './lib.mjs';
import { seedArticles } from './kb-articles.mjs';

const TARGET = { search: 30, suggest: 15 };
const opts = parseOptions({ articles: 50_000, requests: 300, warmup: 30, cannon: 5 });

const SEARCHES = [
  'printer tidak bisa mencetak',
  'konfigurasi wifi',
  'mengonfigurasi router',
  'perbaikan jaringan',
  'pinter',
  'reset kata sandi srikandi',
  'vpn sering terputus',
  'email tidak bisa mengirim',
  'printer',
  'videotron',
];
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
  const pgStat = await enablePgStatStatements(db);
  await seedArticles(db, opts.articles);
  // BENCH_COMPARE_DIST=/path/to/other/dist: that build's api first, on the same data, then this one.
  const builds = process.env.BENCH_COMPARE_DIST ? [process.env.BENCH_COMPARE_DIST, stack.dist] : [stack.dist];
  let failed = 0;
  for (const dist of builds) {
    if (dist !== stack.dist) await restartApi(stack, dist);
    if (builds.length > 1) console.log(`\n## build ${dist}`);
    failed += await measure(stack, db, pgStat);
  }
  await end();
  return failed ? 1 : 0;
});

/** Search and suggest of the api now running: sequential, then 8 connections; 1 when a target is missed. */
async function measure(stack, db, pgStat) {
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
      'result',
      '8c req/s',
      '8c p50',
      '8c p95',
      '8c p99',
      'result',
      'api CPU ms/req',
      'PG plan+exec ms/req',
    ],
  ];
  const missed = [];
  for (const ep of endpoints) {
    const urls = ep.queries.map((q) => `${stack.baseUrl}/api/v1/kb/${ep.name}?q=${encodeURIComponent(q)}`);
    const hits = await (await fetch(urls[0], { headers })).json();
    console.log(
      `  ${ep.name} "${ep.queries[0]}": ${hits.items.length} hits, first "${hits.items[0]?.title}"`,
    );
    for (let i = 0; i < opts.warmup; i++) await timedGet(urls[i % urls.length], headers);
    const samples = [];
    for (let i = 0; i < opts.requests; i++) samples.push(await timedGet(urls[i % urls.length], headers));
    const seq = summarise(samples);
    const cpuMeter = sampleCpu(stack);
    const costMeter = await meterRequests(stack, pgStat ? db : null);
    const cannon = await runAutocannon({
      url: stack.baseUrl,
      headers,
      connections: 8,
      duration: opts.cannon,
      timeout: 10,
      requests: urls.map((u) => ({ method: 'GET', path: u.slice(stack.baseUrl.length) })),
    });
    const cpu = cpuMeter.stop();
    const cost = await costMeter.stop(cannon.result.requests.total);
    const conc = summarise(cannon.latencies);
    const bad = cannon.result.non2xx + cannon.result.errors;
    const target = TARGET[ep.name];
    console.log(
      `  ${ep.name.padEnd(8)} sequential p50 ${fmt(seq.p50)} / p95 ${fmt(seq.p95)} / p99 ${fmt(seq.p99)} ms | ` +
        `8 conn: ${fmt(cannon.result.requests.average, 0)} req/s, p50 ${fmt(conc.p50)} / p95 ${fmt(conc.p95)} / ` +
        `p99 ${fmt(conc.p99)} ms, non-2xx+errors ${bad}`,
    );
    console.log(`  ${''.padEnd(8)} CPU under 8 conn (% of one core): ${cpuLine(cpu)}`);
    console.log(`  ${''.padEnd(8)} per request under 8 conn: ${costLine(cost)}`);
    rows.push([
      ep.name,
      fmt(seq.p50),
      fmt(seq.p95),
      fmt(seq.p99),
      verdict(seq.p95 < target),
      fmt(cannon.result.requests.average, 0),
      fmt(conc.p50),
      fmt(conc.p95),
      fmt(conc.p99),
      verdict(conc.p95 < target && bad === 0),
      fmt(cost.cpuMs, 2),
      `${fmt(cost.planMs, 3)}+${fmt(cost.execMs, 3)}`,
    ]);
    if (!(seq.p95 < target)) missed.push(`${ep.name} sequential p95 ${fmt(seq.p95)} ms >= ${target} ms`);
    if (!(conc.p95 < target)) missed.push(`${ep.name} 8-connection p95 ${fmt(conc.p95)} ms >= ${target} ms`);
    if (bad) missed.push(`${ep.name}: ${bad} non-2xx or errors under 8 connections`);
  }
  assertAlive(stack);
  console.log(
    `\n## knowledge base: targets p95 search < ${TARGET.search} ms, suggest < ${TARGET.suggest} ms`,
  );
  printTable(rows);
  if (missed.length) console.log(`\nmissed:\n  ${missed.join('\n  ')}`);
  return missed.length ? 1 : 0;
}
