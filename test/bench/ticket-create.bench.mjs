// POST /api/v1/tickets over HTTP at 32 connections (test/bench/README.md): >= 1,000 req/s, p99 < 50 ms,
// api and worker resident memory < 300 MB each. The worker runs so the outbox relay works during the load.
//
//   node test/bench/ticket-create.bench.mjs [--runs 3] [--duration 15] [--warmup 5] [--connections 32]
import {
  apiPids,
  assertAlive,
  connectDb,
  cpuLine,
  fmt,
  login,
  main,
  median,
  parseOptions,
  printTable,
  runAutocannon,
  sampleCpu,
  sampleRss,
  sleep,
  startStack,
  summarise,
  verdict,
} from './lib.mjs';

const TARGET = { rps: 1000, p99: 50, rssMb: 300 };
const opts = parseOptions({ duration: 15, warmup: 5, connections: 32 }, ['pg-stats']);

const BODY = JSON.stringify({
  kind: 'incident',
  title: 'Internet mati di ruang pelayanan',
  description: 'Sejak pagi semua komputer tidak bisa membuka situs apa pun.',
  impact: 2,
  urgency: 2,
});

await main(async () => {
  console.log(
    `# bench: ticket creation (POST /api/v1/tickets), ${opts.connections} connections, ` +
      `${opts.runs} x ${opts.duration} s after a ${opts.warmup} s warm-up`,
  );
  // --pg-stats: PostgreSQL with pg_stat_statements, to print where the database time goes.
  const pgFlags = opts['pg-stats']
    ? [
        'shared_preload_libraries=pg_stat_statements',
        'pg_stat_statements.track=all',
        'pg_stat_statements.track_planning=on',
      ]
    : [];
  const stack = await startStack({ name: 'create', pgFlags });
  const { db, end } = await connectDb(stack.databaseUrl);
  const scalar = async (sql) => Number((await db.query(sql)).rows[0].n);

  const token = await login(stack.baseUrl, 'pegawai@demo.go.id');
  const url = `${stack.baseUrl}/api/v1/tickets`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // One request first, so a broken endpoint fails loudly instead of producing 32 x 15 s of errors.
  const probe = await fetch(url, { method: 'POST', headers, body: BODY });
  const probeBody = await probe.text();
  if (probe.status < 200 || probe.status >= 300)
    throw new Error(`POST /tickets: HTTP ${probe.status} ${probeBody}`);
  console.log(`probe: HTTP ${probe.status}, ticket ${JSON.parse(probeBody).number}`);

  const load = (seconds) =>
    runAutocannon({
      url,
      method: 'POST',
      headers,
      body: BODY,
      connections: opts.connections,
      duration: seconds,
      timeout: 10,
    });

  console.log(`warm-up ${opts.warmup} s ...`);
  await load(opts.warmup);
  await drainOutbox(scalar);

  const runs = [];
  for (let i = 1; i <= opts.runs; i++) {
    const ticketsBefore = await scalar('SELECT count(*) AS n FROM ticket');
    const rss = sampleRss({ api: () => apiPids(stack), worker: stack.worker.pid });
    const cpuMeter = sampleCpu(stack);
    const { result, latencies, statuses } = await load(opts.duration);
    const cpu = cpuMeter.stop();
    const backlogAtEnd = await scalar('SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL');
    const drainMs = await drainOutbox(scalar);
    const mem = rss.stop();
    assertAlive(stack);
    const created = (await scalar('SELECT count(*) AS n FROM ticket')) - ticketsBefore;
    const lat = summarise(latencies);
    const run = {
      rps: result.requests.average,
      total: result.requests.total,
      created,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses,
      p50: lat.p50,
      p99: lat.p99,
      max: lat.max,
      apiRss: mem.peak.api,
      workerRss: mem.peak.worker,
      backlogAtEnd,
      drainMs,
      cpu,
    };
    runs.push(run);
    console.log(
      `run ${i}/${opts.runs}: ${fmt(run.rps, 0)} req/s (${run.total} requests, ${run.created} tickets), ` +
        `p50 ${fmt(run.p50)} ms, p99 ${fmt(run.p99)} ms, max ${fmt(run.max)} ms, ` +
        `non-2xx ${run.non2xx}, errors ${run.errors} (timeouts ${run.timeouts}), statuses ${JSON.stringify(statuses)}, ` +
        `peak RSS api ${fmt(run.apiRss, 0)} MB / worker ${fmt(run.workerRss, 0)} MB, ` +
        `outbox backlog at end ${backlogAtEnd} (drained in ${drainMs === null ? '> 30 s' : `${fmt(drainMs / 1000)} s`})\n` +
        `  CPU during the load (% of one core, 200% = both): ${cpuLine(cpu)}`,
    );
    if (i < opts.runs) await sleep(1000);
  }
  if (opts['pg-stats']) await printStatementStats(db);
  await end();

  const m = (key) => median(runs.map((r) => r[key]));
  const med = {
    rps: m('rps'),
    p50: m('p50'),
    p99: m('p99'),
    max: m('max'),
    apiRss: m('apiRss'),
    workerRss: m('workerRss'),
  };
  const non2xx = runs.reduce((a, r) => a + r.non2xx + r.errors, 0);
  console.log(`\n## ticket creation: median of ${runs.length} run(s)`);
  printTable([
    ['figure', 'median', 'target', 'result', ...runs.map((_, i) => `run ${i + 1}`)],
    [
      'req/s (mean)',
      fmt(med.rps, 0),
      `>= ${TARGET.rps}`,
      verdict(med.rps >= TARGET.rps),
      ...runs.map((r) => fmt(r.rps, 0)),
    ],
    ['latency p50 ms', fmt(med.p50), '', '', ...runs.map((r) => fmt(r.p50))],
    [
      'latency p99 ms',
      fmt(med.p99),
      `< ${TARGET.p99}`,
      verdict(med.p99 < TARGET.p99),
      ...runs.map((r) => fmt(r.p99)),
    ],
    ['latency max ms', fmt(med.max), '', '', ...runs.map((r) => fmt(r.max))],
    [
      'non-2xx + errors',
      String(non2xx),
      '0',
      verdict(non2xx === 0),
      ...runs.map((r) => String(r.non2xx + r.errors)),
    ],
    [
      'api peak RSS MB',
      fmt(med.apiRss, 0),
      `< ${TARGET.rssMb}`,
      verdict(med.apiRss < TARGET.rssMb),
      ...runs.map((r) => fmt(r.apiRss, 0)),
    ],
    [
      'worker peak RSS MB',
      fmt(med.workerRss, 0),
      `< ${TARGET.rssMb}`,
      verdict(med.workerRss < TARGET.rssMb),
      ...runs.map((r) => fmt(r.workerRss, 0)),
    ],
    ['outbox backlog at end', '', '', '', ...runs.map((r) => String(r.backlogAtEnd))],
  ]);
  const ok =
    med.rps >= TARGET.rps &&
    med.p99 < TARGET.p99 &&
    non2xx === 0 &&
    med.apiRss < TARGET.rssMb &&
    med.workerRss < TARGET.rssMb;
  console.log(`\nticket creation: ${ok ? 'all targets met' : 'TARGETS MISSED'}`);
  return 0; // a missed target is a finding, not a crash: the figures above say it
});

