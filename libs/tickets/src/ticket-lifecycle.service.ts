import { Clock, DomainError, ErrorCode } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor, isAgent, OrgRepository, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RatingDto } from './dto/comment.dto';
import { EscalateDto, ReturnDto } from './dto/escalation.dto';
import { ActionDto, AssignDto, PendDto, ResolveDto } from './dto/ticket-action.dto';
import { UpdateTicketDto } from './dto/update-ticket.dto';
import { TicketStatus } from './entities/ticket.entity';
import { priorityOf } from './priority';
import { canWork } from './ticket-access';
import { TicketChangeWriter } from './ticket-change.writer';
import { TicketEscalationService } from './ticket-escalation.service';
import { TicketQueryService } from './ticket-query.service';
import { OPEN_STATUSES, TicketAction, TRANSITIONS } from './ticket-transitions';
import { TicketContentRepository } from './ticket-content.repository';
import { TicketRepository } from './ticket.repository';
import { SealedTicketContent, TicketPatch, TicketRow } from './ticket.rows';
import { TicketView } from './ticket.view';
import { TicketErrors } from './tickets.errors';

export type ActionInput = ActionDto &
  Partial<AssignDto & PendDto & ResolveDto & EscalateDto & ReturnDto> & { reason?: string };

/** A ticket handed over by `sealInTransaction`: what it said and held before it was sealed. */
export interface SealedTicket extends SealedTicketContent {
  id: string;
  number: string;
  title: string;
  description: string;
  requesterId: string;
  unitId: string;
  createdAt: Date;
}

/** The fields a resolution clears: a resolved ticket is not waiting for anyone. */
const NOT_PENDING = { pendingReason: null, pendingSince: null, pendingUntil: null };

/**
 * The lifecycle of docs/domain.md, "Ticket lifecycle": edits, the actions of `TRANSITIONS`, rating,
 * and the system's moves (auto-resume, auto-close, resolution with a major incident, sealing). Due
 * times, pause shifts and the auto-close date are the SLA engine's, written by its hook with the change.
 */
