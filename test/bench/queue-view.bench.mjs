// GET /api/v1/tickets queue view over 1,000,000 tickets (test/bench/README.md): p95 < 20 ms.
// Seeds the tickets once with SQL, then per run: sequential requests per view (exact percentiles),
// a short autocannon run per view at 8 connections, and the same SQL straight on PostgreSQL.
//
//   node test/bench/queue-view.bench.mjs [--runs 3] [--tickets 1000000] [--requests 300] [--warmup 30]
//     [--cannon 5] [--sql 100] [--max-seconds 30] [--explain] [--skip-empty-queue]
//
// Besides the views it is asked to measure, last, a Tier 1 technician whose PD has no open ticket left.
import {
  apiPids,
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
  median,
  parseOptions,
  printTable,
  rssMb,
  runAutocannon,
  sampleCpu,
  sampleRss,
  seedTickets,
  sleep,
  startStack,
  summarise,
  verdict,
} from './lib.mjs';

const TARGET = { p95: 20, rssMb: 300 };
const opts = parseOptions(
  { tickets: 1_000_000, requests: 300, warmup: 30, cannon: 5, sql: 100, 'max-seconds': 30 },
  ['explain', 'skip-empty-queue'],
);
const QUERY = 'sort=due&status=open&limit=25';
const OPEN_STATUSES = ['new', 'assigned', 'in_progress', 'pending']; // libs/tickets/src/ticket-transitions.ts
const EMPTY_PD = { code: 'INSPEKTORAT', tier1: 'tier1.inspektorat@demo.go.id' };

