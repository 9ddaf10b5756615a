import { DomainError, ErrorCode } from '@desk/common';
import { sqlExecute, sqlRow, sqlRows, TransactionRunner } from '@desk/database';
import { Actor, isAgent } from '@desk/org-auth';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CreateLinkDto, LinkType } from './dto/ticket-link.dto';
import { TicketChangeContext, TicketLifecycleHook } from './ticket-lifecycle.hook';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';
import { OPEN_STATUSES } from './ticket-transitions';
import { ticketScopeSql } from './ticket-visibility';
import { TicketErrors } from './tickets.errors';
import type { TicketStatusName } from '@desk/contracts';

/** One link as seen from a ticket: `outgoing` when this ticket is the duplicate, related one or child. */
export interface TicketLinkView {
  id: string;
  type: LinkType;
  direction: 'outgoing' | 'incoming';
  ticket: { id: string; number: string; title: string; status: TicketStatusName };
  createdAt: string;
}

/** A child_of chain is never deeper than this (a parent of a parent of ...): the cycle check's bound. */
const MAX_DEPTH = 50;

/**
 * Links between tickets: `duplicate_of`, `related` and `child_of`. A ticket with children is a major
 * incident: resolving it resolves each open child with the same resolution, in the same transaction
 * (a lifecycle hook), and each child's requester hears of it through the usual `ticket.resolved` mail.
 */
