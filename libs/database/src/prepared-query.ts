import { createHash } from 'node:crypto';
import { Pool, types } from 'pg';
import type { CustomTypesConfig, PoolClient } from 'pg';
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

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const asText = (value: string) => value;

/** Rows whose timestamps stay PostgreSQL's text (`2026-11-17 23:58:32.556547+00`), not `Date`s. */
const TIMES_AS_TEXT: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ || oid === TIMESTAMP
      ? asText
      : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

export interface PreparedQueryOptions {
  /**
   * Timestamps as PostgreSQL's text instead of `Date`s: for a read that only prints them (see
   * `isoFromPgText`), parsing each into a `Date` costs more than the rest of the row.
   */
  timesAsText?: boolean;
  /** false: sent unnamed, planned on every call (a statement whose best plan depends on its values). */
  prepare?: boolean;
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
  options: PreparedQueryOptions = {},
): Promise<T[]> {
  const config = {
    ...(options.prepare !== false && { name: statementName(text) }),
    text,
    values,
    ...(options.timesAsText && { types: TIMES_AS_TEXT }),
  };
  try {
    if (source instanceof Pool) return (await source.query(config)).rows as T[];
    if (source instanceof DataSource) {
      const pool = (source.driver as PostgresDriver).master as Pool;
      return (await pool.query(config)).rows as T[];
    }
    const runner = source.queryRunner;
    if (!runner || runner.isReleased) return await preparedQuery(source.connection, text, values, options);
    const client = (await runner.connect()) as PoolClient;
    return (await client.query(config)).rows as T[];
  } catch (error) {
    // The same error type as DataSource.query, so callers and the problem+json filter map it alike.
    if (error instanceof QueryFailedError || !(error as { code?: string })?.code) throw error;
    throw new QueryFailedError(text, values, error as Error);
  }
}

/**
 * A timestamp as `Date#toISOString()` prints it, from PostgreSQL's text of it: a session in UTC
 * prints `2026-11-17 23:58:32.556547+00` (json: `2026-11-17T23:58:32.556547+00:00`), which only needs
 * rearranging (milliseconds cut, as a `Date` would keep them); anything else goes through pg's parser.
 */
export function isoFromPgText(text: string | null | undefined): string | null {
  if (!text) return null;
  const n = text.length;
  const sep = text.charCodeAt(10);
  // 32: ' ' (timestamptz text), 84: 'T' (json); a four-digit year, hours, minutes and seconds.
  if ((sep === 32 || sep === 84) && text.charCodeAt(4) === 45 && text.charCodeAt(16) === 58) {
    const zone = text.endsWith('+00') ? 3 : text.endsWith('+00:00') ? 6 : 0;
    if (zone && (n === 19 + zone || text.charCodeAt(19) === 46)) {
      const fraction = n > 19 + zone ? text.slice(20, n - zone) : '';
      return `${text.slice(0, 10)}T${text.slice(11, 19)}.${(fraction + '000').slice(0, 3)}Z`;
    }
  }
  // Another offset (`+07`, `+05:30`), a year past 9999 or BC: pg's own parser, as rows read as Dates.
  return new Date(parseTimestamptz(text.replace('T', ' '))).toISOString();
}

const parseTimestamptz = types.getTypeParser(TIMESTAMPTZ) as (text: string) => Date | number;
