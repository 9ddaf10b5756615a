import { DomainError, ErrorCode } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor, isAgent } from '@desk/org-auth';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CreateLinkDto } from './dto/ticket-link.dto';
import { TicketLinkRepository, TicketLinkRow } from './ticket-link.repository';
import { TicketChangeContext, TicketLifecycleHook } from './ticket-lifecycle.hook';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';
import { OPEN_STATUSES } from './ticket-transitions';
import { TicketErrors } from './tickets.errors';

/** One link as seen from a ticket: `outgoing` when this ticket is the duplicate, related one or child. */
export type TicketLinkView = TicketLinkRow;

/**
 * Links between tickets: `duplicate_of`, `related` and `child_of`. A ticket with children is a major
 * incident: resolving it resolves each open child with the same resolution, in the same transaction
 * (a lifecycle hook), and each child's requester hears of it through the usual `ticket.resolved` mail.
 */
@Injectable()
export class TicketLinkService implements TicketLifecycleHook, OnModuleInit {
  constructor(
    private readonly links: TicketLinkRepository,
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
    const children = await this.links.openChildren(ctx.em, ctx.before.id, OPEN_STATUSES);
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
    // Links to tickets the caller cannot see are left out.
    return this.links.listVisible(actor, ticketId);
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
      await this.links.lockWriters(em);
      await this.checkNew(em, ticketId, dto, other.number);
      const linkId = await this.links.insert(em, {
        ticketId,
        linkedTicketId: dto.ticketId,
        type: dto.type,
        createdById: actor.id,
      });
      await this.links.addLinkedEvents(em, {
        ticketId,
        linkedTicketId: dto.ticketId,
        actorId: actor.id,
        note: `${dto.type} ${other.number}`,
        linkedNote: `${dto.type} ← ${await this.links.ticketNumber(em, ticketId)}`,
      });
      return linkId;
    });
    return (await this.list(actor, ticketId)).find((l) => l.id === id)!;
  }

  async remove(actor: Actor, ticketId: string, linkId: string): Promise<void> {
    await this.visibleAgentTicket(actor, ticketId);
    await this.tx.run(async (em) => {
      const link = await this.links.lockVisible(em, actor, ticketId, linkId);
      if (!link) throw DomainError.notFound('Link');
      await this.links.remove(em, linkId, {
        ticketId,
        actorId: actor.id,
        note: `${link.type} ${link.number}`,
      });
    });
  }

  /** 404 when the ticket is not visible; 403 for non-agents (links are agents' work). */
  private async visibleAgentTicket(actor: Actor, ticketId: string): Promise<void> {
    if (!(await this.repo.findVisible(actor, ticketId))) throw TicketErrors.notFound();
    if (!isAgent(actor)) throw TicketErrors.notAllowed('link tickets');
  }

  private async checkNew(em: EntityManager, ticketId: string, dto: CreateLinkDto, otherNumber: string) {
    const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);
    // `related` goes both ways: B related to A is the same link as A related to B.
    const existing = await this.links.typeBetween(em, ticketId, dto.ticketId);
    if (existing) throw conflict(`This ticket is already linked to ${otherNumber} (${existing})`);
    if (dto.type !== 'child_of') return;
    const parent = await this.links.parentNumber(em, ticketId);
    if (parent) throw conflict(`This ticket is already a child of ${parent}; unlink it first`);
    // The new parent, or one of its ancestors, must not be this ticket: that would be a cycle.
    if (await this.links.isAncestorOrSelf(em, ticketId, dto.ticketId))
      throw conflict(`${otherNumber} is already below this ticket: a child cannot be its own parent`);
  }
}
