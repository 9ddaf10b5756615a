import { Queryable, sqlExecute, sqlRow, sqlRows } from '@desk/database';

/**
 * Typed SQL for tests, as the app runs it (docs/data-layer.md): `sqlRows<Row>`, `sqlRow<Row>` and
 * `sqlExecute` of `@desk/database`, plus the row shapes tests read most.
 */
export { sqlExecute, sqlRow, sqlRows };

/** The row of `SELECT count(*)::int AS n ...`. */
export interface CountRow {
  n: number;
}

/** The row of a `SELECT id ...` or an `INSERT ... RETURNING id`. */
export interface IdRow {
  id: string;
}

/** The number a `SELECT count(*)::int AS n ...` answers. */
export async function countOf(db: Queryable, text: string, params: readonly unknown[] = []): Promise<number> {
  const row = await sqlRow<CountRow>(db, text, params);
  if (!row) throw new Error(`no count from: ${text}`);
  return Number(row.n);
}