await main(async () => {
  console.log(
    `# bench: queue view (GET /api/v1/tickets?${QUERY}) over ${opts.tickets.toLocaleString('en')} tickets, ` +
      `${opts.runs} run(s) of ${opts.requests} sequential requests per view (after ${opts.warmup} warm-up, ` +
      `at most ${opts['max-seconds']} s each) + ${opts.cannon} s autocannon at 8 connections per view`,
  );
  const stack = await startStack({ name: 'queue', pgFlags: PG_STAT_FLAGS });
  const { db, end } = await connectDb(stack.databaseUrl);
  const pgStat = await enablePgStatStatements(db);

  await seedTickets(db, opts.tickets);
  if (!opts['skip-empty-queue']) {
    // One PD whose Tier 1 technician has cleared the queue: the view then has no open ticket to
    // stop at, which is where a scan over the wrong index shows.
    const t0 = performance.now();
    const { rowCount } = await db.query(
      `UPDATE ticket SET status = 'closed', first_response_at = coalesce(first_response_at, created_at),
              resolved_at = now() - interval '4 days', closed_at = now() - interval '1 day', pending_reason = NULL,
              pending_since = NULL, resolution = 'Selesai ditangani.', queue_due_at = 'infinity'
        WHERE unit_id = (SELECT id FROM unit WHERE code = $1) AND status = ANY($2)`,
      [EMPTY_PD.code, OPEN_STATUSES],
    );
    await db.query('VACUUM ANALYZE ticket');
    console.log(
      `closed the ${rowCount.toLocaleString('en')} open tickets of ${EMPTY_PD.code} (empty queue view) ` +
        `in ${fmt((performance.now() - t0) / 1000)} s`,
    );
  }

  const tier1 = await actor(db, stack.baseUrl, 'tier1@demo.go.id');
  const supervisor = await actor(db, stack.baseUrl, 'supervisor@demo.go.id');
  console.log(
    `tier 1 technician's PD (${tier1.unitName}) holds ${tier1.unitTickets.toLocaleString('en')} tickets`,
  );

  // The views; page 2 uses the nextCursor of page 1 (fixed for the whole bench).
  const views = [];
  const problems = [];
  for (const [who, a] of [
    ['tier1 (Dinas Kesehatan)', tier1],
    ['supervisor (all PDs)', supervisor],
  ]) {
    const first = await getPage(stack.baseUrl, a, QUERY);
    check(first, a, who, 25);
    if (!first.nextCursor) throw new Error(`${who}: page 1 has no nextCursor`);
    views.push({ name: `${who} page 1`, actor: a, query: QUERY, after: null });
    const cursor = first.nextCursor;
    views.push({
      name: `${who} page 2`,
      actor: a,
      query: `${QUERY}&cursor=${encodeURIComponent(cursor)}`,
      after: decodeCursor(cursor),
    });
    check(await getPage(stack.baseUrl, a, views.at(-1).query), a, `${who} page 2`, 25);
  }
  if (!opts['skip-empty-queue']) {
    // Last: a slow view must not hold up the others' figures.
    const a = await actor(db, stack.baseUrl, EMPTY_PD.tier1);
    const who = `tier1 (${EMPTY_PD.code}, empty queue)`;
    check(await getPage(stack.baseUrl, a, QUERY, 60000), a, who, 0);
    views.push({ name: `${who} page 1`, actor: a, query: QUERY, after: null, extra: true });
  }

  const runs = [];
  const capMs = opts['max-seconds'] * 1000;
  for (let run = 1; run <= opts.runs; run++) {
    console.log(`\nrun ${run}/${opts.runs}`);
    const rss = sampleRss({ api: () => apiPids(stack), worker: stack.worker.pid });
    const result = {};
    for (const view of views) {
      const url = `${stack.baseUrl}/api/v1/tickets?${view.query}`;
      const headers = { authorization: `Bearer ${view.actor.token}` };
      const cap = view.extra ? capMs / 2 : capMs; // the extra view is slow by design: keep it short
      await timed(opts.warmup, cap / 3, () => timedGet(url, headers));
      const samples = await timed(opts.requests, cap, () => timedGet(url, headers));
      const seq = summarise(samples);

      const cpuMeter = sampleCpu(stack);
      const costMeter = await meterRequests(stack, pgStat ? db : null);
      const cannon = await runAutocannon({
        url,
        headers,
        connections: 8,
        duration: opts.cannon,
        timeout: 10,
      });
      const cpu = cpuMeter.stop();
      const cost = await costMeter.stop(cannon.result.requests.total);
      const conc = summarise(cannon.latencies);
      const bad = cannon.result.non2xx + cannon.result.errors;
      await waitIdle(db); // requests autocannon gave up on may still run in PostgreSQL

      const sql = summarise(await timed(opts.sql, cap / 2, () => timeSql(db, view)));
      result[view.name] = { seq, conc, rps: cannon.result.requests.average, bad, sql, cpu, cost };
      if (pgStat && run === 1 && (await sameAsApi(db, view)) === false) {
        problems.push(
          `DRIFT: the bench's SQL of ${view.name} is not the query the api ran (query ids differ)`,
        );
        console.log(problems.at(-1));
      }
      const n = (x, want) => (x.count < want ? ` (${x.count} in the time cap)` : '');
      console.log(
        `  ${view.name.padEnd(38)} sequential p50 ${fmt(seq.p50)} / p95 ${fmt(seq.p95)} / p99 ${fmt(seq.p99)} ms` +
          `${n(seq, opts.requests)} | 8 conn: ${fmt(cannon.result.requests.average, 0)} req/s, ` +
          (conc.count
            ? `p50 ${fmt(conc.p50)} / p95 ${fmt(conc.p95)} / p99 ${fmt(conc.p99)} ms`
            : `no response completed in ${opts.cannon} s`) +
          `, non-2xx+errors ${bad} | SQL alone p50 ${fmt(sql.p50, 2)} / ` +
          `p95 ${fmt(sql.p95, 2)} ms${n(sql, opts.sql)}`,
      );
      console.log(`  ${''.padEnd(38)} CPU under 8 conn (% of one core): ${cpuLine(cpu)}`);
      console.log(`  ${''.padEnd(38)} per request under 8 conn: ${costLine(cost)}`);
    }
    const mem = rss.stop();
    assertAlive(stack);
    result.apiRss = mem.peak.api;
    result.workerRss = mem.peak.worker;
    console.log(`  peak RSS api ${fmt(mem.peak.api, 0)} MB, worker ${fmt(mem.peak.worker, 0)} MB`);
    runs.push(result);
  }

  // Medians over the runs.
  const med = (view, pick) => median(runs.map((r) => pick(r[view.name])));
  console.log(`\n## queue view: median of ${runs.length} run(s), target p95 < ${TARGET.p95} ms`);
  const rows = [
    [
      'view',
      'seq p50',
      'seq p95',
      'seq p99',
      'result',
      '8c req/s',
      '8c p50',
      '8c p95',
      '8c p99',
      'result',
      'SQL p50',
      'SQL p95',
      'api CPU ms/req',
      'PG plan+exec ms/req',
    ],
  ];
  const missed = [];
  for (const view of views) {
    const seqP95 = med(view, (r) => r.seq.p95);
    const concP95 = med(view, (r) => r.conc.p95);
    const bad = runs.reduce((a, r) => a + r[view.name].bad, 0);
    rows.push([
      view.name + (view.extra ? ' *' : ''),
      fmt(med(view, (r) => r.seq.p50)),
      fmt(seqP95),
      fmt(med(view, (r) => r.seq.p99)),
      verdict(seqP95 < TARGET.p95),
      fmt(
        med(view, (r) => r.rps),
        0,
      ),
      fmt(med(view, (r) => r.conc.p50)),
      fmt(concP95),
      fmt(med(view, (r) => r.conc.p99)),
      verdict(concP95 < TARGET.p95 && bad === 0),
      fmt(
        med(view, (r) => r.sql.p50),
        2,
      ),
      fmt(
        med(view, (r) => r.sql.p95),
        2,
      ),
      fmt(
        med(view, (r) => r.cost.cpuMs),
        2,
      ),
      `${fmt(
        med(view, (r) => r.cost.planMs),
        3,
      )}+${fmt(
        med(view, (r) => r.cost.execMs),
        3,
      )}`,
    ]);
    if (!(seqP95 < TARGET.p95) || !(concP95 < TARGET.p95) || bad) missed.push(view);
  }
  printTable(rows);
  console.log(
    'seq = sequential requests (one client), 8c = autocannon at 8 connections, SQL = the query alone on PostgreSQL' +
      (opts['skip-empty-queue'] ? '' : `\n* extra view, not among the targets: a PD whose queue is empty`),
  );
  const apiRss = median(runs.map((r) => r.apiRss));
  console.log(
    `api peak RSS (median) ${fmt(apiRss, 0)} MB, target < ${TARGET.rssMb} MB: ${verdict(apiRss < TARGET.rssMb)}; ` +
      `worker ${fmt(median(runs.map((r) => r.workerRss)), 0)} MB (now: api ${fmt(
        apiPids(stack).reduce((a, p) => a + (rssMb(p) ?? 0), 0),
        0,
      )} MB)`,
  );
  const failed = runs.reduce((a, r) => a + views.reduce((b, v) => b + r[v.name].bad, 0), 0);
  if (failed) console.log(`non-2xx responses or errors under load: ${failed}`);
  for (const p of problems) console.log(p);

  for (const view of opts.explain ? views : missed) {
    console.log(
      `\n## EXPLAIN (ANALYZE, BUFFERS) of ${view.name}${opts.explain ? '' : ' (missed the target)'}`,
    );
    const { text, params } = listSql(view);
    console.log(text.replace(/\s+/g, ' ').trim(), '\n-- params', JSON.stringify(params));
    const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    for (const row of plan.rows) console.log(row['QUERY PLAN']);
  }
  await end();
  console.log(
    `\nqueue view: ${missed.length ? `TARGET MISSED by ${missed.map((v) => v.name).join(', ')}` : 'all targets met'}` +
      (problems.length ? ` (and ${problems.length} problem(s) reported above)` : ''),
  );
  return 0;
});

