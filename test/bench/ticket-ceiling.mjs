// The database's ceiling for filing tickets: how many tickets per second PostgreSQL alone takes on
// this machine when it runs exactly the statements one filed ticket costs, with nothing else (no
// HTTP, no Node) in the way. See docs/write-path-performance.md.
//
//   node test/bench/ticket-ceiling.mjs [--clients 32] [--duration 15] [--runs 3] [--calibrate] [--batch 16]
//   CEILING_TRY_SQL='<DDL>' also runs the same after that statement (a schema change, back to back).
//
// 1. Starts the bench stack (api, worker, PostgreSQL with pg_stat_statements), files 60 tickets
//    over HTTP so every connection has prepared its statements, and waits for the outbox to drain.
// 2. Logs every statement with its parameters (`log_min_duration_statement = 0`) while ONE ticket
//    is filed over HTTP and the worker handles its `ticket.created` event, and writes those
//    statements into a pgbench script (`<temp>/ticket.pgbench`, also printed): the filing
//    statement's `SELECT id` is kept with `\gset`, and every later statement that named the filed
//    ticket names the new one instead. Parameters become typed literals (their types come from a
//    `PREPARE` of the same text), so pgbench's prepared mode plans each statement once per client,
//    as the api's and the worker's prepared statements are.
// 3. Stops the api and the worker (nothing else writes), then runs `pgbench -M prepared` at
//    `--clients` for `--duration` s, `--runs` times, and prints tickets/s, the mean latency, the
//    PostgreSQL CPU per ticket and every statement's execution ms per ticket.
// 4. With `--batch N` (N > 1): also captures a group-commit filing statement (filings held behind a
//    lock on ticket_search until the api's batchers queue them) and runs the filing statement
//    alone and that batch statement: PostgreSQL CPU per ticket of one ticket vs N per statement.
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  connectDb,
  cpuSeconds,
  fmt,
  login,
  main,
  median,
  parseOptions,
  printTable,
  processFamily,
  sleep,
  startStack,
} from './lib.mjs';
import { calibrationLine, pgbenchCalibration } from './pg-insight.mjs';

const run = promisify(execFile);
const opts = parseOptions({ clients: 32, duration: 15, batch: 1 }, ['calibrate']);

const BODY = JSON.stringify({
  kind: 'incident',
  title: 'Internet mati di ruang pelayanan',
  description: 'Sejak pagi semua komputer tidak bisa membuka situs apa pun.',
  impact: 2,
  urgency: 2,
});

// The bench's own polling and the worker's timers that do not belong to one ticket.
const NOT_PER_TICKET =
  /pg_stat_statements|pg_reload_conf|ALTER SYSTEM|count\(\*\) AS n FROM|^(BEGIN|COMMIT|START TRANSACTION|ROLLBACK|SELECT 1|LISTEN|UNLISTEN)\b/i;

