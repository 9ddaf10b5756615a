// POST /api/v1/tickets over HTTP at 32 connections (test/bench/README.md): >= 1,000 req/s, p99 < 50 ms,
// api and worker resident memory < 300 MB each. The worker runs so the outbox relay works during the load.
//
//   node test/bench/ticket-create.bench.mjs [--runs 3] [--duration 15] [--warmup 5] [--connections 32]
//     [--pg-stats] (every statement per ticket filed) [--calibrate] (pgbench -S in the same sitting)
//     [--worker-backlog] (after the runs: tickets filed with the worker paused, then the worker's CPU
//     per ticket for that backlog, handled alone)
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
import { calibrationLine, pgbenchCalibration } from './pg-insight.mjs';

const TARGET = { rps: 1000, p99: 50, rssMb: 300 };
const opts = parseOptions({ duration: 15, warmup: 5, connections: 32 }, [
  'pg-stats',
  'calibrate',
  'worker-backlog',
]);

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
  // The worker's jobs of the warm-up too, so that none of them is counted in the first run.
  await settleWorker(scalar);
  // --pg-stats counts the measured runs only: not the migrations, the demo seed or the warm-up.
  let ticketsAtReset = 0;
  if (opts['pg-stats']) {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    await db.query(`SELECT pg_stat_reset_shared('wal')`);
    await db.query(`SELECT pg_stat_reset_shared('io')`);
    ticketsAtReset = await scalar('SELECT count(*) AS n FROM ticket');
  }

  const runs = [];
  for (let i = 1; i <= opts.runs; i++) {
    const ticketsBefore = await scalar('SELECT count(*) AS n FROM ticket');
    const rss = sampleRss({ api: () => apiPids(stack), worker: stack.worker.pid });
    const cpuMeter = sampleCpu(stack);
    // A second meter runs on until the outbox is drained and the mail rows are written, so the
    // worker's share of every ticket of the run is in it: CPU ms per ticket, per process.
    const ticketMeter = sampleCpu(stack);
    const ticketMeterStart = performance.now();
    const { result, latencies, statuses } = await load(opts.duration);
    const cpu = cpuMeter.stop();
    const backlogAtEnd = await scalar('SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL');
    const drainMs = await drainOutbox(scalar);
    const settled = await settleWorker(scalar);
    const cpuAll = ticketMeter.stop();
    const cpuAllSeconds = (performance.now() - ticketMeterStart) / 1000;
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
      // The RSS target is per api process: the largest one is judged, the sum is printed too.
      apiRss: Math.max(0, ...Object.values(mem.perPid.api)),
      apiRssTotal: mem.peak.api,
      workerRss: mem.peak.worker,
      backlogAtEnd,
      drainMs,
      cpu,
      cpuPerTicket: cpuMsPerTicket(cpuAll, cpuAllSeconds, created),
      settled,
    };
    runs.push(run);
    console.log(
      `run ${i}/${opts.runs}: ${fmt(run.rps, 0)} req/s (${run.total} requests, ${run.created} tickets), ` +
        `p50 ${fmt(run.p50)} ms, p99 ${fmt(run.p99)} ms, max ${fmt(run.max)} ms, ` +
        `non-2xx ${run.non2xx}, errors ${run.errors} (timeouts ${run.timeouts}), statuses ${JSON.stringify(statuses)}, ` +
        `peak RSS api ${fmt(run.apiRss, 0)} MB largest process (${fmt(run.apiRssTotal, 0)} MB in all) / worker ${fmt(run.workerRss, 0)} MB, ` +
        `outbox backlog at end ${backlogAtEnd} (drained in ${drainMs === null ? '> 30 s' : `${fmt(drainMs / 1000)} s`})\n` +
        `  CPU during the load (% of one core, 200% = both): ${cpuLine(cpu)}\n` +
        `  CPU ms per ticket (load, drain and the worker's mail rows${run.settled ? '' : ', NOT settled'}): ` +
        `${perTicketLine(run.cpuPerTicket)}`,
    );
    if (i < opts.runs) await sleep(1000);
  }
  if (opts['pg-stats']) await printStatementStats(db, ticketsAtReset);
  if (opts['worker-backlog']) await workerBacklog(stack, scalar, load);
  // --calibrate: what this PostgreSQL did for pgbench in the same sitting (select-only, 1 and 8 clients).
  if (opts.calibrate)
    console.log(`\npgbench -S after the runs: ${calibrationLine(await pgbenchCalibration(stack))}`);
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
  const perTicket = (name) => median(runs.map((r) => r.cpuPerTicket[name] ?? 0));
  console.log(`\n## CPU ms per ticket filed, median of ${runs.length} run(s)`);
  printTable([
    ['process', 'median', ...runs.map((_, i) => `run ${i + 1}`)],
    ...['api', 'worker', 'postgres', 'redis'].map((name) => [
      name,
      fmt(perTicket(name), 2),
      ...runs.map((r) => fmt(r.cpuPerTicket[name] ?? 0, 2)),
    ]),
    [
      'api + worker + postgres + redis',
      fmt(
        median(
          runs.map((r) => ['api', 'worker', 'postgres', 'redis'].reduce((a, k) => a + r.cpuPerTicket[k], 0)),
        ),
        2,
      ),
      ...runs.map((r) =>
        fmt(
          ['api', 'worker', 'postgres', 'redis'].reduce((a, k) => a + r.cpuPerTicket[k], 0),
          2,
        ),
      ),
    ],
  ]);
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
      'api peak RSS MB, largest process',
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

