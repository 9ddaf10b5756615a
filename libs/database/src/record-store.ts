import { DataSource, EntityManager, EntityTarget, QueryDeepPartialEntity } from 'typeorm';
import {
  appendTimelineEvent,
  readTimeline,
  RecordEventRow,
  recordEventsAfter,
  RecordScope,
  TimelineEventInput,
  TimelineTable,
  visibleRecordIds,
} from './record-history';
import { Queryable, sqlRows } from './sql';

/** A record with optimistic locking: every write bumps `version` and stamps `updatedAt`. */
export interface VersionedRecord {
  id: string;
  version: number;
  updatedAt: Date;
}

/**
 * Writes a typed patch of a versioned record, bumping its version and stamping `updatedAt` with
 * `now`. Column names (and array or JSON encodings) come from the entity's metadata through the
 * query builder; an empty patch still bumps the version. Says how many rows it touched.
 */
export async function updateVersioned<E extends VersionedRecord>(
  em: EntityManager,
  entity: EntityTarget<E>,
  id: string,
  patch: Partial<Omit<E, 'id' | 'version' | 'updatedAt'>>,
  now: Date,
): Promise<number> {
  const set = { ...patch, version: () => 'version + 1', updatedAt: now } as QueryDeepPartialEntity<E>;
  const result = await em.createQueryBuilder().update(entity).set(set).where('id = :id', { id }).execute();
  return result.affected ?? 0;
}

/**
 * The list query of a numbered record (changes, problems): the caller's visibility scope first,
 * then optional equality filters, the search box (an exact record number or a title substring,
 * with `%`, `_` and `\` taken literally) and a limit. Parameters are numbered as they are added.
 */
export class RecordListQuery {
  private readonly params: unknown[] = [];
  private readonly where: string[];

  /** `alias` is the record table's alias in the SELECT; `scopeSql` adds the caller's scope. */
  constructor(
    private readonly alias: string,
    scopeSql: (params: unknown[]) => string,
  ) {
    this.where = [scopeSql(this.params)];
  }

  /** `column = value` when a value was given (an empty filter means "all"). */
  equals(column: string, value: string | undefined | null): this {
    if (value) this.where.push(`${this.alias}.${column} = $${this.params.push(value)}`);
    return this;
  }

  /** A condition with one parameter, written by `sql` from its placeholder, when a value was given. */
  when(value: unknown, sql: (placeholder: string) => string): this {
    if (value !== undefined && value !== null && value !== '')
      this.where.push(sql(`$${this.params.push(value)}`));
    return this;
  }

  /** A fixed condition (no parameter) when `on` holds. */
  also(on: boolean, sql: string): this {
    if (on) this.where.push(sql);
    return this;
  }

  /** The search box: the record number exactly (any case), or a substring of the title. */
  search(text: string | undefined): this {
    if (!text) return this;
    const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const a = this.alias;
    this.where.push(
      `(${a}.number = $${this.params.push(text.trim().toUpperCase())} OR ${a}.title ILIKE $${this.params.push(like)})`,
    );
    return this;
  }

  /** Runs `select` (everything before WHERE) with the conditions, the order and the limit. */
  rows<Row extends object>(db: Queryable, select: string, orderBy: string, limit: number): Promise<Row[]> {
    const text = `${select} WHERE ${this.where.join(' AND ')} ORDER BY ${orderBy} LIMIT $${this.params.push(limit)}`;
    return sqlRows<Row>(db, text, this.params);
  }
}

/**
 * How far back a live stream replays after a reconnect; anything older is left to the page's own
 * reload. One rule for the incident, change and problem streams.
 */
export const LIVE_REPLAY_MS = 24 * 3600_000;

/** The earliest event a live stream replays at `now`. */
export function liveReplaySince(now: Date): Date {
  return new Date(now.getTime() - LIVE_REPLAY_MS);
}

/** A timeline step of a numbered record as its service writes it (`from`/`to`: the phase or status). */
export type RecordStep = Omit<TimelineEventInput, 'ownerId'>;

/**
 * One numbered record kind (changes, problems) as its repository reads it: who sees it (`scopeSql`
 * on `alias`, for an actor of type `A`), its timeline, its live stream's replay and filter, and its
 * list query. The repositories of both kinds share this instead of each writing the same glue.
 */
export class ScopedRecordTable<A> {
  constructor(
    private readonly def: {
      table: string;
      alias: string;
      timeline: TimelineTable;
      scopeSql: (actor: A, params: unknown[]) => string;
    },
  ) {}

  /** Appends a timeline step and its outbox event (see appendTimelineEvent); returns the step's id. */
  addStep(em: EntityManager, ownerId: string, step: RecordStep, now: Date): Promise<string> {
    return appendTimelineEvent(em, this.def.timeline, { ...step, ownerId }, now);
  }

  timeline<T extends object>(db: DataSource | EntityManager, ownerId: string): Promise<T[]> {
    return readTimeline<T>(db, this.def.timeline, ownerId);
  }

  /**
   * The record's outbox events after `afterEventId`, within the replay window before `now`, on
   * records the actor sees (the live replay).
   */
  eventsAfter(
    db: DataSource | EntityManager,
    actor: A,
    afterEventId: string,
    now: Date,
    limit: number,
  ): Promise<RecordEventRow[]> {
    return recordEventsAfter(db, this.live(actor), afterEventId, liveReplaySince(now), limit);
  }

  /** Which of these records the actor sees (the live stream's filter). */
  visibleIds(db: DataSource | EntityManager, actor: A, ids: string[]): Promise<Set<string>> {
    return visibleRecordIds(db, this.live(actor), ids);
  }

  /** A list query already limited to what the actor sees. */
  list(actor: A): RecordListQuery {
    return new RecordListQuery(this.def.alias, (params) => this.def.scopeSql(actor, params));
  }

  private live(actor: A): RecordScope {
    return {
      aggregate: this.def.timeline.aggregate,
      table: this.def.table,
      alias: this.def.alias,
      scopeSql: (params) => this.def.scopeSql(actor, params),
    };
  }
}

/**
 * The base of a numbered record's repository (changes, problems): the live stream's replay and
 * filter come from its `ScopedRecordTable`, read on the pool.
 */
export abstract class ScopedRecordRepository<A> {
  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly records: ScopedRecordTable<A>,
  ) {}

  /** The record's outbox events after `afterEventId` on records the actor sees (the live replay). */
  eventsAfter(actor: A, afterEventId: string, now: Date, limit: number): Promise<RecordEventRow[]> {
    return this.records.eventsAfter(this.dataSource, actor, afterEventId, now, limit);
  }

  /** Which of these records the actor sees (the live stream's filter). */
  visibleIds(actor: A, ids: string[]): Promise<Set<string>> {
    return this.records.visibleIds(this.dataSource, actor, ids);
  }
}
