// `npm run migration:<generate|create|run|revert> [-- Name]`: runs the TypeORM CLI against
// DATABASE_URL, or against the embedded development database under .data/ when it is not set.
import { spawnSync } from 'node:child_process';
import { startPostgres } from './dev-services.mjs';

const [command, name] = process.argv.slice(2);
const dir = 'libs/database/src/migrations';
let pg;
let url = process.env.DATABASE_URL;
if (!url) {
  pg = await startPostgres({ dataDir: '.data/postgres' });
  await pg.ensureDatabase('spbe_desk');
  url = pg.urlFor('spbe_desk');
}
const args = {
  generate: ['migration:generate', '-d', 'scripts/data-source.ts', `${dir}/${name ?? 'Change'}`],
  create: ['migration:create', `${dir}/${name ?? 'Change'}`],
  run: ['migration:run', '-d', 'scripts/data-source.ts'],
  revert: ['migration:revert', '-d', 'scripts/data-source.ts'],
}[command];
if (!args) {
  console.error('usage: node scripts/migration.mjs generate|create|run|revert [Name]');
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  [
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    'node_modules/typeorm/cli.js',
    ...args,
  ],
  { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url, TS_NODE_PROJECT: 'tsconfig.json' } },
);
if (pg) await pg.stop();
if (command !== 'create' && command !== 'generate')
  console.log('remember: list new migrations in', `${dir}/index.ts`);
process.exit(result.status ?? 1);
