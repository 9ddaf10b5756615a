import { DataSource, EntityManager, QueryResult, QueryRunner } from 'typeorm';

/** Anything a repository can run a statement on: the pool, a transaction's manager, or a runner. */
export type Queryable = DataSource | EntityManager | QueryRunner;

/**
 * The one way raw SQL runs in this code base (see docs/adr/0003-typed-data-layer.md). The caller names
 * the row type, so every row is typed where it is read; lint forbids `.query(` anywhere else.
 */
async function run(db: Queryable, text: string, params: readonly unknown[]): Promise<QueryResult> {
  if (!(db instanceof DataSource) && !(db instanceof EntityManager)) {
    return db.query(text, params as unknown[], true);
  }
  const manager = db instanceof DataSource ? db.manager : db;
  const joined = manager.queryRunner && !manager.queryRunner.isReleased ? manager.queryRunner : null;
  const runner = joined ?? manager.connection.createQueryRunner();
  try {
    return await runner.query(text, params as unknown[], true);
  } finally {
    if (!joined) await runner.release();
  }
}

/** The rows a statement returns (SELECT, or a write with RETURNING), typed as `Row`. */
export async function sqlRows<Row extends object>(
  db: Queryable,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  return ((await run(db, text, params)).records ?? []) as Row[];
}

/** The first row, or null when the statement returned none. */
export async function sqlRow<Row extends object>(
  db: Queryable,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row | null> {
  return (await sqlRows<Row>(db, text, params))[0] ?? null;
}

/** Runs a write and says how many rows it touched (0 when none matched). */
export async function sqlExecute(
  db: Queryable,
  text: string,
  params: readonly unknown[] = [],
): Promise<number> {
  return (await run(db, text, params)).affected ?? 0;
}
