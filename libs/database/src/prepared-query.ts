import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

const names = new Map<string, string>();

/** One statement name per text, so a connection that prepared a statement reuses it. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement on the connection that serves it, so PostgreSQL plans it
 * once per connection instead of on every call. For hot reads of fixed shape (a ticket by id): with
 * the ticket table's many partial indexes, planning such a join costs more than running it. Inside
 * a transaction, pass its EntityManager; otherwise the DataSource (any pooled connection), or a pg
 * Pool of its own (connections started with other session settings).
 */
export async function preparedQuery<T extends object>(
  source: DataSource | EntityManager | Pool,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const config = { name: statementName(text), text, values };
  try {
    if (source instanceof Pool) return (await source.query(config)).rows as T[];
    if (source instanceof DataSource) {
      const pool = (source.driver as PostgresDriver).master as Pool;
      return (await pool.query(config)).rows as T[];
    }
    const runner = source.queryRunner;
    if (!runner || runner.isReleased) return await preparedQuery(source.connection, text, values);
    const client = (await runner.connect()) as PoolClient;
    return (await client.query(config)).rows as T[];
  } catch (error) {
    // The same error type as DataSource.query, so callers and the problem+json filter map it alike.
    if (error instanceof QueryFailedError || !(error as { code?: string })?.code) throw error;
    throw new QueryFailedError(text, values, error as Error);
  }
}