/**
 * --worker-backlog: the worker's own cost per ticket, away from the api's load. The worker is
 * paused (SIGSTOP) while tickets are filed for `opts.duration` s, then resumed; its CPU (and
 * PostgreSQL's and Redis's) from the resume until the outbox is drained and the mail written,
 * divided by the tickets, is what the worker spends per ticket when it gets every event at once.
 */
async function workerBacklog(stack, scalar, load) {
  const before = await scalar('SELECT count(*) AS n FROM ticket');
  stack.worker.kill('SIGSTOP');
  let filing;
  const loadMeter = sampleCpu(stack);
  const loadStart = performance.now();
  try {
    filing = await load(opts.duration);
  } finally {
    stack.worker.kill('SIGCONT');
  }
  const loadCpu = loadMeter.stop();
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const tickets = (await scalar('SELECT count(*) AS n FROM ticket')) - before;
  // What the api and PostgreSQL alone file while the worker's share waits: the most this build
  // could answer in a burst, whatever the worker costs.
  const lat = summarise(filing.latencies);
  const filingPerTicket = cpuMsPerTicket(loadCpu, loadSeconds, tickets);
  console.log(
    `\n## filing with the worker paused: ${fmt(filing.result.requests.average, 0)} req/s, ` +
      `p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms, non-2xx ${filing.result.non2xx}, errors ${filing.result.errors}\n` +
      `  CPU during the load (% of one core, 200% = both): ${cpuLine(loadCpu)}\n` +
      `  CPU ms per ticket during the load: ${perTicketLine(filingPerTicket)}, bench ${fmt(filingPerTicket.bench ?? 0, 2)}`,
  );
  const meter = sampleCpu(stack);
  const t0 = performance.now();
  const drainMs = await drainOutbox(scalar);
  const settled = await settleWorker(scalar);
  const pct = meter.stop();
  const seconds = (performance.now() - t0) / 1000;
  const perTicket = cpuMsPerTicket(pct, seconds, tickets);
  console.log(
    `\n## worker backlog: ${tickets} tickets filed with the worker paused, handled in ${fmt(seconds)} s ` +
      `(outbox drained ${drainMs === null ? 'NOT' : 'yes'}, mail settled ${settled ? 'yes' : 'NOT'})\n` +
      `CPU ms per ticket: ${perTicketLine(perTicket)}`,
  );
}

