import { preparedQuery } from '@desk/database';
import { toTsQuery } from '@desk/text-search';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Ticket, TicketStatus } from './entities/ticket.entity';
import { OPEN_STATUSES } from './ticket-transitions';
import type { BindParam } from './ticket-lifecycle.hook';
import { ticketScopeSql } from './ticket-visibility';

const STATUSES = new Set<string>(Object.values(TicketStatus));

/** Raw ticket row with camelCase keys, as read for decisions inside services. */
export type TicketRow = Ticket & { dueKey: string; createdKey: string };

/** What `takeContent` removes from a ticket. */
export interface SealedTicketContent {
  comments: { authorId: string; body: string; internal: boolean; createdAt: Date }[];
  attachments: {
    id: string;
    uploaderId: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    createdAt: Date;
  }[];
}

export interface TicketFilter {
  statuses?: string[];
  tier?: number;
  unitId?: string;
  teamId?: string;
  kind?: string;
  priority?: string;
  assigneeId?: string | null;
  breached?: boolean;
  q?: string;
  /** Whether `q` also searches internal notes (agents). */
  searchAgentText?: boolean;
  categoryId?: string;
  requesterId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  sort: 'due' | 'created';
  limit: number;
  after?: { key: string; id: string };
  now: Date;
}

export interface NewTicket {
  kind: string;
  title: string;
  description: string;
  categoryId: string | null;
  impact: number;
  urgency: number;
  priority: string;
  channel: string;
  requesterId: string;
  createdById: string;
  unitId: string;
  deskId: string;
  year: number;
  responseDueAt: Date;
  resolutionDueAt: Date;
  /** The queue sort key; the response due time when not given. */
  queueDueAt?: Date;
  idempotencyKey: string | null;
  idempotencyHash?: string | null;
  now: Date;
}

const ROW_COLUMNS = `
  t.id, t.number, t.kind, t.title, t.description, t.category_id AS "categoryId", t.impact, t.urgency,
  t.priority, t.channel, t.requester_id AS "requesterId", t.created_by_id AS "createdById", t.unit_id AS "unitId",
  t.desk_id AS "deskId", t.tier, t.team_id AS "teamId", t.assignee_id AS "assigneeId",
  t.tier1_assignee_id AS "tier1AssigneeId", t.status, t.pending_reason AS "pendingReason", t.resolution,
  t.cancel_reason AS "cancelReason", t.first_response_at AS "firstResponseAt", t.escalated_at AS "escalatedAt",
  t.pending_since AS "pendingSince", t.pending_until AS "pendingUntil", t.resolved_at AS "resolvedAt", t.auto_close_at AS "autoCloseAt",
  t.closed_at AS "closedAt", t.cancelled_at AS "cancelledAt", t.response_due_at AS "responseDueAt",
  t.resolution_due_at AS "resolutionDueAt", t.rating_score AS "ratingScore", t.rating_comment AS "ratingComment",
  t.rated_at AS "ratedAt", t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
  t.queue_due_at::text AS "dueKey", t.created_at::text AS "createdKey"`;

/** Joined names for the API view. */
const VIEW_COLUMNS = `${ROW_COLUMNS},
  c.name AS "categoryName", r.name AS "requesterName", r.phone AS "requesterPhone",
  r.location_room AS "requesterRoom", r.location_floor AS "requesterFloor", u.name AS "unitName", tm.name AS "teamName", a.name AS "assigneeName",
  (SELECT jsonb_object_agg(k.clock, jsonb_build_object('startedAt', k.started_at, 'dueAt', k.due_at,
          'warnedAt', k.warned_at, 'breachedAt', k.breached_at, 'metAt', k.met_at, 'pausedAt', k.paused_at,
          'stoppedAt', k.stopped_at))
     FROM ticket_sla_clock k WHERE k.ticket_id = t.id) AS "slaClocks"`;

const VIEW_JOINS = `
  JOIN app_user r ON r.id = t.requester_id
  JOIN unit u ON u.id = t.unit_id
  LEFT JOIN category c ON c.id = t.category_id
  LEFT JOIN team tm ON tm.id = t.team_id
  LEFT JOIN app_user a ON a.id = t.assignee_id`;

export type TicketViewRow = TicketRow & {
  categoryName: string | null;
  requesterName: string;
  requesterPhone: string | null;
  requesterRoom: string | null;
  requesterFloor: string | null;
  unitName: string;
  teamName: string | null;
  assigneeName: string | null;
  /** The SLA engine's clocks (table ticket_sla_clock) by clock name; null for a ticket without any. */
  slaClocks: Record<
    string,
    Record<
      'startedAt' | 'dueAt' | 'warnedAt' | 'breachedAt' | 'metAt' | 'pausedAt' | 'stoppedAt',
      string | null
    >
  > | null;
};

