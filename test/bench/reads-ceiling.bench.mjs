// The ceiling of this machine for the hot reads: the api against a bare node:http + pg server
// (reads-ceiling-server.mjs) running the api's own prepared statements (text and parameters taken
// from PostgreSQL's log of one api request each) and answering their rows as JSON, measured with
// the same autocannon settings in the same sitting: the Tier 1 queue page 1 at 8 connections and
// GET /tickets/{id} (25 tickets, round robin) at 32. The difference is what the framework,
// authentication, mapping and serialisation cost; the bare figure is what two cores shared by
// PostgreSQL, the load generator and one node process allow at best.
//
//   node test/bench/reads-ceiling.bench.mjs [--tickets 100000] [--duration 5] [--warmup 2] [--runs 1]
//     [--pgbench 5]
//
// The api runs as in bench:reads (API_PROCESSES unset: one per core); the bare server is a single
// process unless --bare-processes N (N servers on one port, as the api's processes; like for like
// with the api's default: --bare-processes 2). API_PROCESSES=1 with the default compares one to one.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiPids,
  connectDb,
  cpuSeconds,
  fmt,
  freePort,
  HOST,
  login,
  main,
  median,
  meterRequests,
  parseOptions,
  printTable,
  processFamily,
  ROOT,
  runAutocannon,
  seedTickets,
  sleep,
  startStack,
  summarise,
} from './lib.mjs';
import { calibrationLine, pgbenchCalibration } from './pg-insight.mjs';

const opts = parseOptions({
  tickets: 100_000,
  duration: 5,
  warmup: 2,
  runs: 1,
  pgbench: 5,
  'bare-processes': 1,
});

