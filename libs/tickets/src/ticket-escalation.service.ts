import { Clock, DomainError } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor, isAgent, OrgRepository, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SystemEscalation } from './dto/escalation.dto';
import { TicketStatus } from './entities/ticket.entity';
import { EscalationRecord, EscalationRepository, WorkQueue } from './escalation.repository';
import { canWork } from './ticket-access';
import { TicketChange, TicketChangeWriter } from './ticket-change.writer';
import { TicketQueryService } from './ticket-query.service';
import { OPEN_STATUSES, TicketAction } from './ticket-transitions';
import { TicketRepository } from './ticket.repository';
import { TicketPatch, TicketRow } from './ticket.rows';
import { TicketView } from './ticket.view';
import { TicketErrors } from './tickets.errors';

/** What an escalation is asked to do: to which team (else the category's route), why, by whom. */
export interface EscalationInput {
  teamId?: string;
  reason: string;
  reasonCode?: { code: string; params: Record<string, string | number> };
  automatic: boolean;
}

/**
 * Moving tickets between tiers (escalation to a Tier 2 team, return to the PD's Tier 1 desk) and
 * claiming the next ticket of a work queue. The manual escalate and return actions run through
 * `TicketLifecycleService.act` with the rules of every action; their changes are decided here.
 */
@Injectable()
export class TicketEscalationService {
  constructor(
    private readonly repo: TicketRepository,
    private readonly org: OrgRepository,
    private readonly escalations: EscalationRepository,
    private readonly writer: TicketChangeWriter,
    private readonly query: TicketQueryService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * The system's escalation inside the caller's transaction (the SLA engine's breach handler), with
   * the same record, audit and outbox rows as a manual one. Returns false, without throwing, when the
   * ticket is not escalatable any more: absent, already at Tier 2, not open, or no team to route to.
   * Running it twice for one breach escalates once: the second call finds the ticket at Tier 2.
   */
  async escalateInTransaction(
    em: EntityManager,
    ticketId: string,
    input: SystemEscalation,
  ): Promise<boolean> {
    const t = await this.repo.lockIfPresent(em, ticketId);
    if (!t || t.tier !== 1 || !OPEN_STATUSES.includes(t.status)) return false;
    const target = await this.escalationTeam(em, t, input.teamId);
    if ('problem' in target) return false;
    const now = this.clock.now();
    const change = await this.escalation(em, t, { ...input, teamId: target.teamId }, null, now);
    await this.writer.apply(em, t, { ...change, at: now }, null);
    return true;
  }

  /** The change of an escalation of the locked Tier 1 ticket `t`, its escalation record written. */
  async escalation(
    em: EntityManager,
    t: TicketRow,
    input: EscalationInput,
    actorId: string | null,
    now: Date,
  ): Promise<TicketChange> {
    if (t.tier !== 1) throw TicketErrors.alreadyEscalated(t.status);
    const target = await this.escalationTeam(em, t, input.teamId);
    if ('problem' in target) throw DomainError.invalidField('teamId', target.problem);
    const escalationId = await this.escalations.insert(em, {
      ticketId: t.id,
      teamId: target.teamId,
      reason: input.reason,
      automatic: input.automatic,
      escalatedById: actorId,
      at: now,
    });
    return {
      patch: {
        tier: 2,
        teamId: target.teamId,
        assigneeId: null,
        status: TicketStatus.New,
        escalatedAt: t.escalatedAt ?? now,
        ...endPause(t),
      },
      action: 'escalated',
      event: 'ticket.escalated',
      // A coded (system) reason is rendered per reader; the note keeps only what a person wrote.
      note: input.reasonCode ? null : input.reason,
      reason: input.reasonCode ?? null,
      payload: { teamId: target.teamId, automatic: input.automatic, reason: input.reason, escalationId },
    };
  }

  /** Back to the PD's Tier 1 desk: to the last Tier 1 agent while they still work there, else `new`. */
  async returnToTier1(
    em: EntityManager,
    t: TicketRow,
    notes: string,
    actorId: string,
    now: Date,
  ): Promise<TicketChange> {
    if (t.tier !== 2) throw TicketErrors.notEscalated(t.status);
    const previous = t.tier1AssigneeId ? await this.org.findUserView(t.tier1AssigneeId, em) : null;
    const assigneeId =
      previous?.active && previous.roles.includes(Role.Tier1) && previous.unitId === t.unitId
        ? previous.id
        : null;
    const escalationId = await this.escalations.markReturned(em, t.id, {
      returnedById: actorId,
      notes,
      at: now,
    });
    return {
      patch: {
        tier: 1,
        teamId: null,
        assigneeId,
        status: assigneeId ? TicketStatus.Assigned : TicketStatus.New,
        ...endPause(t),
      },
      action: 'returned',
      event: 'ticket.returned',
      note: notes,
      payload: { teamId: t.teamId, notes, escalationId, assigneeId },
    };
  }

  /** The escalations of a ticket (who, why, when, manual or automatic, and the return), for agents. */
  async escalationHistory(actor: Actor, id: string): Promise<EscalationRecord[]> {
    await this.query.visibleOrThrow(actor, id);
    if (!isAgent(actor)) throw TicketErrors.notAllowed('read the escalations');
    return this.escalations.forTicket(id);
  }

  /**
   * Claims the most urgent unassigned ticket of a work queue for the actor, atomically: concurrent
   * callers never get the same ticket. Null when the queue has nothing to claim. Callers decide who
   * works which queue; the ticket's own rule (`canWork`) is checked again under the row lock.
   */
  async claimNext(actor: Actor, queue: WorkQueue): Promise<TicketView | null> {
    const id = await this.tx.run(async (em) => {
      const next = await this.escalations.lockNextUnassigned(em, queue);
      if (!next) return null;
      const t = await this.repo.lock(em, next);
      if (!canWork(actor, t)) throw TicketErrors.notAllowed(TicketAction.Claim);
      const now = this.clock.now();
      const patch: TicketPatch = {
        assigneeId: actor.id,
        status: t.status === TicketStatus.New ? TicketStatus.Assigned : t.status,
      };
      if (t.tier === 1) patch.tier1AssigneeId = actor.id;
      await this.writer.apply(
        em,
        t,
        { patch, action: TicketAction.Claim, event: 'ticket.assigned', at: now },
        actor.id,
      );
      return next;
    });
    return id ? this.query.get(actor, id) : null;
  }

  /** The team an escalation goes to: the one asked for, else the category's route. */
  private async escalationTeam(
    em: EntityManager,
    t: TicketRow,
    teamId?: string,
  ): Promise<{ teamId: string } | { problem: string }> {
    if (teamId) {
      return (await this.org.teamExists(teamId, em)) ? { teamId } : { problem: 'team not found' };
    }
    const routed = await this.escalations.routeOf(em, t.categoryId);
    return routed
      ? { teamId: routed }
      : { problem: "give a teamId: the ticket's category does not route to a Tier 2 team" };
  }
}

/**
 * Moving between tiers ends a pending wait. The SLA engine's hook sees the ticket leave `pending` and
 * runs its clocks again without the paused time.
 */
export function endPause(t: TicketRow): TicketPatch {
  if (t.status !== TicketStatus.Pending) return {};
  return { pendingReason: null, pendingSince: null, pendingUntil: null };
}
