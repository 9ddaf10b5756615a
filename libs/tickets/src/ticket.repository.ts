import { preparedQuery, sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Ticket, TicketStatus } from './entities/ticket.entity';
import { HistoryLine } from './history-text';
import type { BindParam, CreateCtes, CreateScope } from './ticket-lifecycle.hook';
import {
  NewTicket,
  TicketDueTimes,
  ROW_COLUMNS,
  TicketPatch,
  TicketRow,
  TicketSummaryRow,
  TicketViewRow,
  VIEW_COLUMNS,
  VIEW_JOINS,
} from './ticket.rows';
import { ticketScopeSql } from './ticket-visibility';
import type { TicketTextRow } from './ticket-view.json';

/**
 * Reads and writes the ticket row and its audit trail (`ticket_event`). Every read takes the caller's
 * scope. The queue list is `TicketListQuery`; comments and files are `TicketContentRepository`.
 */
@Injectable()
export class TicketRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the ticket, its first audit event and its outbox event in one statement (atomic without
   * an explicit transaction, and one round trip). Returns null when the idempotency key was used.
   */
  async insert(t: NewTicket, extraCtes: CreateCtes[] = []): Promise<string | null> {
    const [id] = await this.insertMany([{ ticket: t, ctes: extraCtes }]);
    return id;
  }

  /**
   * Files several tickets in ONE statement and one commit (the filing batcher's group commit): each
   * ticket's row, audit event and outbox event, and each hook's rows for it (read from `ins_<n>`,
   * that ticket's row alone). All or nothing: a row that fails fails the statement and nothing of
   * it is written. Returns each ticket's id in order, null where its idempotency key was used.
   */
  async insertMany(items: { ticket: NewTicket; ctes?: CreateCtes[] }[]): Promise<(string | null)[]> {
    const params: unknown[] = [];
    const bind: BindParam = (value) => `$${params.push(value)}`;
    const ids = items.map(() => randomUUID());
    const values = items.map(({ ticket: t }, i) => {
      const year = bind(t.year);
      const now = bind(t.now);
      return `(${bind(ids[i])}::uuid, 'TIK-' || ${year}::int || '-' || lpad(next_ticket_number(${year}::int)::text, 6, '0'),
               ${[t.kind, t.title, t.description, t.categoryId, t.impact, t.urgency, t.priority, t.channel]
                 .concat([t.requesterId, t.createdById, t.unitId, t.deskId])
                 .map(bind)
                 .join(
                   ', ',
                 )}, 'new', ${bind(t.responseDueAt)}::timestamptz, ${bind(t.resolutionDueAt)}::timestamptz,
               ${bind(t.queueDueAt ?? t.responseDueAt)}::timestamptz, ${bind(t.idempotencyKey)}, ${now}::timestamptz,
               ${now}::timestamptz, ${bind(t.idempotencyHash ?? null)})`;
    });
    const extra = items.flatMap(({ ctes = [] }, i) => {
      const scope: CreateScope = { ins: `ins_${i + 1}`, name: (cte) => `${cte}_${i + 1}` };
      return [
        `${scope.ins} AS (SELECT * FROM ins WHERE id = ${bind(ids[i])}::uuid)`,
        ...ctes.flatMap((build) => build(bind, scope)),
      ];
    });
    // Prepared (one name per shape): planning a CTE of five inserts cost a quarter of running it.
    const rows = await preparedQuery<{ id: string }>(
      this.dataSource,
      `WITH ins AS (
         INSERT INTO ticket (id, number, kind, title, description, category_id, impact, urgency, priority, channel,
                             requester_id, created_by_id, unit_id, desk_id, status, response_due_at,
                             resolution_due_at, queue_due_at, idempotency_key, created_at, updated_at, idempotency_hash)
         VALUES ${values.join(',\n                ')}
         ON CONFLICT (created_by_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, number, unit_id, priority, requester_id, created_by_id, created_at
       ), audit AS (
         INSERT INTO ticket_event (ticket_id, actor_id, action, changes, created_at)
         SELECT id, created_by_id, 'created', jsonb_build_object('status', jsonb_build_object('from', null, 'to', 'new')),
                created_at
           FROM ins
       ), outbox AS (
         INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload)
         SELECT 'ticket.created', 'ticket', id,
                jsonb_build_object('number', number, 'unitId', unit_id, 'priority', priority, 'requesterId', requester_id,
                                   'visibility', jsonb_build_object('unitId', unit_id, 'teamId', null,
                                                                    'requesterId', requester_id, 'escalated', false))
           FROM ins
       )${extra.map((cte) => `, ${cte}`).join('')}
       SELECT id FROM ins`,
      params,
    );
    const written = new Set(rows.map((r) => r.id));
    return ids.map((id) => (written.has(id) ? id : null));
  }

  async findIdByIdempotencyKey(
    createdById: string,
    key: string,
  ): Promise<{ id: string; hash: string | null } | null> {
    return sqlRow<{ id: string; hash: string | null }>(
      this.dataSource,
      `SELECT id, idempotency_hash AS hash FROM ticket WHERE created_by_id = $1 AND idempotency_key = $2`,
      [createdById, key],
    );
  }

  /** A ticket the actor may see, with joined names; null when absent or not visible. */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<TicketViewRow | null> {
    const params: unknown[] = [id];
    const scope = ticketScopeSql(actor, params);
    // Prepared: every request reads its ticket this way, and planning it costs more than running it.
    const [row] = await preparedQuery<TicketViewRow>(
      em ?? this.dataSource,
      `SELECT ${VIEW_COLUMNS} FROM ticket t ${VIEW_JOINS} WHERE t.id = $1 AND ${scope}`,
      params,
    );
    return row ?? null;
  }

  /** `findVisible` with the timestamps as PostgreSQL's text, for `ticketViewJson` (the API's answer). */
  async findVisibleText(actor: Actor, id: string): Promise<TicketTextRow | null> {
    const params: unknown[] = [id];
    const scope = ticketScopeSql(actor, params);
    const [row] = await preparedQuery<TicketTextRow>(
      this.dataSource,
      `SELECT ${VIEW_COLUMNS} FROM ticket t ${VIEW_JOINS} WHERE t.id = $1 AND ${scope}`,
      params,
      { timesAsText: true },
    );
    return row ?? null;
  }

  /** The id of the ticket with this number, when the actor may see it. */
  async findVisibleIdByNumber(actor: Actor, number: string): Promise<string | null> {
    const params: unknown[] = [number];
    const scope = ticketScopeSql(actor, params);
    const row = await sqlRow<{ id: string }>(
      this.dataSource,
      `SELECT t.id FROM ticket t WHERE t.number = $1 AND ${scope}`,
      params,
    );
    return row?.id ?? null;
  }

  /**
   * Locks the row for a change (callers already checked visibility in the same transaction, so the
   * ticket exists; tickets are never deleted).
   */
  async lock(em: EntityManager, id: string): Promise<TicketRow> {
    const row = await this.lockIfPresent(em, id);
    if (!row) throw new Error(`ticket ${id} not found under lock`);
    return row;
  }

  /** Locks the row for a system change (timers, links); null when there is no such ticket. */
  async lockIfPresent(em: EntityManager, id: string): Promise<TicketRow | null> {
    return sqlRow<TicketRow>(em, `SELECT ${ROW_COLUMNS} FROM ticket t WHERE t.id = $1 FOR UPDATE`, [id]);
  }

  /**
   * Locks the row for a system job outside a ticket change (the SLA engine's timers and re-placing).
   * `skipLocked`: null when another transaction holds it, as when there is no such ticket.
   */
  async lockSummary(em: EntityManager, id: string, skipLocked = false): Promise<TicketSummaryRow | null> {
    return sqlRow<TicketSummaryRow>(
      em,
      `SELECT id, number, status, tier, priority, kind FROM ticket WHERE id = $1
         FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
      [id],
    );
  }

  /**
   * Writes the ticket's copies of its due times after the SLA engine moved them outside a ticket
   * change (a policy or calendar edit). The version stays: nothing an agent edits changed.
   */
  async syncDue(em: EntityManager, id: string, due: TicketDueTimes): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE ticket SET response_due_at = $2, resolution_due_at = $3, queue_due_at = $4 WHERE id = $1`,
      [id, due.responseDueAt, due.resolutionDueAt, due.queueDueAt],
    );
  }

  /**
   * Applies a change (callers hold the row lock and write its audit and outbox rows), bumping
   * `version` and `updated_at`. The column names come from the entity's metadata; a field given as
   * undefined is written as NULL. One plain statement: the query builder cost half as much CPU again.
   */
  async update(em: EntityManager, id: string, patch: TicketPatch): Promise<void> {
    const params: unknown[] = [id];
    const sets = Object.entries(patch).map(
      ([field, value]) => `${this.columnOf(em, field)} = $${params.push(value ?? null)}`,
    );
    await sqlExecute(
      em,
      `UPDATE ticket SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
      params,
    );
  }

  private columns?: Map<string, string>;

  /** The database name of a ticket field, from the entity metadata (read once). */
  private columnOf(em: EntityManager, field: string): string {
    this.columns ??= new Map(
      em.connection.getMetadata(Ticket).columns.map((c) => [c.propertyName, c.databaseName]),
    );
    const column = this.columns.get(field);
    if (!column) throw new Error(`ticket has no column for ${field}`);
    return column;
  }

  async addEvent(
    em: EntityManager,
    e: {
      ticketId: string;
      actorId: string | null;
      action: string;
      changes: Record<string, unknown>;
      note?: string | null;
      reason?: { code: string; params: Record<string, string | number> } | null;
    },
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO ticket_event (ticket_id, actor_id, action, changes, note, reason_code, reason_params)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        e.ticketId,
        e.actorId,
        e.action,
        JSON.stringify(e.changes),
        e.note ?? null,
        e.reason?.code ?? null,
        e.reason ? JSON.stringify(e.reason.params) : null,
      ],
    );
  }

  async history(ticketId: string): Promise<HistoryLine[]> {
    return sqlRows<HistoryLine>(
      this.dataSource,
      `SELECT e.id, e.action, e.changes, e.note, e.created_at AS "createdAt",
              CASE WHEN e.reason_code IS NULL THEN NULL
                   ELSE json_build_object('code', e.reason_code, 'params', COALESCE(e.reason_params, '{}'::jsonb)) END AS reason,
              CASE WHEN e.actor_id IS NULL THEN NULL ELSE json_build_object('id', e.actor_id, 'name', u.name) END AS actor
         FROM ticket_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.ticket_id = $1 ORDER BY e.id`,
      [ticketId],
    );
  }

  /** Pending tickets whose "pending until" falls before `to`, earliest first (the resume timers). */
  async pendingUntilBefore(to: Date, limit: number): Promise<{ id: string; until: string }[]> {
    const rows = await sqlRows<{ id: string; until: Date }>(
      this.dataSource,
      `SELECT id, pending_until AS until FROM ticket
        WHERE pending_until IS NOT NULL AND pending_until < $1 AND status = '${TicketStatus.Pending}'
        ORDER BY pending_until, id LIMIT $2`,
      [to, limit],
    );
    return rows.map((r) => ({ id: r.id, until: new Date(r.until).toISOString() }));
  }

  /** Resolved tickets whose auto-close time has passed. */
  async dueForAutoClose(now: Date, limit: number): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM ticket WHERE status = '${TicketStatus.Resolved}' AND auto_close_at <= $1 ORDER BY auto_close_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Moves a ticket's filing time `hours` back (the demo seed's tickets filed "earlier"). */
  async backdateFiling(em: EntityManager, id: string, hours: number): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE ticket SET created_at = created_at - make_interval(hours => $2) WHERE id = $1`,
      [id, hours],
    );
  }
}
