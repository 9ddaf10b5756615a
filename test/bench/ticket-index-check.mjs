// Which of the ticket table's indexes the list views read, and what dropping candidates costs them:
// seeds --tickets tickets, reads every list view shape the web asks for (sort by due or by creation,
// open, one status or none, as a supervisor, a Tier 1 technician, a Tier 2 technician, a requester),
// prints each view's median latency and the ticket indexes it scanned (pg_stat_user_indexes), then
// drops the DROP_INDEXES indexes and reads the views again.
//
//   DROP_INDEXES=idx1,idx2 node test/bench/ticket-index-check.mjs [--tickets 200000]
import {
  connectDb,
  fmt,
  login,
  main,
  median,
  parseOptions,
  printTable,
  seedTickets,
  sleep,
  startStack,
} from './lib.mjs';

const opts = parseOptions({ tickets: 200_000 });
const DROP = process.env.DROP_INDEXES ?? 'ticket_queue_idx,ticket_unit_queue_idx,ticket_team_queue_idx';

const QUERIES = [
  'sort=due&status=open&limit=25',
  'sort=due&status=new&limit=25',
  'sort=due&status=closed&limit=25',
  'sort=due&status=resolved&limit=25',
  'sort=due&limit=25',
  'sort=due&status=open&breached=true&limit=25',
  'sort=created&limit=25',
  'sort=created&status=closed&limit=25',
];

await main(async () => {
  const stack = await startStack({ name: 'index-check' });
  const { db, end } = await connectDb(stack.databaseUrl);
  await seedTickets(db, opts.tickets);
  await db.query('VACUUM ANALYZE ticket');
  const email = async (role) =>
    (
      await db.query(
        `SELECT u.email FROM app_user u
          WHERE $1 = ANY(u.roles) AND u.active
            AND ($1 <> 'tier2' OR EXISTS (SELECT 1 FROM team_member m WHERE m.user_id = u.id))
          ORDER BY (SELECT count(*) FROM ticket t WHERE t.unit_id = u.unit_id) DESC, u.email LIMIT 1`,
        [role],
      )
    ).rows[0].email;
  const actors = [];
  for (const role of ['supervisor', 'tier1', 'tier2', 'requester']) {
    const who = await email(role);
    actors.push({ role, token: await login(stack.baseUrl, who) });
  }

  const scans = async () => {
    await sleep(1200); // the api's backends flush their statistics when idle
    const { rows } = await db.query(
      `SELECT indexrelname AS name, idx_scan::int AS n FROM pg_stat_user_indexes WHERE relname = 'ticket'`,
    );
    return new Map(rows.map((r) => [r.name, r.n]));
  };
  const measure = async () => {
    const out = [];
    for (const a of actors) {
      for (const q of QUERIES) {
        const url = `${stack.baseUrl}/api/v1/tickets?${q}`;
        const get = async () => {
          const t0 = performance.now();
          const res = await fetch(url, { headers: { authorization: `Bearer ${a.token}` } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${a.role} ${q}: HTTP ${res.status}`);
          return performance.now() - t0;
        };
        for (let i = 0; i < 3; i++) await get(); // warm and prepared
        const before = await scans();
        const times = [];
        for (let i = 0; i < 7; i++) times.push(await get());
        const after = await scans();
        const used = [...after].filter(([k, n]) => n > (before.get(k) ?? 0)).map(([k]) => k);
        out.push({ view: `${a.role} ${q}`, ms: median(times), used: used.join(' ') });
      }
    }
    return out;
  };

  const with_ = await measure();
  const drop = DROP.split(',').filter(Boolean);
  for (const name of drop) await db.query(`DROP INDEX IF EXISTS ${name}`);
  const without = await measure();
  console.log(
    `\n## list views over ${opts.tickets.toLocaleString('en')} tickets: median ms of 7, indexes scanned`,
  );
  console.log(`dropped for the second column: ${drop.join(', ')}`);
  printTable([
    ['view', 'ms', 'indexes', `ms without`, 'indexes without'],
    ...with_.map((r, i) => [r.view, fmt(r.ms), r.used, fmt(without[i].ms), without[i].used]),
  ]);
  await end();
  return 0;
});
