import { Clock, DomainError, ErrorCode } from '@desk/common';
import { AppConfig } from '@desk/config';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { TicketVisibilitySnapshot } from '@desk/queue';
import { Actor, hasRole, isAgent, OrgRepository, Role, UnitKind } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import {
  AttachmentStorage,
  attachmentType,
  bytesMatchName,
  MAX_ATTACHMENT_BYTES,
} from './attachment.storage';
import { addBusinessDays, localYear } from './business-days';
import { CreateCommentDto, RatingDto } from './dto/comment.dto';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { EscalateDto, ReturnDto, SystemEscalation } from './dto/escalation.dto';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { ActionDto, AssignDto, PendDto, ResolveDto } from './dto/ticket-action.dto';
import { UpdateTicketDto } from './dto/update-ticket.dto';
import { Channel, NO_DUE, TicketStatus } from './entities/ticket.entity';
import { queueClockOf } from './queue-clock';
import { HistoryLine, historyText, reasonText } from './history-text';
import { EscalationRecord, EscalationRepository, WorkQueue } from './escalation.repository';
import { DEFAULT_TARGET_MINUTES, priorityOf } from './priority';
import { TicketCreatePlan, TicketDraft, TicketLifecycleHook } from './ticket-lifecycle.hook';
import { OPEN_STATUSES, TicketAction, TRANSITIONS } from './ticket-transitions';
import { SealedTicketContent, TicketRepository, TicketRow, TicketViewRow } from './ticket.repository';
import { SlaClockView, TicketPage, TicketView } from './ticket.view';
import { TicketErrors } from './tickets.errors';

const MINUTE = 60_000;
const REGION_CACHE_MS = 60_000;

type ActionInput = ActionDto &
  Partial<AssignDto & PendDto & ResolveDto & EscalateDto & ReturnDto> & { reason?: string };

interface Change {
  patch: Record<string, unknown>;
  action: string;
  event: string;
  note?: string | null;
  /** A system reason as a code and parameters (rendered per reader in the history). */
  reason?: { code: string; params: Record<string, string | number> } | null;
  /** Extra fields of the outbox payload (the escalation events carry team, reason, escalation id). */
  payload?: Record<string, unknown>;
  /**
   * The instant of the change, when the patch holds it (first response, resolution...): the hooks
   * get the same one, so a clock is met at exactly the ticket's first response.
   */
  at?: Date;
  /** Fields whose old value must not reach the audit trail (content handed to a confidential module). */
  redact?: string[];
}

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

