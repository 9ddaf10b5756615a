import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TicketStatusName } from '@desk/contracts';
import { LinkType } from './dto/ticket-link.dto';
import { ticketScopeSql } from './ticket-visibility';

/** One link as seen from a ticket: `outgoing` when this ticket is the duplicate, related one or child. */
export interface TicketLinkRow {
  id: string;
  type: LinkType;
  direction: 'outgoing' | 'incoming';
  ticket: { id: string; number: string; title: string; status: TicketStatusName };
  createdAt: string;
}

/** A link seen from one of its tickets, locked for removal, with the other ticket's number. */
export interface LockedLinkRow {
  id: string;
  ticketId: string;
  linkedTicketId: string;
  type: string;
  number: string;
}

/** A child_of chain is never deeper than this (a parent of a parent of ...): the cycle check's bound. */
const MAX_DEPTH = 50;

/** Links between tickets (`ticket_link`) and the timeline lines they leave (`ticket_event`). */
@Injectable()
export class TicketLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The open children of a ticket (`child_of` links to it), in id order. */
  openChildren(
    em: EntityManager,
    parentId: string,
    openStatuses: readonly string[],
  ): Promise<{ id: string }[]> {
    return sqlRows<{ id: string }>(
      em,
      `SELECT l.ticket_id AS id FROM ticket_link l JOIN ticket c ON c.id = l.ticket_id
        WHERE l.linked_ticket_id = $1 AND l.type = 'child_of' AND c.status = ANY($2)
        ORDER BY c.id`,
      [parentId, openStatuses],
    );
  }

  /** A ticket's links whose other ticket the caller sees, oldest first. */
  listVisible(actor: Actor, ticketId: string): Promise<TicketLinkRow[]> {
    const params: unknown[] = [ticketId];
    const scope = ticketScopeSql(actor, params);
    // The scope applies to the other ticket.
    return sqlRows<TicketLinkRow>(
      this.dataSource,
      `SELECT l.id, l.type, CASE WHEN l.ticket_id = $1 THEN 'outgoing' ELSE 'incoming' END AS direction,
              json_build_object('id', t.id, 'number', t.number, 'title', t.title, 'status', t.status) AS ticket,
              l.created_at AS "createdAt"
         FROM ticket_link l
         JOIN ticket t ON t.id = CASE WHEN l.ticket_id = $1 THEN l.linked_ticket_id ELSE l.ticket_id END
        WHERE (l.ticket_id = $1 OR l.linked_ticket_id = $1) AND ${scope}
        ORDER BY l.created_at, l.id`,
      params,
    );
  }

  /** One writer of links at a time, until the transaction ends. */
  async lockWriters(em: EntityManager): Promise<void> {
    await sqlRows(em, `SELECT pg_advisory_xact_lock(hashtext('ticket_link'))`);
  }

  /** The new link's id. */
  async insert(
    em: EntityManager,
    link: { ticketId: string; linkedTicketId: string; type: LinkType; createdById: string },
  ): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      em,
      `INSERT INTO ticket_link (ticket_id, linked_ticket_id, type, created_by_id) VALUES ($1, $2, $3, $4)
       RETURNING id`,
      [link.ticketId, link.linkedTicketId, link.type, link.createdById],
    );
    if (!row) throw new Error('ticket_link insert returned no row');
    return row.id;
  }

  /** The `linked` timeline line on both tickets. */
  async addLinkedEvents(
    em: EntityManager,
    e: { ticketId: string; linkedTicketId: string; actorId: string; note: string; linkedNote: string },
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO ticket_event (ticket_id, actor_id, action, changes, note) VALUES ($1, $3, 'linked', '{}', $4),
              ($2, $3, 'linked', '{}', $5)`,
      [e.ticketId, e.linkedTicketId, e.actorId, e.note, e.linkedNote],
    );
  }

  /** The link, seen from `ticketId`, when the caller sees its other ticket; locked until the end. */
  lockVisible(
    em: EntityManager,
    actor: Actor,
    ticketId: string,
    linkId: string,
  ): Promise<LockedLinkRow | null> {
    const params: unknown[] = [ticketId, linkId];
    const scope = ticketScopeSql(actor, params);
    return sqlRow<LockedLinkRow>(
      em,
      `SELECT l.id, l.ticket_id AS "ticketId", l.linked_ticket_id AS "linkedTicketId", l.type, t.number
         FROM ticket_link l
         JOIN ticket t ON t.id = CASE WHEN l.ticket_id = $1 THEN l.linked_ticket_id ELSE l.ticket_id END
        WHERE l.id = $2 AND (l.ticket_id = $1 OR l.linked_ticket_id = $1) AND ${scope}
        FOR UPDATE OF l`,
      params,
    );
  }

  /** Removes the link and writes the `unlinked` line on `ticketId`. */
  async remove(em: EntityManager, linkId: string, e: { ticketId: string; actorId: string; note: string }) {
    await sqlExecute(em, `DELETE FROM ticket_link WHERE id = $1`, [linkId]);
    await sqlExecute(
      em,
      `INSERT INTO ticket_event (ticket_id, actor_id, action, changes, note) VALUES ($1, $2, 'unlinked', '{}', $3)`,
      [e.ticketId, e.actorId, e.note],
    );
  }

  async ticketNumber(em: EntityManager, id: string): Promise<string> {
    const row = await sqlRow<{ number: string }>(em, `SELECT number FROM ticket WHERE id = $1`, [id]);
    return row?.number ?? '';
  }

  /** The type of a link between the two tickets, in either direction, or null. */
  async typeBetween(em: EntityManager, a: string, b: string): Promise<string | null> {
    const row = await sqlRow<{ type: string }>(
      em,
      `SELECT type FROM ticket_link
        WHERE (ticket_id = $1 AND linked_ticket_id = $2) OR (ticket_id = $2 AND linked_ticket_id = $1)`,
      [a, b],
    );
    return row?.type ?? null;
  }

  /** The number of the ticket's parent, or null when it is no child. */
  async parentNumber(em: EntityManager, ticketId: string): Promise<string | null> {
    const row = await sqlRow<{ number: string }>(
      em,
      `SELECT p.number FROM ticket_link l JOIN ticket p ON p.id = l.linked_ticket_id
        WHERE l.ticket_id = $1 AND l.type = 'child_of'`,
      [ticketId],
    );
    return row?.number ?? null;
  }

  /** Whether `ticketId` is `start` or one of its ancestors (up the child_of chain). */
  async isAncestorOrSelf(em: EntityManager, ticketId: string, start: string): Promise<boolean> {
    const row = await sqlRow<{ found: number }>(
      em,
      `WITH RECURSIVE up(id, depth) AS (
         SELECT $2::uuid, 0
         UNION ALL
         SELECT l.linked_ticket_id, up.depth + 1 FROM ticket_link l JOIN up ON l.ticket_id = up.id
          WHERE l.type = 'child_of' AND up.depth < ${MAX_DEPTH}
       ) SELECT 1 AS found FROM up WHERE id = $1 LIMIT 1`,
      [ticketId, start],
    );
    return !!row;
  }
}
