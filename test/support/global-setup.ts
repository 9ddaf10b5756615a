import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nativeImport } from './native-import';

export const TEMPLATE_DB = 'desk_template';

/**
 * Starts a throwaway PostgreSQL and redis-server for the whole run, migrates a template database once
 * (each test file clones it), and hands the URLs to the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const services = await nativeImport(pathToFileURL(join(root, 'scripts/dev-services.mjs')).href);
  const dir = mkdtempSync(join(tmpdir(), 'spbe-desk-test-'));
  chmodSync(dir, 0o755); // the postgres user must reach its data folder inside
  const pg = await services.startPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  const redis = await services.startRedis({ dataDir: join(dir, 'redis'), persistent: false });
  await pg.ensureDatabase(TEMPLATE_DB);

  // The TypeORM migration CLI, as `npm run migration:run` uses it, in a child process: loading
  // TypeORM and the migrations here would leave timers that keep jest from exiting.
  const migrate = spawnSync(process.execPath, [join(root, 'scripts/migration.mjs'), 'run'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: pg.urlFor(TEMPLATE_DB) },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  process.env.TEST_PG_ADMIN_URL = pg.adminUrl;
  process.env.TEST_PG_URL_BASE = pg.urlFor('');
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_TMP_DIR = dir;
  (globalThis as Record<string, unknown>).__DESK_SERVICES__ = { pg, redis, dir };
}