/** SHA-256 of a create body with its keys sorted and absent fields dropped (key order never matters). */
function requestHash(dto: object): string {
  const entries = Object.entries(dto)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Tier 1 ticket core: filing, queues, the lifecycle of docs/domain.md, "Ticket lifecycle", comments, files, ratings. */
@Injectable()
export class TicketService {
  private region?: { timezone: string; at: number };
  private readonly hooks: TicketLifecycleHook[] = [];

  constructor(
    private readonly repo: TicketRepository,
    private readonly org: OrgRepository,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly storage: AttachmentStorage,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly escalations: EscalationRepository,
  ) {}

  /** The region's time zone, re-read every minute (it is configuration, not per-request data). */
  private async timezone(): Promise<string> {
    const now = Date.now();
    if (!this.region || now - this.region.at > REGION_CACHE_MS) {
      this.region = { timezone: (await this.org.region())?.timezone ?? 'Asia/Makassar', at: now };
    }
    return this.region.timezone;
  }

  async create(actor: Actor, dto: CreateTicketDto, idempotencyKey?: string): Promise<TicketView> {
    if (!hasRole(actor, Role.Requester, Role.Tier1))
      throw DomainError.forbidden('Only PD staff and Tier 1 can file tickets');
    const bodyHash = idempotencyKey ? requestHash(dto) : null;
    const replay = async () => {
      const existing = await this.repo.findIdByIdempotencyKey(actor.id, idempotencyKey!);
      if (!existing) return null;
      if (existing.hash !== null && existing.hash !== bodyHash) throw TicketErrors.idempotencyReused();
      return this.get(actor, existing.id);
    };
    if (idempotencyKey) {
      const replayed = await replay();
      if (replayed) return replayed;
    }
    const requester = await this.resolveRequester(actor, dto.requesterId);
    const now = this.clock.now();
    const priority = priorityOf(dto.impact, dto.urgency);
    const targets = DEFAULT_TARGET_MINUTES[priority];
    const plans = await this.planCreate({
      kind: dto.kind,
      priority,
      unitId: requester.unitId,
      deskId: requester.deskId,
      categoryId: dto.categoryId ?? null,
      now,
      title: dto.title,
      description: dto.description,
    });
    let id: string | null;
    try {
      id = await this.repo.insert(
        {
          kind: dto.kind,
          title: dto.title,
          description: dto.description,
          categoryId: dto.categoryId ?? null,
          impact: dto.impact,
          urgency: dto.urgency,
          priority,
          channel: dto.channel ?? Channel.Web,
          requesterId: requester.id,
          createdById: actor.id,
          unitId: requester.unitId,
          deskId: requester.deskId,
          year: localYear(now, await this.timezone()),
          responseDueAt: new Date(now.getTime() + targets.response * MINUTE),
          resolutionDueAt: new Date(now.getTime() + targets.resolution * MINUTE),
          idempotencyKey: idempotencyKey ?? null,
          idempotencyHash: bodyHash,
          now,
          ...plans.columns,
        },
        plans.ctes,
      );
    } catch (error) {
      throw this.translateWriteError(error);
    }
    // A concurrent request with the same key won the insert: answer with its ticket.
    if (!id) return (await replay())!;
    return this.get(actor, id);
  }

  /**
   * Registers a lifecycle hook (the SLA engine does, at module init, in api and worker). Hooks run
   * inside the transaction of every ticket change, filing included.
   */
  registerHook(hook: TicketLifecycleHook): void {
    this.hooks.push(hook);
  }

  private async planCreate(draft: TicketDraft) {
    const columns: NonNullable<TicketCreatePlan['columns']> = {};
    const ctes: NonNullable<TicketCreatePlan['ctes']>[] = [];
    for (const hook of this.hooks) {
      const plan = await hook.planCreate?.(draft);
      if (plan?.columns) Object.assign(columns, plan.columns);
      if (plan?.ctes) ctes.push(plan.ctes);
    }
    return { columns, ctes };
  }

  private async resolveRequester(
    actor: Actor,
    requesterId?: string,
  ): Promise<{ id: string; unitId: string; deskId: string }> {
    if (!requesterId || requesterId === actor.id) {
      if (actor.unitKind !== UnitKind.Pd)
        throw DomainError.forbidden('Tickets are filed by the staff of a PD');
      const desk = await this.org.findDeskByUnit(actor.unitId);
      if (!desk) throw DomainError.forbidden('Your PD has no Tier 1 desk');
      return { id: actor.id, unitId: actor.unitId, deskId: desk.id };
    }
    if (!hasRole(actor, Role.Tier1)) {
      throw DomainError.invalidField('requesterId', 'only Tier 1 can file a ticket for someone else');
    }
    const requester = await this.org.findUserView(requesterId);
    if (!requester || requester.unitId !== actor.unitId || !requester.active) {
      throw DomainError.invalidField('requesterId', 'requester must be an active user of your PD');
    }
    const desk = (await this.org.findDeskByUnit(actor.unitId))!;
    return { id: requester.id, unitId: requester.unitId, deskId: desk.id };
  }

  private translateWriteError(error: unknown): unknown {
    const constraint = (error as { constraint?: string }).constraint;
    if (error instanceof QueryFailedError && constraint === 'ticket_category_id_fkey') {
      return DomainError.invalidField('categoryId', 'category not found');
    }
    return error;
  }

  async list(actor: Actor, query: ListTicketsQuery): Promise<TicketPage> {
    if (query.createdFrom && query.createdTo && query.createdFrom > query.createdTo)
      throw DomainError.invalidField('createdTo', 'createdTo must not be before createdFrom');
    const limit = query.limit ?? 25;
    const sort = query.sort ?? 'created';
    const rows = await this.repo.list(actor, {
      statuses: query.status,
      tier: query.tier,
      unitId: query.unitId,
      teamId: query.teamId,
      kind: query.kind,
      priority: query.priority,
      assigneeId: query.assignee === 'me' ? actor.id : query.assignee === 'none' ? null : undefined,
      breached: query.breached,
      q: query.q,
      searchAgentText: isAgent(actor),
      categoryId: query.categoryId,
      requesterId: query.requesterId,
      createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
      createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
      sort,
      limit,
      after: query.cursor ? decodeCursor(query.cursor, sort) : undefined,
      now: this.clock.now(),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(sort, sort === 'due' ? last.dueKey : last.createdKey, last.id)
        : null;
    const now = this.clock.now();
    const agent = isAgent(actor);
    return { items: page.map((r) => toView(r, now, agent)), nextCursor };
  }

  async get(actor: Actor, id: string): Promise<TicketView> {
    return toView(await this.visibleOrThrow(actor, id), this.clock.now(), isAgent(actor));
  }

  /** A ticket by its number (`TIK-2026-000033`), per visibility: 404 when absent, hidden or malformed. */
  async getByNumber(actor: Actor, number: string): Promise<TicketView> {
    const normalised = number.trim().toUpperCase();
    if (!/^TIK-\d{4}-\d{6,9}$/.test(normalised)) throw TicketErrors.notFound();
    const id = await this.repo.findVisibleIdByNumber(actor, normalised);
    if (!id) throw TicketErrors.notFound();
    return this.get(actor, id);
  }

  private async visibleOrThrow(actor: Actor, id: string, em?: EntityManager): Promise<TicketViewRow> {
    const row = await this.repo.findVisible(actor, id, em);
    if (!row) throw TicketErrors.notFound();
    return row;
  }

  /** Agents working the ticket's queue: its PD's Tier 1 at tier 1, its team at tier 2, supervisors. */
  canWork(actor: Actor, t: Pick<TicketRow, 'tier' | 'unitId' | 'teamId'>): boolean {
    if (hasRole(actor, Role.Supervisor)) return true;
    if (t.tier === 1) return hasRole(actor, Role.Tier1) && actor.unitId === t.unitId;
    return hasRole(actor, Role.Tier2) && !!t.teamId && actor.teamIds.includes(t.teamId);
  }

  /**
   * Agents who may reply and add internal notes: those who work the ticket, and the Tier 1 desk of its
   * PD after it was escalated (the desk keeps talking to its own staff while Tier 2 works on it).
   */
  canComment(actor: Actor, t: Pick<TicketRow, 'tier' | 'unitId' | 'teamId'>): boolean {
    return this.canWork(actor, t) || (hasRole(actor, Role.Tier1) && actor.unitId === t.unitId);
  }

  async update(actor: Actor, id: string, dto: UpdateTicketDto): Promise<TicketView> {
    const authorize = (t: TicketRow) => {
      if (!this.canWork(actor, t)) throw TicketErrors.notAllowed('edit');
    };
    return this.change(actor, id, dto.version, authorize, async (t) => {
      if (!OPEN_STATUSES.includes(t.status)) throw TicketErrors.invalidTransition('edit', t.status);
      const patch: Record<string, unknown> = {};
      for (const field of ['title', 'description', 'categoryId', 'impact', 'urgency'] as const) {
        if (dto[field] !== undefined) patch[field] = dto[field];
      }
      const impact = dto.impact ?? t.impact;
      const urgency = dto.urgency ?? t.urgency;
      const priority = priorityOf(impact, urgency);
      if (priority !== t.priority) {
        const targets = DEFAULT_TARGET_MINUTES[priority];
        const created = new Date(t.createdAt).getTime();
        Object.assign(patch, {
          priority,
          responseDueAt: new Date(created + targets.response * MINUTE),
          resolutionDueAt: new Date(created + targets.resolution * MINUTE),
        });
      }
      return { patch, action: 'updated', event: 'ticket.updated' };
    });
  }

  async act(actor: Actor, id: string, action: TicketAction, input: ActionInput): Promise<TicketView> {
    const rule = TRANSITIONS[action];
    // A bad `until` is a 400, whatever the ticket's status.
    if (action === TicketAction.Pend) pendingUntil(input.until, this.clock.now());
    const authorize = (t: TicketRow) => {
      // Lost a race with another escalation: the ticket is at Tier 2 now, a conflict, not a refusal.
      if (action === TicketAction.Escalate && t.tier !== 1 && isAgent(actor))
        throw TicketErrors.alreadyEscalated(t.status);
      const mayAct =
        this.canWork(actor, t) || (rule.by === 'requester-or-agent' && t.requesterId === actor.id);
      if (!mayAct) throw TicketErrors.notAllowed(action);
    };
    return this.change(actor, id, input.version, authorize, async (t, em) => {
      const agent = this.canWork(actor, t);
      if (!rule.from.includes(t.status)) throw TicketErrors.invalidTransition(action, t.status);
      const now = this.clock.now();
      const patch: Record<string, unknown> = { status: rule.to };
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
          Object.assign(patch, {
            pendingReason: null,
            pendingSince: null,
            pendingUntil: null,
            ...this.shiftForPause(t, now),
          });
          break;
        case TicketAction.Resolve:
          Object.assign(patch, {
            resolution: input.resolution,
            resolvedAt: now,
            autoCloseAt: addBusinessDays(now, this.config.AUTO_CLOSE_BUSINESS_DAYS, await this.timezone()),
            pendingReason: null,
            pendingSince: null,
            pendingUntil: null,
          });
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
          Object.assign(patch, {
            cancelledAt: now,
            cancelReason: input.reason,
            pendingReason: null,
            pendingSince: null,
            pendingUntil: null,
          });
          note = input.reason!;
          break;
        case TicketAction.Escalate:
        case TicketAction.Return: {
          const change =
            action === TicketAction.Escalate
              ? await this.escalation(
                  em,
                  t,
                  { teamId: input.teamId, reason: input.reason!, automatic: false },
                  actor.id,
                  now,
                )
              : await this.returnToTier1(em, t, input.notes!, actor.id, now);
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
  }

  /**
   * Escalates a Tier 1 ticket to a Tier 2 team (docs/domain.md, "Ticket lifecycle"). An actor escalates manually, with
   * the rules of `act` (404, 403, 409, version). `null` is the system (SLA auto-escalation): it
   * answers whether the ticket was escalated instead of throwing.
   */
  escalate(actor: Actor, id: string, dto: EscalateDto): Promise<TicketView>;
  escalate(
    actor: null,
    id: string,
    dto: { teamId?: string; reason: string; automatic?: boolean },
  ): Promise<boolean>;
  async escalate(
    actor: Actor | null,
    id: string,
    dto: { teamId?: string; reason: string; automatic?: boolean; version?: number },
  ): Promise<TicketView | boolean> {
    if (actor) return this.act(actor, id, TicketAction.Escalate, dto);
    return this.tx.run((em) =>
      this.escalateInTransaction(em, id, { teamId: dto.teamId, reason: dto.reason, automatic: true }),
    );
  }

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
    const t = await this.repo.lock(em, ticketId);
    if (!t || t.tier !== 1 || !OPEN_STATUSES.includes(t.status)) return false;
    const target = await this.escalationTeam(em, t, input.teamId);
    if ('problem' in target) return false;
    const now = this.clock.now();
    const change = await this.escalation(em, t, { ...input, teamId: target.teamId }, null, now);
    await this.apply(em, t, { ...change, at: now }, null);
    return true;
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
    await this.visibleOrThrow(actor, id, em);
    const t = await this.repo.lock(em, id);
    if (!this.canWork(actor, t)) throw TicketErrors.notAllowed(input.action);
    if (!OPEN_STATUSES.includes(t.status)) throw TicketErrors.invalidTransition(input.action, t.status);
    const { title, notice } = await input.wording();
    const content = await this.repo.takeContent(em, id);
    const now = this.clock.now();
    await this.apply(
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

  /** The team an escalation goes to: the one asked for, else the category's route. */
  private async escalationTeam(
    em: EntityManager,
    t: TicketRow,
    teamId?: string,
  ): Promise<{ teamId: string } | { problem: string }> {
    if (teamId) {
      return (await this.escalations.teamExists(em, teamId)) ? { teamId } : { problem: 'team not found' };
    }
    const routed = await this.escalations.routeOf(em, t.categoryId);
    return routed
      ? { teamId: routed }
      : { problem: "give a teamId: the ticket's category does not route to a Tier 2 team" };
  }

  private async escalation(
    em: EntityManager,
    t: TicketRow,
    input: {
      teamId?: string;
      reason: string;
      reasonCode?: { code: string; params: Record<string, string | number> };
      automatic: boolean;
    },
    actorId: string | null,
    now: Date,
  ): Promise<Change> {
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
        ...this.endPause(t, now),
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
  private async returnToTier1(
    em: EntityManager,
    t: TicketRow,
    notes: string,
    actorId: string,
    now: Date,
  ): Promise<Change> {
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
        ...this.endPause(t, now),
      },
      action: 'returned',
      event: 'ticket.returned',
      note: notes,
      payload: { teamId: t.teamId, notes, escalationId, assigneeId },
    };
  }

  /** Moving between tiers ends a pending wait: the clocks run again, shifted by the pause. */
  private endPause(t: TicketRow, now: Date): Record<string, unknown> {
    if (t.status !== TicketStatus.Pending) return {};
    return { pendingReason: null, pendingSince: null, pendingUntil: null, ...this.shiftForPause(t, now) };
  }

  /** The escalations of a ticket (who, why, when, manual or automatic, and the return), for agents. */
  async escalationHistory(actor: Actor, id: string): Promise<EscalationRecord[]> {
    await this.visibleOrThrow(actor, id);
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
      if (!this.canWork(actor, t)) throw TicketErrors.notAllowed(TicketAction.Claim);
      const now = this.clock.now();
      const patch: Record<string, unknown> = {
        assigneeId: actor.id,
        status: t.status === TicketStatus.New ? TicketStatus.Assigned : t.status,
      };
      if (t.tier === 1) patch.tier1AssigneeId = actor.id;
      await this.apply(
        em,
        t,
        { patch, action: TicketAction.Claim, event: 'ticket.assigned', at: now },
        actor.id,
      );
      return next;
    });
    return id ? this.get(actor, id) : null;
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
    const t = await this.repo.lock(em, childId);
    if (!t || !OPEN_STATUSES.includes(t.status)) return false;
    const patch: Record<string, unknown> = {
      status: TicketStatus.Resolved,
      resolution: parent.resolution,
      resolvedAt: now,
      autoCloseAt: addBusinessDays(now, this.config.AUTO_CLOSE_BUSINESS_DAYS, await this.timezone()),
      pendingReason: null,
      pendingSince: null,
      pendingUntil: null,
    };
    if (!t.firstResponseAt) patch.firstResponseAt = now;
    await this.apply(
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
      const t = await this.repo.lock(em, ticketId);
      const now = this.clock.now();
      if (!t || t.status !== TicketStatus.Pending || !t.pendingUntil) return false;
      if (new Date(t.pendingUntil).toISOString() !== until || new Date(t.pendingUntil) > now) return false;
      await this.apply(
        em,
        t,
        {
          patch: {
            status: TicketStatus.InProgress,
            pendingReason: null,
            pendingSince: null,
            pendingUntil: null,
            ...this.shiftForPause(t, now),
          },
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

  /** Paused time does not count: on resume the running clocks move by the time spent pending. */
  private shiftForPause(t: TicketRow, now: Date): Record<string, Date> {
    if (!t.pendingSince) return {};
    const paused = now.getTime() - new Date(t.pendingSince).getTime();
    const shift = (d: Date | null) => (d ? new Date(new Date(d).getTime() + paused) : d);
    const patch: Record<string, Date> = {};
    if (!t.firstResponseAt && t.responseDueAt) patch.responseDueAt = shift(t.responseDueAt)!;
    if (t.resolutionDueAt) patch.resolutionDueAt = shift(t.resolutionDueAt)!;
    return patch;
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
    const [holder] = await em.query(`SELECT id, name FROM app_user WHERE id = $1`, [t.assigneeId]);
    return TicketErrors.claimedBy(t.status, { id: t.assigneeId!, name: holder?.name ?? '' });
  }

  /**
   * Runs one change in a transaction: visibility (404), row lock, permission (403), version check
   * (409), the rule in `decide`, then the update, its audit event and its outbox event, all
   * committed together.
   */
  private async change(
    actor: Actor,
    id: string,
    version: number | undefined,
    authorize: (t: TicketRow) => void,
    decide: (t: TicketRow, em: EntityManager) => Promise<Change>,
  ): Promise<TicketView> {
    try {
      await this.tx.run(async (em) => {
        await this.visibleOrThrow(actor, id, em);
        const t = await this.repo.lock(em, id);
        authorize(t);
        if (version !== undefined && version !== t.version) throw TicketErrors.stale(t.version);
        const change = await decide(t, em);
        await this.apply(em, t, change, actor.id);
      });
    } catch (error) {
      throw this.translateWriteError(error);
    }
    return this.get(actor, id);
  }

  private async apply(
    em: EntityManager,
    t: TicketRow,
    change: Change,
    actorId: string | null,
  ): Promise<void> {
    let next = { ...t, ...change.patch } as TicketRow;
    for (const hook of this.hooks) {
      const extra = await hook.onChange?.({
        em,
        before: t,
        after: next,
        action: change.action,
        actorId,
        now: change.at ?? this.clock.now(),
      });
      if (extra) {
        Object.assign(change.patch, extra);
        next = { ...t, ...change.patch } as TicketRow;
      }
    }
    // A hook that keeps the clocks (the SLA engine) knows the nearest due time better.
    change.patch.queueDueAt ??= queueDue(next);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(change.patch)) {
      const from = (t as unknown as Record<string, unknown>)[field];
      if (field !== 'queueDueAt' && normalise(from) !== normalise(to))
        changes[field] = { from: change.redact?.includes(field) ? null : normalise(from), to: normalise(to) };
    }
    await this.repo.update(em, t.id, change.patch);
    await this.repo.addEvent(em, {
      ticketId: t.id,
      actorId,
      action: change.action,
      changes,
      note: change.note,
      reason: change.reason,
    });
    await this.outbox.add(em, [
      {
        type: change.event,
        aggregateType: 'ticket',
        aggregateId: t.id,
        payload: {
          number: t.number,
          status: next.status,
          actorId,
          changes: Object.keys(changes),
          visibility: {
            unitId: next.unitId,
            teamId: next.teamId ?? null,
            requesterId: next.requesterId,
            escalated: next.escalatedAt != null,
          } satisfies TicketVisibilitySnapshot,
          ...change.payload,
        },
      },
    ]);
  }

  async addComment(actor: Actor, id: string, dto: CreateCommentDto) {
    let comment: unknown;
    await this.tx.run(async (em) => {
      await this.visibleOrThrow(actor, id, em);
      const t = await this.repo.lock(em, id);
      const agent = this.canComment(actor, t);
      if (!agent && t.requesterId !== actor.id) throw TicketErrors.notAllowed('comment');
      if (dto.internal && !agent) throw TicketErrors.notAllowed('add internal notes');
      if (t.status === TicketStatus.Closed || t.status === TicketStatus.Cancelled) {
        throw TicketErrors.invalidTransition('comment on', t.status);
      }
      comment = await this.repo.addComment(em, {
        ticketId: id,
        authorId: actor.id,
        body: dto.body,
        internal: !!dto.internal,
      });
      const patch: Record<string, unknown> = {};
      const now = this.clock.now();
      if (agent && !dto.internal && !t.firstResponseAt) patch.firstResponseAt = now;
      await this.apply(
        em,
        t,
        {
          patch,
          action: dto.internal ? 'internal_note' : 'commented',
          event: 'ticket.commented',
          note: null,
          at: now,
          // Notifications tell the requester of a public reply, and the agents of the requester's comment.
          payload: {
            commentId: (comment as { id: string }).id,
            internal: !!dto.internal,
            byRequester: actor.id === t.requesterId,
          },
        },
        actor.id,
      );
    });
    return comment;
  }

  async comments(actor: Actor, id: string) {
    await this.visibleOrThrow(actor, id);
    return this.repo.comments(id, isAgent(actor));
  }

  async history(actor: Actor, id: string) {
    await this.visibleOrThrow(actor, id);
    if (!isAgent(actor)) throw TicketErrors.notAllowed('read the history');
    const timezone = await this.timezone();
    const locale = actor.locale === 'en' ? 'en' : 'id';
    const rows: HistoryLine[] = await this.repo.history(id);
    // Each line also as a sentence in the reader's language, system reasons and times included.
    return rows.map((e) => ({
      ...e,
      text: historyText(e, locale, timezone),
      reasonText: e.reason ? reasonText(e.reason, locale, timezone) : null,
    }));
  }

  async rate(actor: Actor, id: string, dto: RatingDto): Promise<TicketView> {
    const authorize = (t: TicketRow) => {
      if (t.requesterId !== actor.id) throw TicketErrors.notAllowed('rate');
    };
    return this.change(actor, id, undefined, authorize, async (t) => {
      if (t.status !== TicketStatus.Resolved && t.status !== TicketStatus.Closed)
        throw TicketErrors.invalidTransition('rate', t.status);
      if (t.ratingScore) throw new DomainError(ErrorCode.Conflict, 'This ticket is already rated');
      return {
        patch: { ratingScore: dto.score, ratingComment: dto.comment ?? null, ratedAt: this.clock.now() },
        action: 'rated',
        event: 'ticket.rated',
      };
    });
  }

  async addAttachment(
    actor: Actor,
    id: string,
    file: { originalname: string; size: number; buffer: Buffer },
    internal: boolean,
  ) {
    const ticket = await this.visibleOrThrow(actor, id);
    const agent = this.canWork(actor, ticket);
    if (!agent && ticket.requesterId !== actor.id) throw TicketErrors.notAllowed('attach files');
    if (internal && !agent) throw TicketErrors.notAllowed('attach internal files');
    if (file.size > MAX_ATTACHMENT_BYTES)
      throw new DomainError(ErrorCode.PayloadTooLarge, 'Files may be at most 10 MB');
    // Path separators and control characters never reach a header or a log line.
    // eslint-disable-next-line no-control-regex
    const fileName = file.originalname.replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
    const contentType = attachmentType(fileName);
    if (!contentType) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'This file type is not allowed', {
        errors: [{ field: 'file', message: 'allowed: pdf, images, office documents, text, csv, zip' }],
      });
    }
    if (!(await bytesMatchName(fileName, file.buffer))) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'The file’s content does not match its type', {
        errors: [{ field: 'file', message: `the bytes of this file are not a ${contentType} file` }],
      });
    }
    const stored = await this.storage.save(file.buffer);
    try {
      return await this.tx.run(async (em) => {
        const t = await this.repo.lock(em, id);
        if (t.status === TicketStatus.Closed || t.status === TicketStatus.Cancelled)
          throw TicketErrors.invalidTransition('attach files to', t.status);
        const row = await this.repo.addAttachment(em, {
          id: stored.id,
          ticketId: id,
          uploaderId: actor.id,
          fileName,
          contentType,
          sizeBytes: file.size,
          sha256: stored.sha256,
          storageKey: stored.storageKey,
          internal,
        });
        await this.apply(
          em,
          t,
          { patch: {}, action: 'attachment_added', event: 'ticket.attachment_added', note: fileName },
          actor.id,
        );
        return row;
      });
    } catch (error) {
      await this.storage.remove(stored.storageKey); // nothing half-written: no file without its row
      throw error;
    }
  }

  async attachments(actor: Actor, id: string) {
    await this.visibleOrThrow(actor, id);
    return this.repo.attachments(id, isAgent(actor));
  }

  async openAttachment(actor: Actor, id: string, attachmentId: string) {
    await this.visibleOrThrow(actor, id);
    const a = await this.repo.findAttachment(id, attachmentId);
    if (!a || (a.internal && !isAgent(actor))) throw DomainError.notFound('Attachment');
    return { ...a, stream: this.storage.open(a.storageKey) };
  }

  /** Closes resolved tickets whose window passed; safe to run on several workers at once. */
  async autoCloseDue(): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const id of await this.repo.dueForAutoClose(now, 500)) {
      await this.tx.run(async (em) => {
        const t = await this.repo.lock(em, id);
        if (t.status !== TicketStatus.Resolved || !t.autoCloseAt || new Date(t.autoCloseAt) > now) return;
        await this.apply(
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

/** The queue's sort key: the nearest due time of a running clock. */
export function queueDue(
  t: Pick<TicketRow, 'status' | 'firstResponseAt' | 'responseDueAt' | 'resolutionDueAt'>,
): Date | string {
  if (!OPEN_STATUSES.includes(t.status) || t.status === TicketStatus.Pending) return NO_DUE;
  const due = !t.firstResponseAt ? (t.responseDueAt ?? t.resolutionDueAt) : t.resolutionDueAt;
  return due ?? NO_DUE;
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v === undefined ? null : v;
}

/**
 * A cursor's key is PostgreSQL's text form of a timestamptz, e.g. `2026-11-17 23:58:32.556547+00`
 * (`Date.parse` refuses the short `+00` offset, which broke page 2 of every listing).
 */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

function encodeCursor(sort: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: string): { key: string; id: string } {
  try {
    const [s, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const validKey = key === 'infinity' || PG_TIMESTAMPTZ.test(String(key));
    if (s === sort && typeof key === 'string' && validKey && /^[0-9a-f-]{36}$/i.test(id)) return { key, id };
  } catch {
    /* answered below */
  }
  throw DomainError.invalidField('cursor', 'cursor is not valid for this listing; start again without it');
}

/** A "pending until" instant: in the future, else 400 naming `until`. */
function pendingUntil(until: string | undefined, now: Date): Date | null {
  if (until === undefined) return null;
  const at = new Date(until);
  if (Number.isNaN(at.getTime()) || at <= now)
    throw DomainError.invalidField('until', 'until must be a date and time in the future');
  return at;
}

function toView(r: TicketViewRow, now: Date, agent = false): TicketView {
  const named = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    title: r.title,
    description: r.description,
    category: named(r.categoryId, r.categoryName),
    impact: r.impact,
    urgency: r.urgency,
    priority: r.priority,
    channel: r.channel,
    // Where to reach the requester: for agents only, never for other requesters.
    requester: agent
      ? {
          id: r.requesterId,
          name: r.requesterName,
          phone: r.requesterPhone,
          locationRoom: r.requesterRoom,
          locationFloor: r.requesterFloor,
        }
      : { id: r.requesterId, name: r.requesterName },
    unit: { id: r.unitId, name: r.unitName },
    deskId: r.deskId,
    tier: r.tier,
    team: named(r.teamId, r.teamName),
    assignee: named(r.assigneeId, r.assigneeName),
    status: r.status,
    pendingReason: r.pendingReason,
    pendingUntil: iso(r.pendingUntil),
    resolution: r.resolution,
    cancelReason: r.cancelReason,
    firstResponseAt: iso(r.firstResponseAt),
    escalatedAt: iso(r.escalatedAt),
    resolvedAt: iso(r.resolvedAt),
    autoCloseAt: iso(r.autoCloseAt),
    closedAt: iso(r.closedAt),
    cancelledAt: iso(r.cancelledAt),
    rating: r.ratingScore
      ? { score: r.ratingScore, comment: r.ratingComment, ratedAt: iso(r.ratedAt)! }
      : null,
    sla: slaView(r),
    queueClock: queueClockOf({ ...r, clocks: r.slaClocks }, now),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

/** The ticket's SLA clocks as kept by the SLA engine; the ticket's own due columns when it has none. */
function slaView(r: TicketViewRow): TicketView['sla'] {
  const clock = (name: string, fallback: SlaClockView | null): SlaClockView | null => {
    const c = r.slaClocks?.[name];
    if (!c) return fallback;
    return {
      startedAt: iso(c.startedAt),
      dueAt: iso(c.dueAt),
      warnedAt: iso(c.warnedAt),
      breachedAt: iso(c.breachedAt),
      metAt: iso(c.metAt),
      pausedAt: iso(c.pausedAt),
      stoppedAt: iso(c.stoppedAt),
    };
  };
  const plain = (dueAt: Date | null, metAt: Date | null): SlaClockView => ({
    startedAt: iso(r.createdAt),
    dueAt: iso(dueAt),
    warnedAt: null,
    breachedAt: null,
    metAt: iso(metAt),
    pausedAt: null,
    stoppedAt: null,
  });
  return {
    response: clock('response', plain(r.responseDueAt, r.firstResponseAt))!,
    resolution: clock('resolution', plain(r.resolutionDueAt, r.resolvedAt))!,
    tier2Response: clock('tier2_response', null),
  };
}
