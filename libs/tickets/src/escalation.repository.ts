import { sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A work queue: one Tier 2 team, or one PD's Tier 1 desk. */
export type WorkQueue = { teamId: string } | { deskId: string };

export interface EscalationRecord {
  id: string;
  ticketId: string;
  team: { id: string; name: string };
  reason: string;
  automatic: boolean;
  escalatedBy: { id: string; name: string } | null;
  escalatedAt: string;
  routedAt: string | null;
  returnedAt: string | null;
  returnedBy: { id: string; name: string } | null;
  returnNotes: string | null;
}

// Literal statuses (not parameters) so the planner matches the partial queue indexes.
const WORKABLE = `('new', 'assigned', 'in_progress')`;

/** Escalation rows of `ticket_escalation` and the queue reads of the escalation actions. */
@Injectable()
export class EscalationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The team a category routes to (category.team_id), or null. */
  async routeOf(em: EntityManager, categoryId: string | null): Promise<string | null> {
    if (!categoryId) return null;
    const row = await sqlRow<{ teamId: string | null }>(
      em,
      `SELECT team_id AS "teamId" FROM category WHERE id = $1`,
      [categoryId],
    );
    return row?.teamId ?? null;
  }

  /**
   * Records an escalation, routed at once: the team is decided in this transaction, and the
   * `ticket.escalated` event written with it tells the team (docs/architecture.md, "Jobs").
   */
  async insert(
    em: EntityManager,
    e: {
      ticketId: string;
      teamId: string;
      reason: string;
      automatic: boolean;
      escalatedById: string | null;
      at: Date;
    },
  ): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      em,
      `INSERT INTO ticket_escalation (ticket_id, team_id, reason, automatic, escalated_by_id, escalated_at, routed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [e.ticketId, e.teamId, e.reason, e.automatic, e.escalatedById, e.at],
    );
    if (!row) throw new Error('ticket_escalation insert returned no row');
    return row.id;
  }

  /** Marks the ticket's open escalation returned; returns its id (null when none was open). */
  async markReturned(
    em: EntityManager,
    ticketId: string,
    r: { returnedById: string | null; notes: string; at: Date },
  ): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      em,
      `UPDATE ticket_escalation SET returned_at = $2, returned_by_id = $3, return_notes = $4
        WHERE ticket_id = $1 AND returned_at IS NULL RETURNING id`,
      [ticketId, r.at, r.returnedById, r.notes],
    );
    return row?.id ?? null;
  }

  async forTicket(ticketId: string): Promise<EscalationRecord[]> {
    return sqlRows<EscalationRecord>(
      this.dataSource,
      `SELECT e.id, e.ticket_id AS "ticketId", json_build_object('id', tm.id, 'name', tm.name) AS team, e.reason,
              e.automatic,
              CASE WHEN e.escalated_by_id IS NULL THEN NULL ELSE json_build_object('id', eb.id, 'name', eb.name) END AS "escalatedBy",
              e.escalated_at AS "escalatedAt", e.routed_at AS "routedAt", e.returned_at AS "returnedAt",
              CASE WHEN e.returned_by_id IS NULL THEN NULL ELSE json_build_object('id', rb.id, 'name', rb.name) END AS "returnedBy",
              e.return_notes AS "returnNotes"
         FROM ticket_escalation e
         JOIN team tm ON tm.id = e.team_id
         LEFT JOIN app_user eb ON eb.id = e.escalated_by_id
         LEFT JOIN app_user rb ON rb.id = e.returned_by_id
        WHERE e.ticket_id = $1 ORDER BY e.escalated_at, e.id`,
      [ticketId],
    );
  }

  /**
   * Locks the most urgent unassigned workable ticket of a queue, in due order. SKIP LOCKED lets
   * concurrent claimers pass each other's rows instead of queueing on them, and PostgreSQL re-checks
   * the WHERE on the latest row version, so a ticket claimed meanwhile is never handed out twice.
   * Pending tickets wait for someone else and are not offered.
   */
  async lockNextUnassigned(em: EntityManager, queue: WorkQueue): Promise<string | null> {
    const [column, tier, id] =
      'teamId' in queue ? ['team_id', 2, queue.teamId] : ['desk_id', 1, queue.deskId];
    const row = await sqlRow<{ id: string }>(
      em,
      `SELECT t.id FROM ticket t
        WHERE t.${column} = $1 AND t.tier = ${tier} AND t.status IN ${WORKABLE} AND t.assignee_id IS NULL
        ORDER BY t.queue_due_at, t.id
        LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return row?.id ?? null;
  }
}