await main(async () => {
  console.log(
    `# bench: reads ceiling, api vs bare node:http + pg, ${opts.tickets.toLocaleString('en')} tickets`,
  );
  const stack = await startStack({ name: 'reads-ceiling' });
  const { db, end } = await connectDb(stack.databaseUrl);
  await seedTickets(db, opts.tickets);
  const calibration = await pgbenchCalibration(stack, { seconds: opts.pgbench });
  console.log(`calibration: pgbench -S ${opts.pgbench} s each: ${calibrationLine(calibration)}`);

  const token = await login(stack.baseUrl, 'tier1@demo.go.id');
  const headers = { authorization: `Bearer ${token}` };
  const queueUrl = `${stack.baseUrl}/api/v1/tickets?sort=due&status=open&limit=25`;
  const first = await (await fetch(queueUrl, { headers })).json();
  const ids = first.items.map((t) => t.id);

  // One request of each through the api with every statement logged: the exact prepared texts.
  await db.query('ALTER SYSTEM SET log_min_duration_statement = 0');
  await db.query('SELECT pg_reload_conf()');
  await sleep(500);
  const apiBytes = { queue: 0, ticket: 0 };
  apiBytes.queue = (await (await fetch(queueUrl, { headers })).text()).length;
  for (const id of ids)
    apiBytes.ticket += (
      await (await fetch(`${stack.baseUrl}/api/v1/tickets/${id}`, { headers })).text()
    ).length;
  apiBytes.ticket /= ids.length;
  await db.query('ALTER SYSTEM RESET log_min_duration_statement');
  await db.query('SELECT pg_reload_conf()');
  await end();
  const logged = executedStatements(readFileSync(join(stack.dir, 'logs/postgres.log'), 'utf8'));
  const queue = logged.filter((s) => /FROM ticket t/.test(s.text) && /LIMIT 26/.test(s.text)).at(-1);
  const tickets = logged.filter((s) => /WHERE t\.id = \$1/.test(s.text) && ids.includes(s.values[0]));
  if (!queue || tickets.length < ids.length)
    throw new Error(`statements not found in the log (queue ${!!queue}, tickets ${tickets.length})`);

  const port = await freePort();
  const bare = spawn(process.execPath, [join(ROOT, 'test/bench/reads-ceiling-server.mjs')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: stack.databaseUrl,
      PORT: String(port),
      DB_POOL_SIZE: '20',
      CEILING_PROCESSES: String(opts['bare-processes']),
      CEILING_STATEMENTS: JSON.stringify({ queue, tickets }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((res, rej) => {
    bare.stdout.on('data', (d) => /listening/.test(String(d)) && res());
    bare.once('exit', (code) => rej(new Error(`ceiling server exited ${code}`)));
  });
  const bareBase = `http://${HOST}:${port}`;
  const bareBytes = {
    queue: (await (await fetch(`${bareBase}/queue`)).text()).length,
    ticket: (await (await fetch(`${bareBase}/ticket/0`)).text()).length,
  };

  const targets = [
    ['queue tier1 p1', 8, 'api', { url: queueUrl, headers }],
    ['queue tier1 p1', 8, 'bare', { url: `${bareBase}/queue` }],
    [
      'ticket by id',
      32,
      'api',
      {
        url: stack.baseUrl,
        headers,
        requests: ids.map((id) => ({ method: 'GET', path: `/api/v1/tickets/${id}` })),
      },
    ],
    [
      'ticket by id',
      32,
      'bare',
      { url: bareBase, requests: ids.map((_, i) => ({ method: 'GET', path: `/ticket/${i}` })) },
    ],
  ];
  const results = new Map();
  for (let run = 1; run <= opts.runs; run++) {
    for (const [view, connections, who, cannon] of targets) {
      const base = { ...cannon, connections, timeout: 10 };
      await runAutocannon({ ...base, duration: opts.warmup });
      const meter = who === 'api' ? await meterRequests(stack, null) : null;
      const barePids = processFamily(bare.pid);
      const cpu0 = barePids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const r = await runAutocannon({ ...base, duration: opts.duration });
      const done = r.result.requests.total;
      const cpuMs = meter
        ? (await meter.stop(done)).cpuMs
        : ((barePids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpu0) * 1000) / done;
      const lat = summarise(r.latencies);
      const bad = r.result.non2xx + r.result.errors + r.result.timeouts;
      const key = `${view}|${connections}|${who}`;
      results.set(key, [...(results.get(key) ?? []), { rps: done / opts.duration, lat, cpuMs, bad }]);
      console.log(
        `  ${who.padEnd(4)} ${view} @${connections}: ${fmt(done / opts.duration, 0)} req/s, p95 ${fmt(lat.p95)} / ` +
          `p99 ${fmt(lat.p99)} ms, CPU ${fmt(cpuMs, 2)} ms/req, non-2xx+errors ${bad}`,
      );
    }
  }
  bare.kill('SIGTERM');
  const rows = [
    ['view', 'conns', 'server', 'req/s', 'p95', 'p99', 'server CPU ms/req', 'body bytes', 'errors'],
  ];
  for (const [key, runs] of results) {
    const [view, connections, who] = key.split('|');
    rows.push([
      view,
      connections,
      who === 'api'
        ? `api (${apiPids(stack).length} pid)`
        : `bare node:http + pg (${opts['bare-processes']})`,
      fmt(median(runs.map((x) => x.rps)), 0),
      fmt(median(runs.map((x) => x.lat.p95))),
      fmt(median(runs.map((x) => x.lat.p99))),
      fmt(median(runs.map((x) => x.cpuMs)), 2),
      fmt((who === 'api' ? apiBytes : bareBytes)[view.startsWith('queue') ? 'queue' : 'ticket'], 0),
      runs.reduce((a, x) => a + x.bad, 0),
    ]);
  }
  console.log('');
  printTable(rows);
  console.log(`calibration of this sitting: pgbench -S ${calibrationLine(calibration)}`);
  console.log('CPU = utime+stime of the server process(es) / requests (the api: primary and its processes).');
  return 0;
});

/** The `execute` statements of a PostgreSQL log (log_min_duration_statement = 0), with parameters. */
function executedStatements(log) {
  const out = [];
  const re = /execute [^:\n]*: ([\s\S]*?)\n[^\n]*DETAIL:\s+[Pp]arameters: ([^\n]*)/g;
  for (const m of log.matchAll(re)) {
    const values = [];
    for (const p of m[2].matchAll(/\$(\d+) = (NULL|'((?:[^']|'')*)')/g))
      values[Number(p[1]) - 1] = p[2] === 'NULL' ? null : p[3].replace(/''/g, "'");
    out.push({ text: m[1].replace(/\n\t/g, '\n'), values });
  }
  return out;
}
