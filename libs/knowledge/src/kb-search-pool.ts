import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/**
 * Connections per api process kept for search and suggest (idle ones close after 10 s). The api runs
 * one process per core, so PostgreSQL runs at most two of these statements per core at once; more
 * only take turns on the same cores, and under 8 connections suggest answered its 95th percentile
 * 1-3 ms later with 6 (docs/knowledge-base.md).
 */
export const KB_SEARCH_POOL_SIZE = 2;

/**
 * The connections that run the search and suggest statements: the app's own database settings, and
 * `plan_cache_mode = force_generic_plan` for the session, so each connection plans a statement once
 * (at its first call) instead of at every call.
 *
 * Why a pool of their own: PostgreSQL plans a prepared statement anew for each call (a "custom
 * plan") when that looks cheaper than one plan for any value, which it does for these statements
 * because a text-search parameter makes the generic plan's row estimates poor. Yet every CTE of
 * them is MATERIALIZED and every index scan a bitmap scan whatever the words, so the generic plan
 * has the same shape and runs as fast (`docs/knowledge-base.md`); only the planning, about half a
 * millisecond of PostgreSQL's CPU a request, goes. The setting cannot be given per statement, and on
 * the app's shared pool it would also switch the unnamed (unprepared) statements of the rest of the
 * app to generic plans, which would hurt those whose best plan depends on their values.
 */
@Injectable()
export class KbSearchPool implements OnApplicationShutdown {
  private pool?: Pool;

  constructor(private readonly dataSource: DataSource) {}

  /** The pool, created at the first search. */
  get(): Pool {
    this.pool ??= this.create();
    return this.pool;
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private create(): Pool {
    // The app's own connection settings (`dataSourceOptions`: the URL, the client class that survives
    // a dropped connection, the timeouts), with fewer connections and generic plans.
    const o = this.dataSource.options as PostgresConnectionOptions;
    const shared = (o.extra ?? {}) as PoolConfig;
    const pool = new Pool({
      ...shared,
      connectionString: o.url,
      application_name: `${o.applicationName ?? 'spbe-desk'} kb-search`,
      max: Math.min(KB_SEARCH_POOL_SIZE, shared.max ?? KB_SEARCH_POOL_SIZE),
      idleTimeoutMillis: 10_000,
      options: '-c plan_cache_mode=force_generic_plan',
    });
    // An idle connection that PostgreSQL drops emits 'error' on the pool; the pool replaces it.
    pool.on('error', () => undefined);
    return pool;
  }
}