/** Each process group's % of one core over `seconds`, divided by the tickets: CPU ms per ticket. */
function cpuMsPerTicket(percentOfCore, seconds, tickets) {
  return Object.fromEntries(
    Object.entries(percentOfCore).map(([k, pct]) => [k, (10 * pct * seconds) / Math.max(1, tickets)]),
  );
}

/** `api 1.60, worker 0.80, ...`: CPU ms per ticket of each process group. */
function perTicketLine(perTicket) {
  return Object.entries(perTicket)
    .filter(([name]) => name !== 'bench')
    .map(([name, ms]) => `${name} ${fmt(ms, 2)}`)
    .join(', ');
}

/**
 * After the outbox is drained the worker may still be handling the jobs it relayed: waits (at most
 * 30 s) until no domain-event work is left, seen as the mail rows no longer growing for 600 ms.
 * Returns false when it did not settle.
 */
async function settleWorker(scalar) {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 100; i++) {
    const n = await scalar('SELECT count(*) AS n FROM mail_message');
    still = n === last ? still + 1 : 0;
    if (still === 2) return true;
    last = n;
    await sleep(300);
  }
  return false;
}

/**
 * Every statement PostgreSQL ran during the measured runs (with --pg-stats; the outbox of each run
 * drained, so the worker's share of each ticket is in), per ticket filed: calls, execution and
 * planning ms. Nested statements (foreign-key checks, triggers) are listed as "n" and their time
 * is also inside the top-level statement that caused them, so the totals count top-level ones only.
 */
async function printStatementStats(db, ticketsAtReset) {
  const tickets = Number((await db.query('SELECT count(*) AS n FROM ticket')).rows[0].n) - ticketsAtReset;
  const { rows } = await db.query(
    `SELECT calls, toplevel, total_exec_time AS exec, total_plan_time AS plan,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query !~* 'pg_stat_statements|count\\(\\*\\) AS n FROM (ticket|outbox_event)'
      ORDER BY total_exec_time + total_plan_time DESC`,
  );
  console.log(
    `\n## pg_stat_statements: every statement of the measured runs, per ticket (${tickets} tickets)`,
  );
  printTable([
    ['calls/ticket', 'top', 'exec ms/ticket', 'plan ms/ticket', 'query'],
    ...rows
      .filter((r) => r.calls / tickets >= 0.005)
      .map((r) => [
        fmt(r.calls / tickets, 2),
        r.toplevel ? 'y' : 'n',
        fmt(r.exec / tickets, 3),
        fmt(r.plan / tickets, 3),
        r.query,
      ]),
  ]);
  // WAL per ticket: what every commit writes and flushes (full-page images after a checkpoint too).
  const [wal] = (
    await db
      .query(
        `SELECT w.wal_records, w.wal_fpi, w.wal_bytes,
                (SELECT sum(fsyncs) FROM pg_stat_io WHERE object = 'wal') AS wal_fsyncs
           FROM pg_stat_wal w`,
      )
      .catch(() => ({ rows: [] }))
  ).rows;
  if (wal)
    console.log(
      `WAL per ticket: ${fmt(wal.wal_records / tickets, 1)} records, ${fmt(wal.wal_bytes / tickets, 0)} bytes ` +
        `(${fmt(wal.wal_fpi / tickets, 2)} full-page images), ${fmt(wal.wal_fsyncs / tickets, 2)} flushes`,
    );
  const top = rows.filter((r) => r.toplevel);
  const sum = (key) => top.reduce((a, r) => a + Number(r[key]), 0);
  console.log(
    `all top-level statements: ${sum('calls')} calls over ${tickets} tickets: ` +
      `${fmt(sum('calls') / tickets, 1)} statements, ${fmt(sum('exec') / tickets, 2)} ms executing and ` +
      `${fmt(sum('plan') / tickets, 2)} ms planning per ticket`,
  );
}
