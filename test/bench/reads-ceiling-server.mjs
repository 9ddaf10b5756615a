// The bare minimum of a read over HTTP, for bench:reads-ceiling: node:http and pg, no framework,
// no authentication, no mapping. It runs the api's own prepared statements (text and parameters
// captured from PostgreSQL's log by the bench) and answers their rows as JSON:
//   GET /queue -> { items: rows, nextCursor }     GET /ticket/<n> -> the row of statement n
// Environment: DATABASE_URL, PORT, CEILING_STATEMENTS (JSON { queue: {text, values},
// tickets: [{text, values}] }), DB_POOL_SIZE (default 10, as the api), CEILING_PROCESSES (default 1:
// with more, a cluster primary forks that many servers on the one port, as the api's API_PROCESSES).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import pg from 'pg';

const processes = Number(process.env.CEILING_PROCESSES ?? 1);
if (processes > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < processes; i++)
    cluster
      .fork()
      .on('listening', () => ++listening === processes && console.log('ceiling server listening'));
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers)) worker.kill('SIGTERM');
    process.exit(0);
  });
} else {
  serve();
}

function serve() {
  const statements = JSON.parse(process.env.CEILING_STATEMENTS);
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
  });

  const server = createServer(async (req, res) => {
    try {
      let body;
      if (req.url === '/queue') {
        const { rows } = await pool.query({ name: 'ceiling-queue', ...statements.queue });
        body = JSON.stringify({
          items: rows.slice(0, 25),
          nextCursor: rows.length > 25 ? 'x'.repeat(60) : null,
        });
      } else {
        const n = Number(req.url.split('/')[2]);
        const st = statements.tickets[n % statements.tickets.length];
        const { rows } = await pool.query({ name: 'ceiling-ticket', text: st.text, values: st.values });
        body = JSON.stringify(rows[0]);
      }
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error.message));
    }
  });
  server.listen(
    Number(process.env.PORT),
    '127.0.0.1',
    () => processes === 1 && console.log('ceiling server listening'),
  );
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}
