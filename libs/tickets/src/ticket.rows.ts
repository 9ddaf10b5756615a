import { NO_DUE, Ticket } from './entities/ticket.entity';

/** Raw ticket row with camelCase keys, as read for decisions inside services. */
export type TicketRow = Ticket & { dueKey: string; createdKey: string };

/**
 * The ticket columns a change may write, typed by the entity; `TicketRepository.update` takes their
 * database names from the entity metadata. `version` and `updatedAt` are the repository's own.
 */
export type TicketPatch = Partial<
  Pick<
    Ticket,
    | 'kind'
    | 'title'
    | 'description'
    | 'categoryId'
    | 'impact'
    | 'urgency'
    | 'priority'
    | 'channel'
    | 'unitId'
    | 'deskId'
    | 'tier'
    | 'teamId'
    | 'assigneeId'
    | 'tier1AssigneeId'
    | 'status'
    | 'pendingReason'
    | 'resolution'
    | 'cancelReason'
    | 'firstResponseAt'
    | 'escalatedAt'
    | 'pendingSince'
    | 'pendingUntil'
    | 'resolvedAt'
    | 'autoCloseAt'
    | 'closedAt'
    | 'cancelledAt'
    | 'responseDueAt'
    | 'resolutionDueAt'
    | 'ratingScore'
    | 'ratingComment'
    | 'ratedAt'
  > & { queueDueAt: Date | typeof NO_DUE }
>;

/** What a system job (the SLA engine re-placing clocks, a timer firing) locks a ticket for. */
export type TicketSummaryRow = Pick<TicketRow, 'id' | 'number' | 'status' | 'tier' | 'priority' | 'kind'>;

/** The ticket's copies of its SLA due times (queue sort key, lists). */
export interface TicketDueTimes {
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  queueDueAt: Date | typeof NO_DUE;
}

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

export const ROW_COLUMNS = `
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
export const VIEW_COLUMNS = `${ROW_COLUMNS},
  c.name AS "categoryName", r.name AS "requesterName", r.phone AS "requesterPhone",
  r.location_room AS "requesterRoom", r.location_floor AS "requesterFloor", u.name AS "unitName", tm.name AS "teamName", a.name AS "assigneeName",
  (SELECT jsonb_object_agg(k.clock, jsonb_build_object('startedAt', k.started_at, 'dueAt', k.due_at,
          'warnedAt', k.warned_at, 'breachedAt', k.breached_at, 'metAt', k.met_at, 'pausedAt', k.paused_at,
          'stoppedAt', k.stopped_at))
     FROM ticket_sla_clock k WHERE k.ticket_id = t.id) AS "slaClocks"`;

export const VIEW_JOINS = `
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
