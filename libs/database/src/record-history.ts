import { EntityManager } from 'typeorm';
import { Queryable, sqlExecute, sqlRow, sqlRows } from './sql';

/**
 * Helpers for records that keep an append-only timeline and link tables (changes, problems). Table
 * and column names come from the calling code, never from input.
 */

/** A timeline table `<table> (id, <owner>, actor_id, type, from_<state>, to_<state>, note, data, created_at)`. */
export interface TimelineTable {
  table: string;
  /** The column naming the record, e.g. `change_id`. */
  owner: string;
  /** What moves: `phase` or `status` (columns `from_<state>`, `to_<state>`). */
  state: 'phase' | 'status';
  /** The outbox `aggregate_type` every step announces itself as (`change`, `problem`). */
  aggregate: string;
}

export interface TimelineEventInput {
  ownerId: string;
  actorId: string | null;
  type: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends one step to a record's timeline and, in the same transaction, the outbox event
 * `<aggregate>.<step type>` that the live record streams relay; returns the step's id (mail dedupe
 * keys name it). Every write of a change or problem appends a step, so every write is announced.
 */
export async function appendTimelineEvent(
  em: EntityManager,
  t: TimelineTable,
  e: TimelineEventInput,
  now: Date,
): Promise<string> {
  const row = await sqlRow<{ id: string }>(
    em,
    `INSERT INTO ${t.table} (${t.owner}, actor_id, type, from_${t.state}, to_${t.state}, note, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING id`,
    [
      e.ownerId,
      e.actorId,
      e.type,
      e.from ?? null,
      e.to ?? null,
      e.note || null,
      JSON.stringify(e.data ?? {}),
      now,
    ],
  );
  if (!row) throw new Error(`${t.table} insert returned no row`);
  await sqlExecute(em, `INSERT INTO outbox_event (type, aggregate_type, aggregate_id) VALUES ($1, $2, $3)`, [
    `${t.aggregate}.${e.type}`,
    t.aggregate,
    e.ownerId,
  ]);
  return row.id;
}

/** One outbox event of a record as a live stream carries it (the id is the SSE `id:`). */
export interface RecordEventRow {
  eventId: string;
  type: string;
  recordId: string;
}

/** Where a record lives and who sees it, for the live stream's replay and filter. */
export interface RecordScope {
  /** The outbox `aggregate_type`. */
  aggregate: string;
  /** The record table, read under `alias`. */
  table: string;
  alias: string;
  /** The caller's visibility as SQL on `alias`; parameters appended to `params`. */
  scopeSql: (params: unknown[]) => string;
}

/** The record's outbox events after `afterEventId` (and since `since`) whose record the caller sees. */
export function recordEventsAfter(
  db: Queryable,
  r: RecordScope,
  afterEventId: string,
  since: Date,
  limit: number,
): Promise<RecordEventRow[]> {
  const params: unknown[] = [r.aggregate, afterEventId, since, limit];
  const scope = r.scopeSql(params);
  return sqlRows<RecordEventRow>(
    db,
    `SELECT o.id::text AS "eventId", o.type, o.aggregate_id AS "recordId"
       FROM outbox_event o JOIN ${r.table} ${r.alias} ON ${r.alias}.id = o.aggregate_id
      WHERE o.aggregate_type = $1 AND o.id > $2::bigint AND o.created_at >= $3 AND ${scope}
      ORDER BY o.id LIMIT $4`,
    params,
  );
}

/** Which of `ids` the caller sees (the live stream's filter). */
export async function visibleRecordIds(db: Queryable, r: RecordScope, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const params: unknown[] = [ids];
  const scope = r.scopeSql(params);
  const rows = await sqlRows<{ id: string }>(
    db,
    `SELECT ${r.alias}.id FROM ${r.table} ${r.alias} WHERE ${r.alias}.id = ANY($1::uuid[]) AND ${scope}`,
    params,
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * A record's timeline, oldest first, with the actor's name; the state columns come back as
 * `fromPhase`/`toPhase` or `fromStatus`/`toStatus`.
 */
export function readTimeline<T extends object>(
  db: Queryable,
  t: TimelineTable,
  ownerId: string,
): Promise<T[]> {
  const key = t.state === 'phase' ? 'Phase' : 'Status';
  return sqlRows<T>(
    db,
    `SELECT e.id, e.type, e.from_${t.state} AS "from${key}", e.to_${t.state} AS "to${key}", e.note, e.data,
            e.created_at AS "createdAt",
            CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS actor
       FROM ${t.table} e LEFT JOIN app_user u ON u.id = e.actor_id
      WHERE e.${t.owner} = $1 ORDER BY e.id`,
    [ownerId],
  );
}

/** A link table `<table> (<owner>, <target>)` to `<targetTable> <alias>`, whose scope SQL uses `alias`. */
export interface LinkTable {
  table: string;
  owner: string;
  target: string;
  targetTable: string;
  alias: string;
}

/**
 * Replaces the links the caller can see (`scope` writes the caller's visibility as SQL for the
 * link's alias, pushing its parameters) with `wanted`; links the caller cannot see stay as they are.
 */
export async function replaceVisibleLinks(
  em: EntityManager,
  link: LinkTable,
  ownerId: string,
  scope: (params: unknown[]) => string,
  wanted: string[],
): Promise<{ added: string[]; removed: string[] }> {
  const params: unknown[] = [ownerId];
  const visible = scope(params);
  const current = await sqlRows<{ id: string }>(
    em,
    `SELECT ${link.alias}.id FROM ${link.table} l JOIN ${link.targetTable} ${link.alias} ON ${link.alias}.id = l.${link.target}
      WHERE l.${link.owner} = $1 AND ${visible}`,
    params,
  );
  const have = new Set(current.map((r) => r.id));
  const want = new Set(wanted);
  const added = [...want].filter((id) => !have.has(id));
  const removed = [...have].filter((id) => !want.has(id));
  if (removed.length)
    await sqlExecute(
      em,
      `DELETE FROM ${link.table} WHERE ${link.owner} = $1 AND ${link.target} = ANY($2::uuid[])`,
      [ownerId, removed],
    );
  if (added.length)
    await sqlExecute(
      em,
      `INSERT INTO ${link.table} (${link.owner}, ${link.target}) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [ownerId, added],
    );
  return { added, removed };
}
