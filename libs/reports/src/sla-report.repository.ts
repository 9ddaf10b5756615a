import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Granularity } from './report-period';

export interface ReportScope {
  unitId?: string | null;
  teamId?: string | null;
}

export interface ReportWindow {
  start: Date;
  end: Date;
  /** The instant the backlog is measured at: the period's end, or now for a running period. */
  asOf: Date;
  timezone: string;
  granularity: Granularity;
  scope: ReportScope;
}

/** Grouping sets of one aggregate pass; `g` is PostgreSQL's GROUPING() bitmask. */
export interface OpenedRow {
  set: 'all' | 'unit' | 'priority' | 'category' | 'bucket';
  unitId: string | null;
  priority: string | null;
  categoryId: string | null;
  bucket: string | null;
  opened: number;
  escalated: number;
  responseDue: number;
  responseMet: number;
  respondMean: number | null;
  respondMedian: number | null;
  respondCount: number;
}

export interface ResolvedRow {
  set: 'all' | 'unit' | 'priority' | 'bucket';
  unitId: string | null;
  priority: string | null;
  bucket: string | null;
  resolved: number;
  tier1Resolved: number;
  resolutionDue: number;
  resolutionMet: number;
  resolveMean: number | null;
  resolveMedian: number | null;
  resolveCount: number;
  ratingAverage: number | null;
  ratingCount: number;
}

export interface BacklogRow {
  set: 'all' | 'unit';
  unitId: string | null;
  total: number;
  lt1d: number;
  d1to3: number;
  d3to7: number;
  gt7d: number;
}

export interface BreachCountRow {
  set: 'all' | 'unit' | 'clock';
  unitId: string | null;
  clock: string | null;
  breaches: number;
}

export interface BreachRow {
  ticketId: string;
  number: string;
  title: string;
  priority: string;
  status: string;
  unitName: string;
  teamName: string | null;
  clock: string;
  dueAt: Date;
  breachedAt: Date;
  metAt: Date | null;
}

const OPENED_SETS: Record<number, OpenedRow['set']> = {
  15: 'all',
  7: 'unit',
  11: 'priority',
  13: 'category',
  14: 'bucket',
};
const RESOLVED_SETS: Record<number, ResolvedRow['set']> = { 7: 'all', 3: 'unit', 5: 'priority', 6: 'bucket' };
const BACKLOG_SETS: Record<number, BacklogRow['set']> = { 1: 'all', 0: 'unit' };
const BREACH_SETS: Record<number, BreachCountRow['set']> = { 3: 'all', 1: 'unit', 2: 'clock' };

/** `(coalesce(resolved_at, cancelled_at, 'infinity'))`: when a ticket stopped being open. */
const ENDED = `coalesce(t.resolved_at, t.cancelled_at, 'infinity'::timestamptz)`;

/**
 * The SLA report's SQL: every figure is aggregated by PostgreSQL (one pass per ticket set, with
 * GROUPING SETS for the totals, per PD, per priority, per category and per chart bucket), through
 * the indexes of migration AddSlaReportIndexes. Nothing loops over tickets in JavaScript.
 */
