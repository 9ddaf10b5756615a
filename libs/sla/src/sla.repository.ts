import { OutboxEventInput, preparedQuery, sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { TicketRepository } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Holiday, PauseSpan, WeeklyHours } from './business-time';
import { ClockRow } from './sla-clock.engine';
import { SlaPolicy } from './sla.types';

const POLICY_COLUMNS = `id, name, kind, priority, response_target AS "responseTarget", resolution_target AS "resolutionTarget",
  tier2_response_target AS "tier2ResponseTarget", response_seconds AS "responseSeconds",
  resolution_seconds AS "resolutionSeconds", tier2_response_seconds AS "tier2ResponseSeconds", calendar,
  warn_at AS "warnAt", auto_escalate_on_breach AS "autoEscalateOnBreach", ladder,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export const CLOCK_COLUMNS = `c.clock, c.policy_id AS "policyId", c.calendar, c.target_seconds AS "targetSeconds",
  c.started_at AS "startedAt", c.due_at AS "dueAt", c.warn_at AS "warnAt", c.warned_at AS "warnedAt",
  c.breached_at AS "breachedAt", c.met_at AS "metAt", c.paused_at AS "pausedAt", c.stopped_at AS "stoppedAt",
  c.business_seconds AS "businessSeconds", c.ladder_level AS "ladderLevel", c.next_ladder_at AS "nextLadderAt",
  c.next_fire_at AS "nextFireAt", c.revision`;

/** The pause log of the ticket `t`, as a JSON array of {start, end} epoch milliseconds. */
const PAUSES = `(SELECT coalesce(json_agg(json_build_object('start', (extract(epoch FROM p.started_at) * 1000)::bigint,
    'end', (extract(epoch FROM p.ended_at) * 1000)::bigint) ORDER BY p.started_at), '[]'::json)
    FROM ticket_sla_pause p WHERE p.ticket_id = t.id) AS pauses`;

/** A pause as the PAUSES subquery reads it (epoch milliseconds; bigint may come back as text). */
interface RawSpan {
  start: number | string;
  end: number | string | null;
}

/** A clock row as a LEFT JOIN reads it (all null when the ticket has no clock), with the pause log. */
type ClockWithPauses = (ClockRow | { [K in keyof ClockRow]: null }) & { pauses: RawSpan[] };

/** A clock with what firing it needs to know about its ticket. */
export interface FiringRow extends ClockRow {
  ticketId: string;
  number: string;
  priority: string;
  tier: number;
  status: string;
  pauses: PauseSpan[];
}

export interface TimerRow {
  ticketId: string;
  clock: string;
  revision: number;
  warnAt: Date;
  warnedAt: Date | null;
  dueAt: Date;
  breachedAt: Date | null;
  ladderLevel: number;
  nextFireAt: Date;
}

const TIMER_COLUMNS = `c.ticket_id AS "ticketId", c.clock, c.revision, c.warn_at AS "warnAt", c.warned_at AS "warnedAt",
  c.due_at AS "dueAt", c.breached_at AS "breachedAt", c.ladder_level AS "ladderLevel", c.next_fire_at AS "nextFireAt"`;

/**
 * The only place that reads or writes SLA tables. The ticket row itself is the tickets lib's: it is
 * locked and its due-time copies written through `TicketRepository`.
 */
@Injectable()
export class SlaRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketRepository,
  ) {}

  // Policies

  listPolicies(): Promise<SlaPolicy[]> {
    return sqlRows<SlaPolicy>(
      this.dataSource,
      `SELECT ${POLICY_COLUMNS} FROM sla_policy ORDER BY kind NULLS FIRST, priority NULLS FIRST, created_at`,
    );
  }

  async findPolicy(id: string, em?: EntityManager): Promise<SlaPolicy | null> {
    return sqlRow<SlaPolicy>(
      em ?? this.dataSource,
      `SELECT ${POLICY_COLUMNS} FROM sla_policy WHERE id = $1`,
      [id],
    );
  }

  async insertPolicy(
    em: EntityManager,
    p: Omit<SlaPolicy, 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      em,
      `INSERT INTO sla_policy (name, kind, priority, response_target, resolution_target, tier2_response_target,
                               response_seconds, resolution_seconds, tier2_response_seconds, calendar, warn_at,
                               auto_escalate_on_breach, ladder)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb) RETURNING id`,
      [
        p.name,
        p.kind,
        p.priority,
        p.responseTarget,
        p.resolutionTarget,
        p.tier2ResponseTarget,
        p.responseSeconds,
        p.resolutionSeconds,
        p.tier2ResponseSeconds,
        p.calendar,
        p.warnAt,
        p.autoEscalateOnBreach,
        JSON.stringify(p.ladder),
      ],
    );
    if (!row) throw new Error('sla_policy insert returned no row');
    return row.id;
  }

  async updatePolicy(em: EntityManager, p: SlaPolicy): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE sla_policy SET name = $2, kind = $3, priority = $4, response_target = $5, resolution_target = $6,
              tier2_response_target = $7, response_seconds = $8, resolution_seconds = $9, tier2_response_seconds = $10,
              calendar = $11, warn_at = $12, auto_escalate_on_breach = $13, ladder = $14::jsonb, updated_at = now()
        WHERE id = $1`,
      [
        p.id,
        p.name,
        p.kind,
        p.priority,
        p.responseTarget,
        p.resolutionTarget,
        p.tier2ResponseTarget,
        p.responseSeconds,
        p.resolutionSeconds,
        p.tier2ResponseSeconds,
        p.calendar,
        p.warnAt,
        p.autoEscalateOnBreach,
        JSON.stringify(p.ladder),
      ],
    );
  }

  /**
   * Tickets with a running clock under a policy, or on the business calendar, by id after `afterId`
   * (keyset batches).
   */
  async ticketsWithRunningClocks(
    of: { policyId: string } | { calendar: 'business' },
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const [column, value] = 'policyId' in of ? ['policy_id', of.policyId] : ['calendar', of.calendar];
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT DISTINCT ticket_id AS id FROM ticket_sla_clock
        WHERE ${column} = $1 AND met_at IS NULL AND stopped_at IS NULL AND ($2::uuid IS NULL OR ticket_id > $2)
        ORDER BY ticket_id LIMIT $3`,
      [value, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  // Calendar

  async calendar(): Promise<{ hours: WeeklyHours; holidays: Holiday[]; updatedAt: Date } | null> {
    return sqlRow<{ hours: WeeklyHours; holidays: Holiday[]; updatedAt: Date }>(
      this.dataSource,
      `SELECT hours, holidays, updated_at AS "updatedAt" FROM business_calendar WHERE id = 1`,
    );
  }

  async saveCalendar(em: EntityManager, hours: WeeklyHours, holidays: Holiday[]): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO business_calendar (id, hours, holidays, updated_at) VALUES (1, $1::jsonb, $2::jsonb, now())
       ON CONFLICT (id) DO UPDATE SET hours = EXCLUDED.hours, holidays = EXCLUDED.holidays, updated_at = now()`,
      [JSON.stringify(hours), JSON.stringify(holidays)],
    );
  }

  // Clocks

  /** Moves the start of a ticket's clocks `hours` back (the demo seed's tickets filed "earlier"). */
  async backdateClocks(em: EntityManager, ticketId: string, hours: number): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE ticket_sla_clock SET started_at = started_at - make_interval(hours => $2) WHERE ticket_id = $1`,
      [ticketId, hours],
    );
  }

  /** The ticket's clocks and its pause log, in one round trip (inside the change's transaction). */
  async clocksOf(em: EntityManager, ticketId: string): Promise<{ clocks: ClockRow[]; pauses: PauseSpan[] }> {
    const rows = await sqlRows<ClockWithPauses>(
      em,
      `SELECT ${CLOCK_COLUMNS}, ${PAUSES.replace('t.id', '$1')}
         FROM (SELECT 1) one LEFT JOIN ticket_sla_clock c ON c.ticket_id = $1`,
      [ticketId],
    );
    const pauses = rows[0]?.pauses ?? [];
    const clocks = rows.filter((r): r is ClockRow & { pauses: RawSpan[] } => r.clock !== null);
    return { clocks, pauses: pauses.map(toSpan) };
  }

  /**
   * Writes a ticket change's clock rows, pause log and timer event in one statement: upserts the
   * changed clocks, closes the running pause, opens a new one, and adds the `sla.timers` outbox event.
   */
  async writeChange(
    em: EntityManager,
    ticketId: string,
    change: {
      clocks: ClockRow[];
      endPause: Date | null;
      startPause: { reason: 'pending' | 'resolved'; at: Date } | null;
      events: OutboxEventInput[];
    },
  ): Promise<void> {
    if (!change.clocks.length && !change.endPause && !change.startPause && !change.events.length) return;
    await sqlExecute(
      em,
      `WITH up AS (
         INSERT INTO ticket_sla_clock (ticket_id, clock, policy_id, calendar, target_seconds, started_at, due_at, warn_at,
                                       warned_at, breached_at, met_at, paused_at, stopped_at, business_seconds,
                                       ladder_level, next_ladder_at, next_fire_at, revision)
         SELECT $1, v.clock, v."policyId", v.calendar, v."targetSeconds", v."startedAt", v."dueAt", v."warnAt",
                v."warnedAt", v."breachedAt", v."metAt", v."pausedAt", v."stoppedAt", v."businessSeconds",
                v."ladderLevel", v."nextLadderAt", v."nextFireAt", v.revision
           FROM jsonb_to_recordset($2::jsonb) AS v(clock text, "policyId" uuid, calendar text, "targetSeconds" int,
                "startedAt" timestamptz, "dueAt" timestamptz, "warnAt" timestamptz, "warnedAt" timestamptz,
                "breachedAt" timestamptz, "metAt" timestamptz, "pausedAt" timestamptz, "stoppedAt" timestamptz,
                "businessSeconds" int, "ladderLevel" int, "nextLadderAt" timestamptz, "nextFireAt" timestamptz, revision int)
         ON CONFLICT (ticket_id, clock) DO UPDATE SET
           policy_id = EXCLUDED.policy_id, calendar = EXCLUDED.calendar, target_seconds = EXCLUDED.target_seconds,
           started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at,
           warned_at = EXCLUDED.warned_at, breached_at = EXCLUDED.breached_at, met_at = EXCLUDED.met_at,
           paused_at = EXCLUDED.paused_at, stopped_at = EXCLUDED.stopped_at, business_seconds = EXCLUDED.business_seconds,
           ladder_level = EXCLUDED.ladder_level, next_ladder_at = EXCLUDED.next_ladder_at,
           next_fire_at = EXCLUDED.next_fire_at, revision = EXCLUDED.revision
       ), ended AS (
         UPDATE ticket_sla_pause SET ended_at = $3 WHERE $3::timestamptz IS NOT NULL AND ticket_id = $1 AND ended_at IS NULL
       ), started AS (
         INSERT INTO ticket_sla_pause (ticket_id, reason, started_at) SELECT $1, $4, $5 WHERE $4::text IS NOT NULL
       ), events AS (
         INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload)
         SELECT e.type, e."aggregateType", e."aggregateId", e.payload
           FROM jsonb_to_recordset($6::jsonb) AS e(type text, "aggregateType" text, "aggregateId" uuid, payload jsonb)
       )
       SELECT 1`,
      [
        ticketId,
        JSON.stringify(change.clocks),
        change.endPause,
        change.startPause?.reason ?? null,
        change.startPause?.at ?? null,
        JSON.stringify(change.events.map((e) => ({ ...e, payload: e.payload ?? {} }))),
      ],
    );
  }

  /**
   * The clock and its ticket, the ticket row locked first (every writer of a clock holds its ticket's
   * row lock, so clock and ticket changes never deadlock). `skipLocked`: null when another transaction
   * holds the ticket (the reconciliation leaves it to whoever has it: a timer job or a ticket change).
   */
  async lockForFiring(
    em: EntityManager,
    ticketId: string,
    clock: string,
    skipLocked = false,
  ): Promise<FiringRow | null> {
    const ticket = await this.tickets.lockSummary(em, ticketId, skipLocked);
    if (!ticket) return null;
    const row = await sqlRow<ClockRow & { pauses: RawSpan[] }>(
      em,
      `SELECT ${CLOCK_COLUMNS}, ${PAUSES.replace('t.id', '$1')}
         FROM ticket_sla_clock c WHERE c.ticket_id = $1 AND c.clock = $2`,
      [ticketId, clock],
    );
    if (!row) return null;
    const { number, priority, tier, status } = ticket;
    return { ...row, ticketId, number, priority, tier, status, pauses: row.pauses.map(toSpan) };
  }

  /** Clocks with a step due before `before`, most overdue first (read without locks). */
  async overdue(before: Date, limit: number): Promise<{ ticketId: string; clock: string }[]> {
    return sqlRows<{ ticketId: string; clock: string }>(
      this.dataSource,
      `SELECT c.ticket_id AS "ticketId", c.clock FROM ticket_sla_clock c
        WHERE c.next_fire_at <= $1 ORDER BY c.next_fire_at LIMIT $2`,
      [before, limit],
    );
  }

  /**
   * Records what fired, if and only if the clock is still as it was read: same revision, running, not
   * paused, and each step still unfired and due. Zero rows means stale: nothing fires.
   */
  async recordFiring(
    em: EntityManager,
    before: FiringRow,
    after: ClockRow,
    fired: { warned: boolean; breached: boolean },
    now: Date,
  ): Promise<boolean> {
    const updated = await sqlExecute(
      em,
      `UPDATE ticket_sla_clock
          SET warned_at = CASE WHEN $5 THEN $4::timestamptz ELSE warned_at END,
              breached_at = CASE WHEN $6 THEN $4::timestamptz ELSE breached_at END,
              ladder_level = $8, next_ladder_at = $9, next_fire_at = $10
        WHERE ticket_id = $1 AND clock = $2 AND revision = $3 AND met_at IS NULL AND paused_at IS NULL
          AND stopped_at IS NULL AND ladder_level = $7
          AND (NOT $5 OR (warned_at IS NULL AND warn_at <= $4::timestamptz))
          AND (NOT $6 OR (breached_at IS NULL AND due_at <= $4::timestamptz))`,
      [
        before.ticketId,
        before.clock,
        before.revision,
        now,
        fired.warned,
        fired.breached,
        before.ladderLevel,
        after.ladderLevel,
        after.nextLadderAt,
        after.nextFireAt,
      ],
    );
    return updated === 1;
  }

  async timersOf(ticketId: string): Promise<TimerRow[]> {
    // Prepared: the worker runs it for every ticket filed or moved (arming its timers).
    return preparedQuery<TimerRow>(
      this.dataSource,
      `SELECT ${TIMER_COLUMNS} FROM ticket_sla_clock c WHERE c.ticket_id = $1 AND c.next_fire_at IS NOT NULL`,
      [ticketId],
    );
  }

  /** The running timers of several tickets (arming the tickets filed at the same moment). */
  async timersOfTickets(ticketIds: string[]): Promise<TimerRow[]> {
    return preparedQuery<TimerRow>(
      this.dataSource,
      `SELECT ${TIMER_COLUMNS} FROM ticket_sla_clock c
        WHERE c.ticket_id = ANY($1::uuid[]) AND c.next_fire_at IS NOT NULL`,
      [ticketIds],
    );
  }

  async timerOf(ticketId: string, clock: string): Promise<TimerRow | null> {
    return sqlRow<TimerRow>(
      this.dataSource,
      `SELECT ${TIMER_COLUMNS} FROM ticket_sla_clock c WHERE c.ticket_id = $1 AND c.clock = $2 AND c.next_fire_at IS NOT NULL`,
      [ticketId, clock],
    );
  }

  /** Timers due in (from, to], in due order, after the `after` timer: the reconciliation pages through them. */
  async timersBetween(
    from: Date,
    to: Date,
    limit: number,
    after: TimerRow | null = null,
  ): Promise<TimerRow[]> {
    const params: unknown[] = [from, to, limit];
    const page = after
      ? `AND (c.next_fire_at, c.ticket_id, c.clock) > ($${params.push(after.nextFireAt)}, $${params.push(after.ticketId)}, $${params.push(after.clock)})`
      : '';
    return sqlRows<TimerRow>(
      this.dataSource,
      `SELECT ${TIMER_COLUMNS} FROM ticket_sla_clock c
        WHERE c.next_fire_at > $1 AND c.next_fire_at <= $2 ${page}
        ORDER BY c.next_fire_at, c.ticket_id, c.clock LIMIT $3`,
      params,
    );
  }

  async hasRole(em: EntityManager, userId: string, role: string): Promise<boolean> {
    const row = await sqlRow<{ ok: boolean }>(
      em,
      `SELECT $2 = ANY(roles) AS ok FROM app_user WHERE id = $1`,
      [userId, role],
    );
    return !!row?.ok;
  }
}

function toSpan(p: RawSpan): PauseSpan {
  return { start: Number(p.start), end: p.end === null ? null : Number(p.end) };
}