await main(async () => {
  const stack = await startStack({
    name: 'ceiling',
    pgFlags: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=top'],
  });
  const { db, end } = await connectDb(stack.databaseUrl);
  const scalar = async (sql) => Number((await db.query(sql)).rows[0].n);
  const token = await login(stack.baseUrl, 'pegawai@demo.go.id');
  const file = async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: BODY,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /tickets: HTTP ${res.status} ${text}`);
    return JSON.parse(text);
  };
  const drain = async () => {
    for (let i = 0; i < 300; i++) {
      if ((await scalar('SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL')) === 0) return;
      await sleep(100);
    }
    throw new Error('the outbox did not drain in 30 s');
  };
  await Promise.all(Array.from({ length: 60 }, () => file()));
  await drain();
  await sleep(1000);

  // --- capture one ticket's statements -------------------------------------------------------
  const log = join(stack.dir, 'logs/postgres.log');
  const settings = { log_min_duration_statement: '0', log_parameter_max_length: '-1' };
  for (const [k, v] of Object.entries(settings)) await db.query(`ALTER SYSTEM SET ${k} = '${v}'`);
  await db.query('SELECT pg_reload_conf()');
  await sleep(700);
  const offset = statSync(log).size;
  const ticket = await file();
  await drain();
  const mails = async () =>
    scalar(`SELECT count(*) AS n FROM mail_message WHERE aggregate_id = '${ticket.id}'`);
  for (let i = 0; i < 50 && (await mails()) === 0; i++) await sleep(100);
  await sleep(1500);
  // --batch: hold the filing statements behind a lock on the search table until every api
  // process's batcher has its in-flight filings waiting and the rest queued, then release: the
  // queued ones go to the database as group-commit statements, one of which is captured too.
  const batchOffset = statSync(log).size;
  if (opts.batch > 1) {
    const waitingFilings = () =>
      scalar(`SELECT count(*) AS n FROM pg_stat_activity
               WHERE wait_event_type = 'Lock' AND query LIKE 'WITH ins AS%'`);
    await db.query('BEGIN');
    await db.query('LOCK TABLE ticket_search IN SHARE MODE');
    const held = Array.from({ length: 8 }, () => file());
    for (let i = 0, last = -1; i < 50; i++) {
      await sleep(200);
      const n = await waitingFilings();
      if (n === last && n > 0) break;
      last = n;
    }
    const queued = Array.from({ length: opts.batch * 2 }, () => file());
    await sleep(2000);
    await db.query('ROLLBACK');
    await Promise.all([...held, ...queued]);
    await drain();
    await sleep(1500);
  }
  for (const k of Object.keys(settings)) await db.query(`ALTER SYSTEM RESET ${k}`);
  await db.query('SELECT pg_reload_conf()');
  await sleep(500);
  const all = readFileSync(log, 'utf8');
  const captured = statementsOf(all.slice(offset, batchOffset));
  const eventId = String(
    (await db.query(`SELECT id FROM outbox_event WHERE aggregate_id = $1`, [ticket.id])).rows[0].id,
  );
  // The outbox relay claims up to 200 events at a time (a fraction of a claim per ticket under
  // load): its claim and its "published" mark run as a script of their own, 1 per 5 tickets.
  const isRelay = (s) => /outbox_event/.test(s.sql) && /SKIP LOCKED|SET published_at/.test(s.sql);
  const relayClaim = captured.find((s) => isRelay(s) && /SKIP LOCKED/.test(s.sql));
  const perTicket = captured.filter((s) => !NOT_PER_TICKET.test(s.sql.trim()) && !isRelay(s));
  const filingAt = perTicket.findIndex((s) => /^WITH ins AS \(\s*INSERT INTO ticket/.test(s.sql.trim()));
  if (filingAt < 0) throw new Error('the filing statement was not captured');
  const ids = { ticketId: ticket.id, eventId };
  // The request's reads before the filing (the caller's account) run first, as in the api.
  const script = ['\\set r random(1, 1000000000000)'];
  for (const [i, s] of perTicket.entries()) script.push(await pgbenchStatement(db, s, ids, i === filingAt));
  const text = script.join('\n\n') + '\n';
  const scriptPath = join(stack.dir, 'ticket.pgbench');
  writeFileSync(scriptPath, text);
  const relayPath = join(stack.dir, 'relay.pgbench');
  const claim = (await pgbenchStatement(db, relayClaim, ids, false)).replace(/;$/, '');
  writeFileSync(
    relayPath,
    `WITH claimed AS (${claim})\nUPDATE outbox_event o SET published_at = now(), attempts = o.attempts + 1\n` +
      `  FROM claimed WHERE o.id = claimed.id;\n`,
  );
  console.log(`\n## the statements of one filed ticket (${perTicket.length}) in the pgbench script\n`);
  for (const s of perTicket) {
    const flat = s.sql.replace(/\s+/g, ' ').trim();
    console.log(`- ${flat.slice(0, 140)}${flat.length > 140 ? ` ... (${flat.length} chars)` : ''}`);
  }

  // --- nothing else writes: stop the api and the worker, then pgbench ---------------------------
  for (const child of [stack.api, stack.worker]) {
    await new Promise((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res();
      child.once('exit', res);
      child.kill('SIGTERM');
    });
  }
  const pgbench = process.env.PGBENCH ?? 'pgbench';
  const pgPid = Number(readFileSync(join(stack.dir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
  const measure = async (label, scripts = [`${scriptPath}@5`, `${relayPath}@1`]) => {
    const runs = [];
    for (let i = 1; i <= opts.runs; i++) {
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await db.query('SELECT pg_stat_statements_reset()');
      const cpu0 = pgCpu(pgPid);
      const tickets0 = await scalar('SELECT count(*) AS n FROM ticket');
      const t0 = performance.now();
      const { stdout } = await run(
        pgbench,
        ['-n', '-M', 'prepared', '-c', String(opts.clients), '-j', '2', '-T', String(opts.duration)]
          .concat(scripts.flatMap((f) => ['-f', f]))
          .concat([stack.databaseUrl]),
        { maxBuffer: 1 << 24 },
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = pgCpu(pgPid) - cpu0;
      const tickets = (await scalar('SELECT count(*) AS n FROM ticket')) - tickets0;
      const failed = Number(stdout.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
      const { rows } = await db.query(
        `SELECT calls, total_exec_time AS exec, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query !~* 'pg_stat_statements|count\\(\\*\\) AS n FROM'
          ORDER BY total_exec_time DESC`,
      );
      const execMs = rows.reduce((acc, r) => acc + Number(r.exec), 0) / tickets;
      const r = { tps: tickets / seconds, failed, tickets, cpuMs: (cpu * 1000) / tickets, execMs, rows };
      runs.push(r);
      console.log(
        `${label} run ${i}/${opts.runs}: ${fmt(r.tps, 0)} tickets/s (${tickets} tickets, ${failed} failed ` +
          `transactions), PostgreSQL CPU ${fmt(r.cpuMs, 3)} ms and execution ${fmt(execMs, 3)} ms per ticket`,
      );
    }
    const last = runs.at(-1);
    console.log(`\n## ${label}: every statement of the last run, per ticket (${last.tickets} tickets)`);
    printTable([
      ['calls/ticket', 'exec ms/ticket', 'query'],
      ...last.rows
        .filter((r) => r.calls / last.tickets >= 0.005)
        .map((r) => [fmt(r.calls / last.tickets, 2), fmt(r.exec / last.tickets, 3), r.query]),
    ]);
    const m = (k) => median(runs.map((r) => r[k]));
    return (
      `${fmt(m('tps'), 0)} tickets/s at ${opts.clients} clients, PostgreSQL CPU ` +
      `${fmt(m('cpuMs'), 3)} ms and execution ${fmt(m('execMs'), 3)} ms per ticket (median of ${runs.length})`
    );
  };
  const results = [['as migrated', await measure('as migrated')]];
  if (opts.batch > 1) {
    // The filing statement alone, one ticket per statement, then the largest captured batch.
    const filingOnly = join(stack.dir, 'filing.pgbench');
    writeFileSync(filingOnly, `${script[0]}\n${script[filingAt + 1]}\n`);
    results.push(['filing statement, 1 ticket each', await measure('filing alone', [filingOnly])]);
    const batches = statementsOf(all.slice(batchOffset)).filter((s) => /^WITH ins AS/.test(s.sql.trim()));
    const rowsOf = (s) => (s.sql.match(/\bins_\d+ AS/g) ?? []).length;
    const biggest = batches.sort((a, b) => rowsOf(b) - rowsOf(a))[0];
    if (!biggest || rowsOf(biggest) < 2) {
      console.log('no group-commit statement was captured (did the batcher see the queued filings?)');
    } else {
      const ticketIds = new Set(
        (
          await db.query(`SELECT id::text FROM ticket WHERE id::text = ANY($1::text[])`, [
            Object.values(biggest.params).filter((v) => typeof v === 'string'),
          ])
        ).rows.map((r) => r.id),
      );
      const batchPath = join(stack.dir, 'filing-batch.pgbench');
      writeFileSync(
        batchPath,
        `\\set r random(1, 1000000000000)\n${await pgbenchStatement(db, biggest, { ...ids, batchIds: [...ticketIds] }, false)}\n`,
      );
      results.push([
        `filing statement, ${rowsOf(biggest)} tickets each`,
        await measure(`filing ${rowsOf(biggest)} at once`, [batchPath]),
      ]);
    }
  }
  // CEILING_TRY_SQL="ALTER INDEX ...": the same runs again after a schema change, back to back.
  if (process.env.CEILING_TRY_SQL) {
    console.log(`\ntrying: ${process.env.CEILING_TRY_SQL}`);
    await db.query(process.env.CEILING_TRY_SQL);
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT');
    results.push(['after CEILING_TRY_SQL', await measure('after CEILING_TRY_SQL')]);
  }
  if (opts.calibrate)
    console.log(`\npgbench -S after the runs: ${calibrationLine(await pgbenchCalibration(stack))}`);
  await end();
  console.log("\n## the database's ceiling for filing tickets");
  for (const [label, line] of results) console.log(`${label}: ${line}`);
  return 0;
});

/**
 * CPU seconds of PostgreSQL: the postmaster's own and its reaped children's (`cutime`, `cstime`:
 * the backends pgbench closed), plus every live child's (walwriter, checkpointer, open backends).
 */
function pgCpu(postmaster) {
  const fieldsOf = (pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    } catch {
      return null;
    }
  };
  const own = fieldsOf(postmaster);
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) / 100;
  for (const pid of processFamily(postmaster)) if (pid !== postmaster) total += cpuSeconds(pid);
  return total;
}

/**
 * The statements of a PostgreSQL log with `log_min_duration_statement = 0`: "execute <name>: SQL"
 * (extended protocol; its "parse" and "bind" steps are skipped) or "statement: SQL", each with the
 * "DETAIL:  Parameters: $1 = '...', ..." line that follows it.
 */
function statementsOf(text) {
  const clean = text.replaceAll('[STDERR] ', '');
  const out = [];
  let current = null;
  let detail = false;
  for (const line of clean.split('\n')) {
    const head = line.match(/LOG:\s+duration: [\d.]+ ms\s+(execute [^:]+|statement): (.*)$/);
    if (head) {
      current = { sql: head[2], params: {} };
      detail = false;
      out.push(current);
      continue;
    }
    const params = line.match(/DETAIL:\s+Parameters: (.*)$/);
    if (params && current) {
      current.paramText = params[1];
      detail = true;
      continue;
    }
    if (!current) continue;
    if (/^\S.*(LOG|DETAIL|ERROR|STATEMENT|WARNING):/.test(line) || /^\d{4}-\d\d-\d\d /.test(line)) {
      current = null;
      continue;
    }
    if (detail) current.paramText += `\n${line}`;
    else current.sql += `\n${line}`;
  }
  for (const s of out) s.params = parseParams(s.paramText ?? '');
  return out;
}

/** "$1 = 'a', $2 = NULL, $3 = 'it''s'" -> { 1: "a", 2: null, 3: "it's" }. */
function parseParams(text) {
  const params = {};
  const re = /\$(\d+) = (NULL|'((?:[^']|'')*)')(?:, |$)/gy;
  let m;
  while ((m = re.exec(text))) params[m[1]] = m[2] === 'NULL' ? null : m[3].replaceAll("''", "'");
  return params;
}

/**
 * One captured statement as pgbench SQL: each `$n` becomes a literal cast to the type PostgreSQL
 * infers for it. A parameter that is (or contains) the filed ticket's id names `:id` instead (the
 * mails' dedupe keys, "<event id>_<user id>", become "<ticket id>_<user id>", unique per ticket as
 * well); the filing statement keeps the new ticket's id with `\gset`.
 */
async function pgbenchStatement(db, s, { ticketId, eventId, batchIds: given = [] }, isFiling) {
  // The filing statement names the ticket's id it makes (in Node): a fresh one per transaction.
  const batchIds = isFiling ? [ticketId] : given;
  const numbers = Object.keys(s.params).map(Number);
  let types = [];
  if (numbers.length) {
    await db.query(`PREPARE ceiling_probe AS ${s.sql}`);
    const { rows } = await db.query(
      `SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'ceiling_probe'`,
    );
    await db.query('DEALLOCATE ceiling_probe');
    types = rows[0].types;
  }
  const quote = (v) => `'${v.replaceAll("'", "''")}'`;
  // pgbench reads ":name" anywhere as a variable (also the ":30" of a time): no colon in a literal.
  const text = (v) =>
    v.includes(':') ? `convert_from('\\x${Buffer.from(v).toString('hex')}'::bytea, 'UTF8')` : quote(v);
  const literal = (n) => {
    const v = s.params[n];
    const type = types[n - 1];
    if (v === null || v === undefined) return `NULL::${type}`;
    // A filing statement names its tickets' ids (made in Node): a fresh one per transaction.
    const k = batchIds.indexOf(v);
    if (k >= 0) return `md5(:client_id::text || '-' || :r::text || '-${k}')::${type}`;
    if (v === ticketId) return `(:id)::${type}`;
    const own = v.replaceAll(`${eventId}_`, '@ID@_').replaceAll(ticketId, '@ID@');
    if (own !== v) return `replace(${text(own)}, '@ID@', :id)::${type}`;
    return `${text(v)}::${type}`;
  };
  let sql = s.sql.trim().replace(/;$/, '');
  sql = sql.replace(/\$(\d+)\b/g, (_, n) => literal(Number(n)));
  if (isFiling) return `${sql}\n\\gset`;
  return `${sql};`;
}