@Injectable()
export class TicketLifecycleService {
  constructor(
    private readonly repo: TicketRepository,
    private readonly content: TicketContentRepository,
    private readonly org: OrgRepository,
    private readonly writer: TicketChangeWriter,
    private readonly query: TicketQueryService,
    private readonly escalation: TicketEscalationService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async update(actor: Actor, id: string, dto: UpdateTicketDto): Promise<TicketView> {
    const authorize = (t: TicketRow) => {
      if (!canWork(actor, t)) throw TicketErrors.notAllowed('edit');
    };
    await this.writer.run(actor, id, dto.version, authorize, async (t) => {
      if (!OPEN_STATUSES.includes(t.status)) throw TicketErrors.invalidTransition('edit', t.status);
      const { title, description, categoryId, impact, urgency } = dto;
      const edits: TicketPatch = { title, description, categoryId, impact, urgency };
      const patch: TicketPatch = Object.fromEntries(
        Object.entries(edits).filter(([, value]) => value !== undefined),
      );
      const priority = priorityOf(dto.impact ?? t.impact, dto.urgency ?? t.urgency);
      if (priority !== t.priority) patch.priority = priority;
      return { patch, action: 'updated', event: 'ticket.updated' };
    });
    return this.query.get(actor, id);
  }

  async act(actor: Actor, id: string, action: TicketAction, input: ActionInput): Promise<TicketView> {
    const rule = TRANSITIONS[action];
    // A bad `until` is a 400, whatever the ticket's status.
    if (action === TicketAction.Pend) pendingUntil(input.until, this.clock.now());
    const authorize = (t: TicketRow) => {
      // Lost a race with another escalation: the ticket is at Tier 2 now, a conflict, not a refusal.
      if (action === TicketAction.Escalate && t.tier !== 1 && isAgent(actor))
        throw TicketErrors.alreadyEscalated(t.status);
      const mayAct = canWork(actor, t) || (rule.by === 'requester-or-agent' && t.requesterId === actor.id);
      if (!mayAct) throw TicketErrors.notAllowed(action);
    };
    await this.writer.run(actor, id, input.version, authorize, async (t, em) => {
      const agent = canWork(actor, t);
      if (!rule.from.includes(t.status)) throw TicketErrors.invalidTransition(action, t.status);
      const now = this.clock.now();
      const patch: TicketPatch = { status: rule.to };
      let note: string | null = null;
      switch (action) {
        case TicketAction.Assign:
          await this.checkAssignee(t, input.assigneeId!, em);
          patch.assigneeId = input.assigneeId;
          break;
        case TicketAction.Claim:
          // The row is locked: of concurrent claims (with or without `version`) exactly one wins.
          if (t.assigneeId && t.assigneeId !== actor.id) throw await this.heldBy(em, t);
          patch.assigneeId = actor.id;
          break;
        case TicketAction.Pend:
          Object.assign(patch, {
            pendingReason: input.reason,
            pendingSince: now,
            pendingUntil: pendingUntil(input.until, now),
          });
          note = input.reason!;
          break;
        case TicketAction.Resume:
          Object.assign(patch, NOT_PENDING);
          break;
        case TicketAction.Resolve:
          Object.assign(patch, { resolution: input.resolution, resolvedAt: now, ...NOT_PENDING });
          note = input.resolution!;
          break;
        case TicketAction.Reopen:
          if (t.autoCloseAt && now > new Date(t.autoCloseAt)) {
            throw new DomainError(
              ErrorCode.InvalidTransition,
              'The reopen window has passed; file a new ticket',
              {
                currentStatus: t.status,
              },
            );
          }
          Object.assign(patch, { resolvedAt: null, autoCloseAt: null });
          note = input.reason!;
          break;
        case TicketAction.Close:
          Object.assign(patch, { closedAt: now, autoCloseAt: null });
          break;
        case TicketAction.Cancel:
          Object.assign(patch, { cancelledAt: now, cancelReason: input.reason, ...NOT_PENDING });
          note = input.reason!;
          break;
        case TicketAction.Escalate:
        case TicketAction.Return: {
          const change =
            action === TicketAction.Escalate
              ? await this.escalation.escalation(
                  em,
                  t,
                  { teamId: input.teamId, reason: input.reason!, automatic: false },
                  actor.id,
                  now,
                )
              : await this.escalation.returnToTier1(em, t, input.notes!, actor.id, now);
          return { ...change, at: now };
        }
      }
      if (patch.assigneeId && t.tier === 1) patch.tier1AssigneeId = patch.assigneeId;
      const payload = patch.pendingUntil
        ? { pendingUntil: (patch.pendingUntil as Date).toISOString() }
        : undefined;
      // The first response is one the requester can see: a public reply (addComment) or the resolution;
      // assigning, claiming, starting, pending, escalating or returning is not.
      if (agent && !t.firstResponseAt && action === TicketAction.Resolve) patch.firstResponseAt = now;
      return { patch, action, event: `ticket.${EVENT_NAMES[action]}`, note, at: now, payload };
    });
    return this.query.get(actor, id);
  }

  async rate(actor: Actor, id: string, dto: RatingDto): Promise<TicketView> {
    const authorize = (t: TicketRow) => {
      if (t.requesterId !== actor.id) throw TicketErrors.notAllowed('rate');
    };
    await this.writer.run(actor, id, undefined, authorize, async (t) => {
      if (t.status !== TicketStatus.Resolved && t.status !== TicketStatus.Closed)
        throw TicketErrors.invalidTransition('rate', t.status);
      if (t.ratingScore) throw new DomainError(ErrorCode.Conflict, 'This ticket is already rated');
      return {
        patch: { ratingScore: dto.score, ratingComment: dto.comment ?? null, ratedAt: this.clock.now() },
        action: 'rated',
        event: 'ticket.rated',
      };
    });
    return this.query.get(actor, id);
  }

  /**
   * Hands an open ticket to a module that keeps its content confidential (a security incident),
   * inside the caller's transaction: the actor must see the ticket (else 404) and work its queue
   * (Tier 1 of its PD, its Tier 2 team once escalated, or a supervisor; else 403). The ticket is
   * closed, its title and description become what `wording` says, asked once the checks passed (the old ones stay out of the audit
   * trail), and its comments and files move off it; they are returned for the new owner to keep.
   */
  async sealInTransaction(
    em: EntityManager,
    actor: Actor,
    id: string,
    input: { action: string; wording: () => Promise<{ title: string; notice: string }> },
  ): Promise<SealedTicket> {
    await this.query.visibleOrThrow(actor, id, em);
    const t = await this.repo.lock(em, id);
    if (!canWork(actor, t)) throw TicketErrors.notAllowed(input.action);
    if (!OPEN_STATUSES.includes(t.status)) throw TicketErrors.invalidTransition(input.action, t.status);
    const { title, notice } = await input.wording();
    const content = await this.content.takeContent(em, id);
    const now = this.clock.now();
    await this.writer.apply(
      em,
      t,
      {
        patch: {
          status: TicketStatus.Closed,
          title,
          description: notice,
          resolution: notice,
          closedAt: now,
          autoCloseAt: null,
          pendingReason: null,
          pendingSince: null,
          ...(t.firstResponseAt ? {} : { firstResponseAt: now }),
        },
        action: input.action,
        event: 'ticket.closed',
        note: title,
        at: now,
        redact: ['title', 'description'],
      },
      actor.id,
    );
    return {
      id: t.id,
      number: t.number,
      title: t.title,
      description: t.description,
      requesterId: t.requesterId,
      unitId: t.unitId,
      createdAt: t.createdAt,
      ...content,
    };
  }

  /**
   * Resolves an open child of a major incident inside the parent's transaction, with the parent's
   * resolution: the same audit, outbox (`ticket.resolved`, so the requester is told once) and hooks as
   * a manual resolve. False when the child is not open any more.
   */
  async resolveAsChild(
    em: EntityManager,
    childId: string,
    parent: { number: string; resolution: string },
    actorId: string | null,
    now: Date,
  ): Promise<boolean> {
    const t = await this.repo.lockIfPresent(em, childId);
    if (!t || !OPEN_STATUSES.includes(t.status)) return false;
    const patch: TicketPatch = {
      status: TicketStatus.Resolved,
      resolution: parent.resolution,
      resolvedAt: now,
      ...NOT_PENDING,
    };
    if (!t.firstResponseAt) patch.firstResponseAt = now;
    await this.writer.apply(
      em,
      t,
      { patch, action: 'resolved_with_parent', event: 'ticket.resolved', note: parent.number, at: now },
      actorId,
    );
    return true;
  }

  /**
   * The automatic end of a "pending until" wait. Runs at most once per wait: only while the ticket is
   * still pending with exactly this `until` (a resume, a new pend or a second timer finds it changed).
   */
  async autoResume(ticketId: string, until: string): Promise<boolean> {
    return this.tx.run(async (em) => {
      const t = await this.repo.lockIfPresent(em, ticketId);
      const now = this.clock.now();
      if (!t || t.status !== TicketStatus.Pending || !t.pendingUntil) return false;
      if (new Date(t.pendingUntil).toISOString() !== until || new Date(t.pendingUntil) > now) return false;
      await this.writer.apply(
        em,
        t,
        {
          patch: { status: TicketStatus.InProgress, ...NOT_PENDING },
          action: 'auto_resumed',
          event: 'ticket.auto_resumed',
          payload: { assigneeId: t.assigneeId, pendingUntil: until },
          at: now,
        },
        null,
      );
      return true;
    });
  }

  /** Closes resolved tickets whose window passed; safe to run on several workers at once. */
  async autoCloseDue(): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const id of await this.repo.dueForAutoClose(now, 500)) {
      await this.tx.run(async (em) => {
        const t = await this.repo.lock(em, id);
        if (t.status !== TicketStatus.Resolved || !t.autoCloseAt || new Date(t.autoCloseAt) > now) return;
        await this.writer.apply(
          em,
          t,
          {
            patch: { status: TicketStatus.Closed, closedAt: now, autoCloseAt: null },
            action: 'auto_closed',
            event: 'ticket.closed',
            at: now,
          },
          null,
        );
        closed++;
      });
    }
    return closed;
  }

  private async checkAssignee(t: TicketRow, assigneeId: string, em: EntityManager): Promise<void> {
    const user = await this.org.findUserView(assigneeId, em);
    const ok =
      !!user &&
      user.active &&
      (t.tier === 1
        ? user.roles.includes(Role.Tier1) && user.unitId === t.unitId
        : user.roles.includes(Role.Tier2) && !!t.teamId && user.teamIds.includes(t.teamId));
    if (!ok) {
      throw DomainError.invalidField(
        'assigneeId',
        t.tier === 1
          ? 'assignee must be a Tier 1 technician of this PD'
          : 'assignee must be a member of the Tier 2 team',
      );
    }
  }

  /** 409 naming who holds the ticket, for a claim of a ticket assigned to someone else. */
  private async heldBy(em: EntityManager, t: TicketRow): Promise<DomainError> {
    const holder = await this.org.findUserView(t.assigneeId!, em);
    return TicketErrors.claimedBy(t.status, { id: t.assigneeId!, name: holder?.name ?? '' });
  }
}

const EVENT_NAMES: Record<TicketAction, string> = {
  assign: 'assigned',
  claim: 'assigned',
  start: 'started',
  pend: 'pending',
  resume: 'resumed',
  resolve: 'resolved',
  reopen: 'reopened',
  close: 'closed',
  cancel: 'cancelled',
  escalate: 'escalated',
  return: 'returned',
};

/** A "pending until" instant: in the future, else 400 naming `until`. */
function pendingUntil(until: string | undefined, now: Date): Date | null {
  if (until === undefined) return null;
  const at = new Date(until);
  if (Number.isNaN(at.getTime()) || at <= now)
    throw DomainError.invalidField('until', 'until must be a date and time in the future');
  return at;
}
