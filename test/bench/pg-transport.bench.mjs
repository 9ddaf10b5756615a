// What loopback TCP costs against PostgreSQL's Unix socket, per query, on both sides: the client's
// CPU (this process) and the server backends' CPU (/proc/<pid>/stat), for a query shaped like a queue
// page (26 rows, ~36 KB) and one like a ticket by id (1 row), 8 connections at once, the two
// transports alternated round by round in one sitting (docs/read-path-performance.md).
//
//   node test/bench/pg-transport.bench.mjs [--rounds 5] [--queries 3000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../../scripts/dev-services.mjs';
import { cpuSeconds, fmt, main, median, parseOptions } from './lib.mjs';

const opts = parseOptions({ rounds: 5, queries: 3000 });
const CONNECTIONS = 8;
const SHAPES = {
  'queue page (26 rows)': `SELECT g AS id, repeat('x', 1300) AS body, now() AS created_at, now() AS updated_at
       FROM generate_series(1, 26) g`,
  'ticket by id (1 row)': `SELECT 1 AS id, repeat('x', 1300) AS body, now() AS created_at, now() AS updated_at`,
};

await main(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgt-'));
  const server = await startPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  try {
    const urls = { tcp: server.urlFor('postgres'), socket: server.socketUrlFor('postgres') };
    if (!server.socketDir) throw new Error('no socket: the data directory path is too long');
    const results = {};
    for (let round = 0; round < opts.rounds; round++) {
      for (const [shape, text] of Object.entries(SHAPES)) {
        for (const transport of round % 2 ? ['socket', 'tcp'] : ['tcp', 'socket']) {
          const clients = [];
          for (let i = 0; i < CONNECTIONS; i++) {
            const c = new pg.Client({ connectionString: urls[transport] });
            await c.connect();
            const { rows } = await c.query('SELECT pg_backend_pid() AS pid');
            clients.push({ c, pid: rows[0].pid });
          }
          const query = { name: 'shape', text };
          for (const { c } of clients) await c.query(query); // prepared on each connection
          const serverBefore = clients.reduce((s, { pid }) => s + cpuSeconds(pid), 0);
          const clientBefore = process.cpuUsage();
          let left = opts.queries;
          await Promise.all(
            clients.map(async ({ c }) => {
              while (left-- > 0) await c.query(query);
            }),
          );
          const used = process.cpuUsage(clientBefore);
          const serverCpu = clients.reduce((s, { pid }) => s + cpuSeconds(pid), 0) - serverBefore;
          for (const { c } of clients) await c.end();
          const key = `${shape} over ${transport}`;
          (results[key] ??= { client: [], server: [] }).client.push(
            (used.user + used.system) / 1000 / opts.queries,
          );
          results[key].server.push((serverCpu * 1000) / opts.queries);
        }
      }
    }
    console.log(`${opts.rounds} rounds of ${opts.queries} queries on ${CONNECTIONS} connections, medians:`);
    for (const [key, r] of Object.entries(results))
      console.log(
        `  ${key.padEnd(34)} client ${fmt(median(r.client), 3)} ms CPU/query, server ${fmt(median(r.server), 3)} ms`,
      );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