/** The only place that reads or writes tickets. Every read takes the caller's scope. */
@Injectable()
export class TicketRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the ticket, its first audit event and its outbox event in one statement (atomic without
   * an explicit transaction, and one round trip). Returns null when the idempotency key was used.
   */
  async insert(t: NewTicket, extraCtes: ((bind: BindParam) => string[])[] = []): Promise<string | null> {
    const params: unknown[] = [
      t.kind,
      t.title,
      t.description,
      t.categoryId,
      t.impact,
      t.urgency,
      t.priority,
      t.channel,
      t.requesterId,
      t.createdById,
      t.unitId,
      t.deskId,
      t.responseDueAt,
      t.resolutionDueAt,
      t.idempotencyKey,
      t.year,
      t.now,
      t.queueDueAt ?? t.responseDueAt,
      t.idempotencyHash ?? null,
    ];
    const bind: BindParam = (value) => `$${params.push(value)}`;
    const extra = extraCtes.flatMap((build) => build(bind)).map((cte) => `, ${cte}`);
    // Prepared: planning this statement (a CTE of five inserts) cost a quarter of its execution time.
    const rows = await preparedQuery<{ id: string }>(
      this.dataSource,
      `WITH ins AS (
         INSERT INTO ticket (number, kind, title, description, category_id, impact, urgency, priority, channel,
                             requester_id, created_by_id, unit_id, desk_id, status, response_due_at,
                             resolution_due_at, queue_due_at, idempotency_key, created_at, updated_at, idempotency_hash)
         VALUES ('TIK-' || $16::int || '-' || lpad(next_ticket_number($16::int)::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8,
                 $9, $10, $11, $12, 'new', $13, $14, $18, $15, $17, $17, $19)
         ON CONFLICT (created_by_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, number, unit_id, priority, requester_id, created_at
       ), audit AS (
         INSERT INTO ticket_event (ticket_id, actor_id, action, changes, created_at)
         SELECT id, $10, 'created', jsonb_build_object('status', jsonb_build_object('from', null, 'to', 'new')), created_at FROM ins
       ), outbox AS (
         INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload)
         SELECT 'ticket.created', 'ticket', id,
                jsonb_build_object('number', number, 'unitId', unit_id, 'priority', priority, 'requesterId', requester_id,
                                   'visibility', jsonb_build_object('unitId', unit_id, 'teamId', null,
                                                                    'requesterId', requester_id, 'escalated', false))
           FROM ins
       )${extra.join('')}
       SELECT id FROM ins`,
      params,
    );
    return rows[0]?.id ?? null;
  }

  async findIdByIdempotencyKey(
    createdById: string,
    key: string,
  ): Promise<{ id: string; hash: string | null } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, idempotency_hash AS hash FROM ticket WHERE created_by_id = $1 AND idempotency_key = $2`,
      [createdById, key],
    );
    return row ?? null;
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

  /** The id of the ticket with this number, when the actor may see it. */
  async findVisibleIdByNumber(actor: Actor, number: string): Promise<string | null> {
    const params: unknown[] = [number];
    const scope = ticketScopeSql(actor, params);
    const [row] = await this.dataSource.query(
      `SELECT t.id FROM ticket t WHERE t.number = $1 AND ${scope}`,
      params,
    );
    return row?.id ?? null;
  }

  /** Locks the row for a change (callers already checked visibility in the same transaction). */
  async lock(em: EntityManager, id: string): Promise<TicketRow> {
    const [row] = await em.query(`SELECT ${ROW_COLUMNS} FROM ticket t WHERE t.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async list(actor: Actor, f: TicketFilter): Promise<TicketViewRow[]> {
    const params: unknown[] = [];
    const where = [ticketScopeSql(actor, params)];
    if (f.statuses?.length) {
      const statuses = [...new Set(f.statuses.flatMap((s) => (s === 'open' ? OPEN_STATUSES : [s])))];
      if (statuses.every((s) => STATUSES.has(s))) {
        // Known names only, written as constants: a plan made once for the prepared statement then
        // still knows which statuses (and so which partial indexes: the open queue) it reads.
        const set = `(${statuses.map((s) => `'${s}'`).join(', ')})`;
        where.push(`t.status IN ${set}`);
        // The open-ticket queue indexes are partial on exactly this list.
        if (statuses.every((s) => OPEN_STATUSES.includes(s as TicketStatus)) && statuses.length < 4)
          where.push(`t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);
      } else where.push(`t.status = ANY($${params.push(statuses)})`);
    }
    if (f.tier) where.push(`t.tier = $${params.push(f.tier)}`);
    if (f.unitId) where.push(`t.unit_id = $${params.push(f.unitId)}`);
    if (f.teamId) where.push(`t.team_id = $${params.push(f.teamId)}`);
    if (f.kind) where.push(`t.kind = $${params.push(f.kind)}`);
    if (f.priority) where.push(`t.priority = $${params.push(f.priority)}`);
    if (f.assigneeId === null) where.push('t.assignee_id IS NULL');
    else if (f.assigneeId) where.push(`t.assignee_id = $${params.push(f.assigneeId)}`);
    if (f.breached !== undefined) {
      // Overdue by the clock the queue runs on (Tier 2 pick-up included; pending and closed tickets
      // have none), the same rule as the breached count of GET /queues.
      const now = `$${params.push(f.now)}`;
      where.push(f.breached ? `t.queue_due_at < ${now}` : `t.queue_due_at >= ${now}`);
    }
    if (f.categoryId) where.push(`t.category_id = $${params.push(f.categoryId)}`);
    if (f.requesterId) where.push(`t.requester_id = $${params.push(f.requesterId)}`);
    if (f.createdFrom) where.push(`t.created_at >= $${params.push(f.createdFrom)}`);
    if (f.createdTo) where.push(`t.created_at < $${params.push(f.createdTo)}`);
    if (f.q?.trim()) where.push(searchSql(f.q, !!f.searchAgentText, params));
    let order: string;
    if (f.sort === 'due') {
      if (f.after)
        where.push(
          `(t.queue_due_at, t.id) > ($${params.push(f.after.key)}::timestamptz, $${params.push(f.after.id)}::uuid)`,
        );
      order = 't.queue_due_at ASC, t.id ASC';
    } else {
      if (f.after)
        where.push(
          `(t.created_at, t.id) < ($${params.push(f.after.key)}::timestamptz, $${params.push(f.after.id)}::uuid)`,
        );
      order = 't.created_at DESC, t.id DESC';
    }
    // The limit (a validated integer) is a constant too: a plan made for an unknown limit assumes a
    // tenth of the rows and may sort the whole queue instead of reading its index in order.
    const limit = Math.trunc(f.limit) + 1;
    if (!Number.isSafeInteger(limit) || limit < 2) throw new Error(`bad list limit ${f.limit}`);
    const text = `SELECT ${VIEW_COLUMNS} FROM ticket t ${VIEW_JOINS}
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`;
    // Prepared (planned once per connection; the queue views are every agent's most frequent read)
    // unless it is a text search, whose cost depends on the words searched for.
    return f.q?.trim() ? this.dataSource.query(text, params) : preparedQuery(this.dataSource, text, params);
  }

  /** Applies a change with its audit and outbox rows; callers hold the row lock. */
  async update(em: EntityManager, id: string, patch: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(patch);
    const sets = columns.map((c, i) => `${c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)} = $${i + 2}`);
    await em.query(
      `UPDATE ticket SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...columns.map((c) => patch[c])],
    );
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
    await em.query(
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

  async history(ticketId: string) {
    return this.dataSource.query(
      `SELECT e.id, e.action, e.changes, e.note, e.created_at AS "createdAt",
              CASE WHEN e.reason_code IS NULL THEN NULL
                   ELSE json_build_object('code', e.reason_code, 'params', COALESCE(e.reason_params, '{}'::jsonb)) END AS reason,
              CASE WHEN e.actor_id IS NULL THEN NULL ELSE json_build_object('id', e.actor_id, 'name', u.name) END AS actor
         FROM ticket_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.ticket_id = $1 ORDER BY e.id`,
      [ticketId],
    );
  }

  async addComment(
    em: EntityManager,
    c: { ticketId: string; authorId: string; body: string; internal: boolean },
  ) {
    const [row] = await em.query(
      `INSERT INTO ticket_comment (ticket_id, author_id, body, internal) VALUES ($1, $2, $3, $4)
       RETURNING id, ticket_id AS "ticketId", body, internal, created_at AS "createdAt"`,
      [c.ticketId, c.authorId, c.body, c.internal],
    );
    return row;
  }

  async comments(ticketId: string, includeInternal: boolean) {
    return this.dataSource.query(
      `SELECT c.id, c.body, c.internal, c.created_at AS "createdAt", json_build_object('id', u.id, 'name', u.name) AS author
         FROM ticket_comment c JOIN app_user u ON u.id = c.author_id
        WHERE c.ticket_id = $1 ${includeInternal ? '' : 'AND NOT c.internal'} ORDER BY c.created_at, c.id`,
      [ticketId],
    );
  }

  async addAttachment(
    em: EntityManager,
    a: {
      id: string;
      ticketId: string;
      uploaderId: string;
      fileName: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      storageKey: string;
      internal: boolean;
    },
  ) {
    const [row] = await em.query(
      `INSERT INTO ticket_attachment (id, ticket_id, uploader_id, file_name, content_type, size_bytes, sha256, storage_key, internal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", sha256, internal, created_at AS "createdAt"`,
      [
        a.id,
        a.ticketId,
        a.uploaderId,
        a.fileName,
        a.contentType,
        a.sizeBytes,
        a.sha256,
        a.storageKey,
        a.internal,
      ],
    );
    return row;
  }

  async attachments(ticketId: string, includeInternal: boolean) {
    return this.dataSource.query(
      `SELECT a.id, a.file_name AS "fileName", a.content_type AS "contentType", a.size_bytes AS "sizeBytes", a.sha256,
              a.internal, a.created_at AS "createdAt", json_build_object('id', u.id, 'name', u.name) AS uploader
         FROM ticket_attachment a JOIN app_user u ON u.id = a.uploader_id
        WHERE a.ticket_id = $1 ${includeInternal ? '' : 'AND NOT a.internal'} ORDER BY a.created_at, a.id`,
      [ticketId],
    );
  }

  async findAttachment(ticketId: string, attachmentId: string) {
    const [row] = await this.dataSource.query(
      `SELECT id, file_name AS "fileName", content_type AS "contentType", size_bytes AS "sizeBytes", sha256, internal,
              storage_key AS "storageKey"
         FROM ticket_attachment WHERE ticket_id = $1 AND id = $2`,
      [ticketId, attachmentId],
    );
    return row ?? null;
  }

  /** Pending tickets whose "pending until" falls before `to`, earliest first (the resume timers). */
  async pendingUntilBefore(to: Date, limit: number): Promise<{ id: string; until: string }[]> {
    const rows: { id: string; until: Date }[] = await this.dataSource.query(
      `SELECT id, pending_until AS until FROM ticket
        WHERE pending_until IS NOT NULL AND pending_until < $1 AND status = '${TicketStatus.Pending}'
        ORDER BY pending_until, id LIMIT $2`,
      [to, limit],
    );
    return rows.map((r) => ({ id: r.id, until: new Date(r.until).toISOString() }));
  }

  /**
   * Takes a ticket's comments and files off it (a ticket handed to a confidential module): the rows
   * are deleted and returned, the stored bytes stay for the new owner.
   */
  async takeContent(em: EntityManager, ticketId: string): Promise<SealedTicketContent> {
    const [comments] = await em.query(
      `DELETE FROM ticket_comment WHERE ticket_id = $1
       RETURNING author_id AS "authorId", body, internal, created_at AS "createdAt"`,
      [ticketId],
    );
    const [attachments] = await em.query(
      `DELETE FROM ticket_attachment WHERE ticket_id = $1
       RETURNING id, uploader_id AS "uploaderId", file_name AS "fileName", content_type AS "contentType",
                 size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", created_at AS "createdAt"`,
      [ticketId],
    );
    const byTime = (a: { createdAt: Date }, b: { createdAt: Date }) =>
      new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
    return { comments: comments.sort(byTime), attachments: attachments.sort(byTime) };
  }

  /** Resolved tickets whose auto-close time has passed. */
  async dueForAutoClose(now: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT id FROM ticket WHERE status = '${TicketStatus.Resolved}' AND auto_close_at <= $1 ORDER BY auto_close_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r: { id: string }) => r.id);
  }
}

/**
 * The search condition of `q`: the ticket number (`TIK-2026-000033`, or its last digits `000033` /
 * `33`), or the stemmed words in the ticket's search document (`ticket_search`, GIN-indexed; agents'
 * documents include internal notes). Only this path touches the search table.
 */
function searchSql(raw: string, agent: boolean, params: unknown[]): string {
  const q = raw.trim();
  const ors: string[] = [];
  const upper = q.toUpperCase();
  if (/^TIK-\d{4}-\d{1,9}$/.test(upper)) ors.push(`t.number = $${params.push(upper)}`);
  else if (/^\d{1,9}$/.test(q)) {
    const digits = q.length < 6 ? q.padStart(6, '0') : q;
    ors.push(`t.number LIKE $${params.push(`TIK-____-${digits}`)}`);
  }
  const query = toTsQuery(q, { prefixLast: true });
  if (query) {
    const doc = agent ? 's.agent_doc' : 's.public_doc';
    ors.push(
      `EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id AND ${doc} @@ to_tsquery('simple', $${params.push(query)}))`,
    );
  }
  return ors.length ? `(${ors.join(' OR ')})` : 'FALSE';
}