/** Calls `fn` (returning ms) up to `n` times, stopping after `capMs` (at least 3 calls). */
async function timed(n, capMs, fn) {
  const samples = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    samples.push(await fn());
    if (i >= 2 && performance.now() - t0 > capMs) break;
  }
  return samples;
}

/** Waits (at most 60 s) until no other query runs in the bench database. */
async function waitIdle(db) {
  for (let i = 0; i < 600; i++) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].n === 0) return;
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------

async function timedGet(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return ms;
}

async function getPage(baseUrl, a, query, timeoutMs = 10000) {
  const res = await fetch(`${baseUrl}/api/v1/tickets?${query}`, {
    headers: { authorization: `Bearer ${a.token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET /tickets?${query} as ${a.email}: HTTP ${res.status} ${body}`);
  return JSON.parse(body);
}

/** Sanity of a page: as many items as expected, open tickets only, within the actor's PD for Tier 1. */
function check(page, a, who, expected) {
  if (page.items.length !== expected)
    throw new Error(`${who}: expected ${expected} items, got ${page.items.length}`);
  for (const t of page.items) {
    if (!OPEN_STATUSES.includes(t.status)) throw new Error(`${who}: ticket ${t.number} is ${t.status}`);
    if (a.scoped && t.unit.id !== a.unitId) throw new Error(`${who}: ticket ${t.number} of another PD`);
  }
}

async function actor(db, baseUrl, email) {
  const token = await login(baseUrl, email);
  const {
    rows: [u],
  } = await db.query(
    `SELECT u.id, u.unit_id AS "unitId", un.name AS "unitName", 'supervisor' = ANY(u.roles) AS supervisor,
            (SELECT count(*) FROM ticket t WHERE t.unit_id = u.unit_id)::int AS "unitTickets"
       FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.email = $1`,
    [email],
  );
  return { email, token, ...u, scoped: !u.supervisor };
}

function decodeCursor(cursor) {
  const [, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  return { key, id };
}

/**
 * The SQL of TicketListQuery.list() for these views (libs/tickets/src/ticket-list.query.ts with the
 * scope of ticket-visibility.ts): a Tier 1 technician sees their PD, a supervisor everything; the
 * open statuses and the limit are constants, the SLA clocks a subquery per row. The bench checks
 * that PostgreSQL gives it the same query id as the api's statement (see sameAsApi).
 */
function listSql(view) {
  const params = [];
  const where = [];
  if (view.actor.scoped) where.push(`t.unit_id = $${params.push(view.actor.unitId)}`);
  else where.push('TRUE');
  where.push(`t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  if (view.after) {
    where.push(
      `(t.queue_due_at, t.id) > ($${params.push(view.after.key)}::timestamptz, $${params.push(view.after.id)}::uuid)`,
    );
  }
  const text = `
    SELECT t.id, t.number, t.kind, t.title, t.description, t.category_id AS "categoryId", t.impact, t.urgency,
      t.priority, t.channel, t.requester_id AS "requesterId", t.created_by_id AS "createdById", t.unit_id AS "unitId",
      t.desk_id AS "deskId", t.tier, t.team_id AS "teamId", t.assignee_id AS "assigneeId",
      t.tier1_assignee_id AS "tier1AssigneeId", t.status, t.pending_reason AS "pendingReason", t.resolution,
      t.cancel_reason AS "cancelReason", t.first_response_at AS "firstResponseAt", t.escalated_at AS "escalatedAt",
      t.pending_since AS "pendingSince", t.pending_until AS "pendingUntil", t.resolved_at AS "resolvedAt",
      t.auto_close_at AS "autoCloseAt", t.closed_at AS "closedAt", t.cancelled_at AS "cancelledAt",
      t.response_due_at AS "responseDueAt", t.resolution_due_at AS "resolutionDueAt", t.rating_score AS "ratingScore",
      t.rating_comment AS "ratingComment", t.rated_at AS "ratedAt", t.version, t.created_at AS "createdAt",
      t.updated_at AS "updatedAt", t.queue_due_at::text AS "dueKey", t.created_at::text AS "createdKey",
      c.name AS "categoryName", r.name AS "requesterName", r.phone AS "requesterPhone",
      r.location_room AS "requesterRoom", r.location_floor AS "requesterFloor", u.name AS "unitName",
      tm.name AS "teamName", a.name AS "assigneeName",
      (SELECT jsonb_object_agg(k.clock, jsonb_build_object('startedAt', k.started_at, 'dueAt', k.due_at,
              'warnedAt', k.warned_at, 'breachedAt', k.breached_at, 'metAt', k.met_at, 'pausedAt', k.paused_at,
              'stoppedAt', k.stopped_at))
         FROM ticket_sla_clock k WHERE k.ticket_id = t.id) AS "slaClocks"
    FROM ticket t
      JOIN app_user r ON r.id = t.requester_id
      JOIN unit u ON u.id = t.unit_id
      LEFT JOIN category c ON c.id = t.category_id
      LEFT JOIN team tm ON tm.id = t.team_id
      LEFT JOIN app_user a ON a.id = t.assignee_id
    WHERE ${where.join(' AND ')} ORDER BY t.queue_due_at ASC, t.id ASC LIMIT 26`;
  return { text, params };
}

/**
 * Whether PostgreSQL parses the bench's SQL of `view` into the same query as one the api ran (same
 * pg_stat_statements query id), so the "SQL alone" column measures the api's own query. Null when
 * pg_stat_statements is not loaded.
 */
async function sameAsApi(db, view) {
  const { text, params } = listSql(view);
  // Text, not JSON: the 64-bit id would lose digits as a JavaScript number.
  const plan = await db.query(`EXPLAIN (VERBOSE) ${text}`, params);
  const line = plan.rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Query Identifier:'));
  const id = line?.split(':')[1].trim();
  if (id === undefined) return null;
  const { rows } = await db.query(
    `SELECT calls FROM pg_stat_statements WHERE queryid = $1::bigint AND query NOT LIKE 'EXPLAIN%'`,
    [id],
  );
  return rows.length > 0 && Number(rows[0].calls) > 0;
}

/**
 * The view's SQL once, straight on PostgreSQL, in ms: a named prepared statement, planned once on
 * this connection, as the api's repository sends it.
 */
async function timeSql(db, view) {
  const { text, params } = listSql(view);
  const t0 = performance.now();
  await db.query({ name: `bench ${view.name}`, text, values: params });
  return performance.now() - t0;
}