@Injectable()
export class TicketLinkService implements TicketLifecycleHook, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketService,
    private readonly repo: TicketRepository,
    private readonly tx: TransactionRunner,
  ) {}

  onModuleInit(): void {
    this.tickets.registerHook(this);
  }

  /** A resolved parent resolves its open children (and theirs, the hook running again for each). */
  async onChange(ctx: TicketChangeContext): Promise<void> {
    if (ctx.action !== 'resolve' && ctx.action !== 'resolved_with_parent') return;
    const children = await sqlRows<{ id: string }>(
      ctx.em,
      `SELECT l.ticket_id AS id FROM ticket_link l JOIN ticket c ON c.id = l.ticket_id
        WHERE l.linked_ticket_id = $1 AND l.type = 'child_of' AND c.status = ANY($2)
        ORDER BY c.id`,
      [ctx.before.id, OPEN_STATUSES],
    );
    for (const child of children) {
      await this.tickets.resolveAsChild(
        ctx.em,
        child.id,
        { number: ctx.before.number, resolution: String(ctx.after.resolution ?? '') },
        ctx.actorId,
        ctx.now,
      );
    }
  }

  async list(actor: Actor, ticketId: string): Promise<TicketLinkView[]> {
    await this.visibleAgentTicket(actor, ticketId);
    const params: unknown[] = [ticketId];
    const scope = ticketScopeSql(actor, params);
    // Links to tickets the caller cannot see are left out (the scope applies to the other ticket).
    return sqlRows<TicketLinkView>(
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

  async create(actor: Actor, ticketId: string, dto: CreateLinkDto): Promise<TicketLinkView> {
    await this.visibleAgentTicket(actor, ticketId);
    if (dto.ticketId === ticketId)
      throw DomainError.invalidField('ticketId', 'a ticket cannot link to itself');
    const other = await this.repo.findVisible(actor, dto.ticketId);
    if (!other) throw DomainError.invalidField('ticketId', 'ticket not found');
    const id = await this.tx.run(async (em) => {
      // One writer of links at a time per pair of tickets (and for child_of, of the whole tree):
      // the cycle check and the insert see the same links.
      await sqlRows(em, `SELECT pg_advisory_xact_lock(hashtext('ticket_link'))`);
      await this.checkNew(em, ticketId, dto, other.number);
      const row = await sqlRow<{ id: string }>(
        em,
        `INSERT INTO ticket_link (ticket_id, linked_ticket_id, type, created_by_id) VALUES ($1, $2, $3, $4)
         RETURNING id`,
        [ticketId, dto.ticketId, dto.type, actor.id],
      );
      await sqlExecute(
        em,
        `INSERT INTO ticket_event (ticket_id, actor_id, action, changes, note) VALUES ($1, $3, 'linked', '{}', $4),
                ($2, $3, 'linked', '{}', $5)`,
        [
          ticketId,
          dto.ticketId,
          actor.id,
          `${dto.type} ${other.number}`,
          `${dto.type} ← ${await this.numberOf(em, ticketId)}`,
        ],
      );
      if (!row) throw new Error('ticket_link insert returned no row');
      return row.id;
    });
    return (await this.list(actor, ticketId)).find((l) => l.id === id)!;
  }

  async remove(actor: Actor, ticketId: string, linkId: string): Promise<void> {
    await this.visibleAgentTicket(actor, ticketId);
    const params: unknown[] = [ticketId, linkId];
    const scope = ticketScopeSql(actor, params);
    await this.tx.run(async (em) => {
      const link = await sqlRow<{
        id: string;
        ticketId: string;
        linkedTicketId: string;
        type: string;
        number: string;
      }>(
        em,
        `SELECT l.id, l.ticket_id AS "ticketId", l.linked_ticket_id AS "linkedTicketId", l.type, t.number
           FROM ticket_link l
           JOIN ticket t ON t.id = CASE WHEN l.ticket_id = $1 THEN l.linked_ticket_id ELSE l.ticket_id END
          WHERE l.id = $2 AND (l.ticket_id = $1 OR l.linked_ticket_id = $1) AND ${scope}
          FOR UPDATE OF l`,
        params,
      );
      if (!link) throw DomainError.notFound('Link');
      await sqlExecute(em, `DELETE FROM ticket_link WHERE id = $1`, [linkId]);
      await sqlExecute(
        em,
        `INSERT INTO ticket_event (ticket_id, actor_id, action, changes, note) VALUES ($1, $2, 'unlinked', '{}', $3)`,
        [ticketId, actor.id, `${link.type} ${link.number}`],
      );
    });
  }

  /** 404 when the ticket is not visible; 403 for non-agents (links are agents' work). */
  private async visibleAgentTicket(actor: Actor, ticketId: string): Promise<void> {
    if (!(await this.repo.findVisible(actor, ticketId))) throw TicketErrors.notFound();
    if (!isAgent(actor)) throw TicketErrors.notAllowed('link tickets');
  }

  private async numberOf(em: EntityManager, id: string): Promise<string> {
    const row = await sqlRow<{ number: string }>(em, `SELECT number FROM ticket WHERE id = $1`, [id]);
    return row?.number ?? '';
  }

  private async checkNew(em: EntityManager, ticketId: string, dto: CreateLinkDto, otherNumber: string) {
    const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);
    // `related` goes both ways: B related to A is the same link as A related to B.
    const existing = await sqlRow<{ type: string }>(
      em,
      `SELECT type FROM ticket_link
        WHERE (ticket_id = $1 AND linked_ticket_id = $2) OR (ticket_id = $2 AND linked_ticket_id = $1)`,
      [ticketId, dto.ticketId],
    );
    if (existing) throw conflict(`This ticket is already linked to ${otherNumber} (${existing.type})`);
    if (dto.type !== 'child_of') return;
    const parent = await sqlRow<{ number: string }>(
      em,
      `SELECT p.number FROM ticket_link l JOIN ticket p ON p.id = l.linked_ticket_id
        WHERE l.ticket_id = $1 AND l.type = 'child_of'`,
      [ticketId],
    );
    if (parent) throw conflict(`This ticket is already a child of ${parent.number}; unlink it first`);
    // The new parent, or one of its ancestors, must not be this ticket: that would be a cycle.
    const cycle = await sqlRow<{ found: number }>(
      em,
      `WITH RECURSIVE up(id, depth) AS (
         SELECT $2::uuid, 0
         UNION ALL
         SELECT l.linked_ticket_id, up.depth + 1 FROM ticket_link l JOIN up ON l.ticket_id = up.id
          WHERE l.type = 'child_of' AND up.depth < ${MAX_DEPTH}
       ) SELECT 1 AS found FROM up WHERE id = $1 LIMIT 1`,
      [ticketId, dto.ticketId],
    );
    if (cycle)
      throw conflict(`${otherNumber} is already below this ticket: a child cannot be its own parent`);
  }
}
