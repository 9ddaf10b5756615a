import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { sqlRows } from './sql';

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
  applicationName?: string;
}

/**
 * A pg client that never crashes the process: PostgreSQL terminating a connection (57P01 on
 * shutdown or `pg_terminate_backend`, a dropped socket) emits 'error' on the client, which without
 * a listener is an uncaught exception. The query in flight fails on its own (503 by the api's
 * filter) and the pool replaces the broken client.
 */
export class ResilientPgClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', (error: Error & { code?: string }) => {
      if (!lastReport || Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        new Logger('database').warn(`connection lost (${error.code ?? error.message}); the pool reconnects`);
      }
    });
  }
}
let lastReport = 0;

/** One place that turns settings into TypeORM options; `synchronize` is always off. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    applicationName: settings.applicationName ?? 'spbe-desk',
    // TypeORM itself listens for the pool's 'error' (an idle client lost); each client listens for its own.
    extra: {
      Client: ResilientPgClient,
      max: settings.poolSize ?? 20,
      // Fail fast instead of hanging while PostgreSQL is down, so requests answer 503 promptly.
      connectionTimeoutMillis: 3000,
      statement_timeout: 30000,
    },
  };
}

const MIGRATION_LOCK = 7_340_001;

/** Applies pending migrations once even when several replicas start at the same time. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await sqlRows(runner, 'SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await sqlRows(runner, 'SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