@Injectable()
export class SlaReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs one aggregate pass with room to sort and hash a month of tickets in memory (the default
   * work_mem spills such sorts to disk), and costs random reads as the cached, SSD-backed reads they
   * are, so joins to a month's clocks probe the primary key instead of hashing every clock of the
   * table. SET LOCAL ends with the transaction.
   */
  private heavy<T extends object>(sql: string, params: unknown[]): Promise<T[]> {
    return this.dataSource.transaction(async (em) => {
      await sqlExecute(em, `SET LOCAL work_mem = '64MB'`);
      await sqlExecute(em, `SET LOCAL random_page_cost = 1.1`);
      return sqlRows<T>(em, sql, params);
    });
  }

  /** Binds parameters as a query uses them, and the scope's conditions on the ticket alias `t`. */
  private bind(w: ReportWindow) {
    const params: unknown[] = [];
    const p = (value: unknown, type: string) => `$${params.push(value)}::${type}`;
    const clauses: string[] = [];
    if (w.scope.unitId) clauses.push(`t.unit_id = ${p(w.scope.unitId, 'uuid')}`);
    if (w.scope.teamId) clauses.push(`t.team_id = ${p(w.scope.teamId, 'uuid')}`);
    return { params, p, scope: clauses.length ? clauses.join(' AND ') : 'TRUE' };
  }

  /**
   * Tickets opened in the window: volume, escalations, response SLA and time to respond. The joined
   * rows are materialised once; counts are hashed per grouping set, medians sorted only for the
   * total and per priority (the only sets that show them).
   */
  async opened(w: ReportWindow): Promise<OpenedRow[]> {
    const { params, p, scope } = this.bind(w);
    const [start, end, asOf, tz, unit] = [
      p(w.start, 'timestamptz'),
      p(w.end, 'timestamptz'),
      p(w.asOf, 'timestamptz'),
      p(w.timezone, 'text'),
      p(w.granularity, 'text'),
    ];
    const rows = await this.heavy<OpenedRow & { g: number }>(
      `WITH o AS MATERIALIZED (
         SELECT t.unit_id, t.priority, t.category_id, t.escalated_at IS NOT NULL AS escalated,
                date_trunc(${unit}, t.created_at AT TIME ZONE ${tz}) AS bucket,
                coalesce(rc.met_at, t.first_response_at) IS NOT NULL OR rc.breached_at IS NOT NULL
                  OR (coalesce(rc.due_at, t.response_due_at) < ${asOf}
                      AND (t.cancelled_at IS NULL OR t.cancelled_at > coalesce(rc.due_at, t.response_due_at))) AS due,
                coalesce(coalesce(rc.met_at, t.first_response_at) <= coalesce(rc.due_at, t.response_due_at), false) AS met,
                rc.business_seconds
           FROM ticket t
           -- A response clock starts when its ticket is filed: bounding its start lets PostgreSQL
           -- read only the month's clocks (index ticket_sla_clock_started_report_idx).
           LEFT JOIN ticket_sla_clock rc
             ON rc.ticket_id = t.id AND rc.clock = 'response'
            AND rc.started_at >= ${start}::timestamptz - interval '1 day' AND rc.started_at < ${end}::timestamptz + interval '1 day'
          WHERE t.created_at >= ${start} AND t.created_at < ${end} AND ${scope}
       ), counts AS (
         SELECT GROUPING(unit_id, priority, category_id, bucket) AS g, unit_id, priority, category_id, bucket,
                count(*)::int AS opened,
                count(*) FILTER (WHERE escalated)::int AS escalated,
                count(*) FILTER (WHERE due)::int AS "responseDue",
                count(*) FILTER (WHERE met)::int AS "responseMet",
                avg(business_seconds)::float8 AS "respondMean",
                count(business_seconds)::int AS "respondCount"
           FROM o
          GROUP BY GROUPING SETS ((), (unit_id), (priority), (category_id), (bucket))
       ), medians AS (
         SELECT GROUPING(priority) AS gp, priority,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY business_seconds) AS median
           FROM o WHERE business_seconds IS NOT NULL
          GROUP BY GROUPING SETS ((), (priority))
       )
       SELECT c.g, c.unit_id AS "unitId", c.priority, c.category_id AS "categoryId",
              to_char(c.bucket, 'YYYY-MM-DD"T"HH24:MI') AS bucket, c.opened, c.escalated, c."responseDue",
              c."responseMet", c."respondMean", m.median AS "respondMedian", c."respondCount"
         FROM counts c
         LEFT JOIN medians m ON (c.g = 15 AND m.gp = 1) OR (c.g = 11 AND m.gp = 0 AND m.priority = c.priority)`,
      params,
    );
    return rows.map((r) => ({ ...r, set: OPENED_SETS[r.g] }));
  }

  /** Tickets resolved in the window: Tier 1 share, resolution SLA, time to resolve, satisfaction. */
  async resolved(w: ReportWindow): Promise<ResolvedRow[]> {
    const { params, p, scope } = this.bind(w);
    const [start, end, tz, unit] = [
      p(w.start, 'timestamptz'),
      p(w.end, 'timestamptz'),
      p(w.timezone, 'text'),
      p(w.granularity, 'text'),
    ];
    const rows = await this.heavy<ResolvedRow & { g: number }>(
      `WITH r AS MATERIALIZED (
         SELECT t.unit_id, t.priority, t.escalated_at IS NULL AS tier1, t.rating_score,
                date_trunc(${unit}, t.resolved_at AT TIME ZONE ${tz}) AS bucket,
                coalesce(sc.due_at, t.resolution_due_at) IS NOT NULL AS due,
                coalesce(coalesce(sc.met_at, t.resolved_at) <= coalesce(sc.due_at, t.resolution_due_at), false) AS met,
                sc.business_seconds
           FROM ticket t
           -- A resolution clock is met when its ticket is resolved (ticket_sla_clock_met_report_idx).
           LEFT JOIN ticket_sla_clock sc
             ON sc.ticket_id = t.id AND sc.clock = 'resolution'
            AND sc.met_at >= ${start}::timestamptz - interval '1 day' AND sc.met_at < ${end}::timestamptz + interval '1 day'
          WHERE t.resolved_at >= ${start} AND t.resolved_at < ${end} AND ${scope}
       ), counts AS (
         SELECT GROUPING(unit_id, priority, bucket) AS g, unit_id, priority, bucket,
                count(*)::int AS resolved,
                count(*) FILTER (WHERE tier1)::int AS "tier1Resolved",
                count(*) FILTER (WHERE due)::int AS "resolutionDue",
                count(*) FILTER (WHERE met)::int AS "resolutionMet",
                avg(business_seconds)::float8 AS "resolveMean",
                count(business_seconds)::int AS "resolveCount",
                avg(rating_score)::float8 AS "ratingAverage",
                count(rating_score)::int AS "ratingCount"
           FROM r
          GROUP BY GROUPING SETS ((), (unit_id), (priority), (bucket))
       ), medians AS (
         SELECT GROUPING(priority) AS gp, priority,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY business_seconds) AS median
           FROM r WHERE business_seconds IS NOT NULL
          GROUP BY GROUPING SETS ((), (priority))
       )
       SELECT c.g, c.unit_id AS "unitId", c.priority, to_char(c.bucket, 'YYYY-MM-DD"T"HH24:MI') AS bucket,
              c.resolved, c."tier1Resolved", c."resolutionDue", c."resolutionMet", c."resolveMean",
              m.median AS "resolveMedian", c."resolveCount", c."ratingAverage", c."ratingCount"
         FROM counts c
         LEFT JOIN medians m ON (c.g = 7 AND m.gp = 1) OR (c.g = 5 AND m.gp = 0 AND m.priority = c.priority)`,
      params,
    );
    return rows.map((r) => ({ ...r, set: RESOLVED_SETS[r.g] }));
  }

  /** Tickets open at `asOf`, by age. */
  async backlog(w: ReportWindow): Promise<BacklogRow[]> {
    const { params, p, scope } = this.bind(w);
    const asOf = p(w.asOf, 'timestamptz');
    const rows = await this.heavy<BacklogRow & { g: number }>(
      `SELECT GROUPING(t.unit_id) AS g, t.unit_id AS "unitId",
              count(*)::int AS total,
              count(*) FILTER (WHERE t.created_at > ${asOf} - interval '1 day')::int AS lt1d,
              count(*) FILTER (WHERE t.created_at <= ${asOf} - interval '1 day'
                                 AND t.created_at > ${asOf} - interval '3 days')::int AS d1to3,
              count(*) FILTER (WHERE t.created_at <= ${asOf} - interval '3 days'
                                 AND t.created_at > ${asOf} - interval '7 days')::int AS d3to7,
              count(*) FILTER (WHERE t.created_at <= ${asOf} - interval '7 days')::int AS gt7d
         FROM ticket t
        WHERE ${ENDED} > ${asOf} AND t.created_at <= ${asOf} AND ${scope}
        GROUP BY GROUPING SETS ((), (t.unit_id))`,
      params,
    );
    return rows.map((r) => ({ ...r, set: BACKLOG_SETS[r.g] }));
  }

  /** Clocks breached in the window: counts (total, per PD, per clock) and the latest 100. */
  async breaches(w: ReportWindow, limit = 100): Promise<{ counts: BreachCountRow[]; items: BreachRow[] }> {
    const { params, p, scope } = this.bind(w);
    const where = `c.breached_at >= ${p(w.start, 'timestamptz')} AND c.breached_at < ${p(w.end, 'timestamptz')} AND ${scope}`;
    const [counts, items] = await Promise.all([
      sqlRows<BreachCountRow & { g: number }>(
        this.dataSource,
        `SELECT GROUPING(t.unit_id, c.clock) AS g, t.unit_id AS "unitId", c.clock, count(*)::int AS breaches
           FROM ticket_sla_clock c JOIN ticket t ON t.id = c.ticket_id
          WHERE ${where}
          GROUP BY GROUPING SETS ((), (t.unit_id), (c.clock))`,
        params,
      ),
      sqlRows<BreachRow>(
        this.dataSource,
        `SELECT t.id AS "ticketId", t.number, t.title, t.priority, t.status, un.name AS "unitName",
                tm.name AS "teamName", c.clock, c.due_at AS "dueAt", c.breached_at AS "breachedAt", c.met_at AS "metAt"
           FROM ticket_sla_clock c
           JOIN ticket t ON t.id = c.ticket_id
           JOIN unit un ON un.id = t.unit_id
           LEFT JOIN team tm ON tm.id = t.team_id
          WHERE ${where}
          ORDER BY c.breached_at DESC, t.number
          LIMIT ${Number(limit)}`,
        params,
      ),
    ]);
    return {
      counts: counts.map((r) => ({ ...r, set: BREACH_SETS[r.g] })),
      items,
    };
  }

  async categoryNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await sqlRows<{ id: string; name: string }>(
      this.dataSource,
      `SELECT id, name FROM category WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  pds(): Promise<{ id: string; code: string; name: string }[]> {
    return sqlRows<{ id: string; code: string; name: string }>(
      this.dataSource,
      `SELECT id, code, name FROM unit WHERE kind = 'pd' ORDER BY name`,
    );
  }

  unit(id: string): Promise<{ id: string; name: string; kind: string } | null> {
    return sqlRow<{ id: string; name: string; kind: string }>(
      this.dataSource,
      `SELECT id, name, kind FROM unit WHERE id = $1`,
      [id],
    );
  }

  team(id: string): Promise<{ id: string; name: string } | null> {
    return sqlRow<{ id: string; name: string }>(this.dataSource, `SELECT id, name FROM team WHERE id = $1`, [
      id,
    ]);
  }
}