/** Waits (at most 30 s) until the worker published every outbox event; returns the ms it took, or null. */
async function drainOutbox(scalar) {
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) {
    if ((await scalar('SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL')) === 0) {
      return performance.now() - t0;
    }
    await sleep(100);
  }
  return null;
}

/** The statements that took the most database time during the runs (with --pg-stats). */
async function printStatementStats(db) {
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const { rows } = await db.query(
    `SELECT calls, round(total_exec_time)::int AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
            plans, round(mean_plan_time::numeric, 3) AS plan_ms,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 12`,
  );
  console.log('\n## pg_stat_statements: top statements by total time');
  printTable([
    ['calls', 'total ms', 'mean ms', 'plans', 'plan ms', 'query'],
    ...rows.map((r) => [r.calls, r.total_ms, r.mean_ms, r.plans, r.plan_ms, r.query]),
  ]);
  const { rows: frequent } = await db.query(
    `SELECT calls, toplevel, round(mean_exec_time::numeric, 3) AS mean_ms,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements ORDER BY calls DESC LIMIT 25`,
  );
  console.log('\n## pg_stat_statements: most frequent statements');
  printTable([
    ['calls', 'top', 'mean ms', 'query'],
    ...frequent.map((r) => [r.calls, r.toplevel ? 'y' : 'n', r.mean_ms, r.query]),
  ]);
  // Per ticket: how many statements reach PostgreSQL and how much of its time they execute.
  const {
    rows: [sum],
  } = await db.query(
    `SELECT sum(calls)::bigint AS calls, round(sum(total_exec_time))::bigint AS ms,
            round(sum(total_plan_time))::bigint AS plan_ms,
            (SELECT count(*) FROM ticket) AS tickets
       FROM pg_stat_statements`,
  );
  console.log(
    `all statements: ${sum.calls} calls, ${sum.ms} ms executing, over ${sum.tickets} tickets: ` +
      `${fmt(sum.calls / sum.tickets, 1)} statements, ${fmt(sum.ms / sum.tickets, 2)} ms executing and ` +
      `${fmt(sum.plan_ms / sum.tickets, 2)} ms planning per ticket`,
  );
}
