import { Clock, DomainError, ErrorCode, FieldError } from '@desk/common';
import type { Change, ChangeCalendarItem, ChangeSummary, ChangeTimelineItem } from '@desk/contracts';
import { AppConfig } from '@desk/config';
import { OutboxRepository, RecordEventRow, TransactionRunner } from '@desk/database';
import {
  asLocale,
  MailOutbox,
  NotificationRepository,
  OutgoingMail,
  RecipientGroup,
} from '@desk/notifications';
import { Actor, hasRole, RegionService, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { changeMail } from './change-mail';
import { awaitsDecision, EDITABLE_PHASES, nextPhases, SCHEDULED_PHASES } from './change-phases';
import { ChangeRepository, ChangeRow } from './change.repository';
import { ChangeErrors } from './changes.errors';
import {
  CalendarQuery,
  ChangePhaseDto,
  CreateChangeDto,
  ListChangesQuery,
  UpdateChangeDto,
} from './dto/change.dto';
import { ApprovalStatus, ChangePhase, ChangeType } from './entities/change-request.entity';

/** The outbox event that (re)arms a change's pre-window notice timer. */
export const CHANGE_WINDOW_EVENT = 'change.window';
/** The calendar answers at most this long a period. */
const MAX_CALENDAR_DAYS = 62;

/**
 * Changes (SPBE Pasal 26): creation, edits, the phase machine with approval and review, the
 * timeline and the calendar. Mail to approvers and to the requester is written into the mail outbox
 * in the transaction that records the step, keyed by the step's timeline event: once per step.
 */
@Injectable()
export class ChangeService {
  constructor(
    private readonly region: RegionService,
    private readonly repo: ChangeRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    private readonly mail: MailOutbox,
    private readonly people: NotificationRepository,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateChangeDto): Promise<Change> {
    if (!hasRole(actor, Role.Tier1, Role.Tier2, Role.Supervisor))
      throw DomainError.forbidden('Only Tier 1, Tier 2 and supervisors file changes');
    const now = this.clock.now();
    const id = await this.tx.run(async (em) => {
      const errors: FieldError[] = [];
      const start = new Date(dto.plannedStart);
      const end = new Date(dto.plannedEnd);
      if (!(end > start))
        errors.push({ field: 'plannedEnd', message: 'plannedEnd must be after plannedStart' });
      let owningUnitId = dto.owningUnitId;
      if (hasRole(actor, Role.Tier2, Role.Supervisor))
        owningUnitId ??= (await this.repo.dinasId(em)) ?? actor.unitId;
      else if (owningUnitId && owningUnitId !== actor.unitId)
        errors.push({ field: 'owningUnitId', message: 'Tier 1 files changes owned by its own PD' });
      else owningUnitId = actor.unitId;
      if (!(await this.repo.existingUnitIds(em, [owningUnitId])).length)
        errors.push({ field: 'owningUnitId', message: 'unknown unit' });
      const requesterId = dto.requesterId ?? actor.id;
      if (!(await this.repo.activeUser(em, requesterId)))
        errors.push({ field: 'requesterId', message: 'unknown or inactive user' });
      let approvalStatus = ApprovalStatus.None;
      if (dto.templateId) {
        const template = await this.repo.find(dto.templateId, actor, em);
        if (dto.type !== ChangeType.Standard)
          errors.push({ field: 'templateId', message: 'only a standard change is made from a template' });
        else if (
          !template ||
          template.type !== ChangeType.Standard ||
          template.approvalStatus !== ApprovalStatus.Approved
        )
          errors.push({ field: 'templateId', message: 'templateId must name an approved standard change' });
        else approvalStatus = ApprovalStatus.NotRequired;
      }
      errors.push(...(await this.checkLinks(em, actor, dto)));
      if (errors.length) throw invalid(errors);
      const created = await this.repo.insert(
        em,
        {
          title: dto.title,
          description: dto.description,
          type: dto.type,
          owningUnitId,
          requesterId,
          createdById: actor.id,
          templateId: dto.templateId ?? null,
          systems: unique(dto.systems),
          affectedUnitIds: unique(dto.affectedUnitIds ?? []).filter((u) => u !== owningUnitId),
          risk: dto.risk,
          impactAssessment: dto.impactAssessment,
          implementationPlan: dto.implementationPlan,
          rollbackPlan: dto.rollbackPlan,
          plannedStart: start,
          plannedEnd: end,
          approvalStatus,
        },
        now,
      );
      if (dto.ticketIds?.length)
        await this.repo.setLinks(em, created.id, actor, 'ticket', unique(dto.ticketIds));
      if (dto.problemIds?.length)
        await this.repo.setLinks(em, created.id, actor, 'problem', unique(dto.problemIds));
      if (dto.incidentIds?.length)
        await this.repo.setLinks(em, created.id, actor, 'incident', unique(dto.incidentIds));
      await this.repo.addEvent(
        em,
        {
          changeId: created.id,
          actorId: actor.id,
          type: 'created',
          toPhase: ChangePhase.Planning,
          data: { type: dto.type, templateId: dto.templateId ?? null, approvalStatus },
        },
        now,
      );
      return created.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<Change> {
    const row = await this.repo.find(id, actor);
    if (!row) throw ChangeErrors.notFound();
    return this.view(actor, row);
  }

  list(actor: Actor, query: ListChangesQuery): Promise<ChangeSummary[]> {
    return this.repo.list(actor, query);
  }

  /** The live stream's replay: the events after `afterEventId`, up to a day back, on changes the actor sees. */
  liveBacklog(actor: Actor, afterEventId: string, limit = 500): Promise<RecordEventRow[]> {
    const since = new Date(this.clock.now().getTime() - 24 * 3600_000);
    return this.repo.eventsAfter(actor, afterEventId, since, limit);
  }

  /** The live stream's filter: which of these changes the actor sees now. */
  liveVisible(actor: Actor, ids: string[]): Promise<Set<string>> {
    return this.repo.visibleIds(actor, ids);
  }

  async timeline(actor: Actor, id: string): Promise<{ items: ChangeTimelineItem[] }> {
    if (!(await this.repo.find(id, actor))) throw ChangeErrors.notFound();
    return { items: await this.repo.timeline(id) };
  }

  async calendar(actor: Actor, q: CalendarQuery): Promise<{ items: ChangeCalendarItem[] }> {
    if (!hasRole(actor, Role.Tier1, Role.Tier2, Role.Supervisor, Role.UnitHead))
      throw DomainError.forbidden('The change calendar is for agents');
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(to > from)) throw DomainError.invalidField('to', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000)
      throw DomainError.invalidField('to', `the period may span at most ${MAX_CALENDAR_DAYS} days`);
    const items = await this.repo.calendar(actor, from, to);
    return {
      items: items.map((i) => ({ ...i, plannedStart: iso(i.plannedStart)!, plannedEnd: iso(i.plannedEnd)! })),
    };
  }

  async update(actor: Actor, id: string, dto: UpdateChangeDto): Promise<Change> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.lockForWork(em, actor, id, dto.version);
      if (!EDITABLE_PHASES.has(row.phase)) throw ChangeErrors.notEditable(row.phase);
      const start = dto.plannedStart ? new Date(dto.plannedStart) : new Date(row.plannedStart);
      const end = dto.plannedEnd ? new Date(dto.plannedEnd) : new Date(row.plannedEnd);
      const errors: FieldError[] = [];
      if (!(end > start))
        errors.push({
          field: dto.plannedEnd ? 'plannedEnd' : 'plannedStart',
          message: dto.plannedEnd
            ? 'plannedEnd must be after plannedStart'
            : 'plannedStart must be before plannedEnd',
        });
      errors.push(...(await this.checkLinks(em, actor, dto)));
      if (errors.length) throw invalid(errors);
      const set: Record<string, unknown> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const fields: [keyof UpdateChangeDto & keyof ChangeRow, string][] = [
        ['title', 'title'],
        ['description', 'description'],
        ['risk', 'risk'],
        ['impactAssessment', 'impact_assessment'],
        ['implementationPlan', 'implementation_plan'],
        ['rollbackPlan', 'rollback_plan'],
      ];
      for (const [field, col] of fields) {
        const value = dto[field];
        if (value === undefined || value === row[field]) continue;
        set[col] = value;
        changes[field] = { from: row[field], to: value };
      }
      if (dto.systems && !sameSet(dto.systems, row.systems)) {
        set.systems = unique(dto.systems);
        changes.systems = { from: row.systems, to: set.systems };
      }
      if (dto.affectedUnitIds) {
        const units = unique(dto.affectedUnitIds).filter((u) => u !== row.owningUnitId);
        if (!sameSet(units, row.affectedUnitIds)) {
          set.affected_unit_ids = units;
          changes.affectedUnitIds = { from: row.affectedUnitIds, to: units };
        }
      }
      const windowMoved =
        start.getTime() !== new Date(row.plannedStart).getTime() ||
        end.getTime() !== new Date(row.plannedEnd).getTime();
      if (windowMoved) {
        set.planned_start = start;
        set.planned_end = end;
        set.window_revision = row.windowRevision + 1;
        changes.window = { from: [row.plannedStart, row.plannedEnd], to: [start, end] };
      }
      for (const kind of ['ticket', 'problem'] as const) {
        const ids = kind === 'ticket' ? dto.ticketIds : dto.problemIds;
        if (!ids) continue;
        const links = await this.repo.setLinks(em, id, actor, kind, unique(ids));
        if (links.added.length || links.removed.length)
          changes[`${kind}s`] = { from: links.removed, to: links.added };
      }
      if (dto.incidentIds) {
        const links = await this.repo.setLinks(em, id, actor, 'incident', unique(dto.incidentIds));
        // Everyone who sees the change reads its timeline: it counts, never names, incidents.
        if (links.added.length || links.removed.length)
          changes.incidents = { from: links.removed.length, to: links.added.length };
      }
      if (!Object.keys(changes).length) return;
      // What was approved is no longer what will be done: the approval is void and asked for again.
      const reapproval = voidsApproval(row, Object.keys(changes));
      if (reapproval) Object.assign(set, reapproval.set(now));
      const phase = reapproval?.phase ?? row.phase;
      await this.repo.update(em, id, set, now);
      await this.repo.addEvent(
        em,
        { changeId: id, actorId: actor.id, type: 'updated', data: { changes } },
        now,
      );
      if (reapproval) {
        await this.repo.addEvent(
          em,
          {
            changeId: id,
            actorId: actor.id,
            type: 'approval-voided',
            fromPhase: row.phase,
            toPhase: phase,
            data: {
              fields: Object.keys(changes).filter((f) => !LINK_FIELDS.has(f)),
              decidedById: row.decidedById,
              decidedAt: row.decidedAt,
              reason: row.decisionReason,
            },
          },
          now,
        );
        const eventId = await this.repo.addEvent(
          em,
          {
            changeId: id,
            actorId: actor.id,
            type: 'approval-requested',
            fromPhase: row.phase,
            toPhase: phase,
          },
          now,
        );
        await this.sendMail(
          em,
          'approval-requested',
          { ...row, ...editedFacts(set) },
          eventId,
          [{ kind: 'role', role: 'supervisor' }],
          actor,
          undefined,
          true,
        );
      }
      if (windowMoved && SCHEDULED_PHASES.includes(phase)) await this.armEvent(em, id);
    });
    return this.get(actor, id);
  }

  /**
   * Moves a change to another phase, recording on the way a supervisor's approval decision and the
   * closing review. Checks in order: visible (404), may act (403), version (409), the move (409 naming
   * the current phase), then what the move needs (approval: 400 or 403; review: 400).
   */
  async movePhase(actor: Actor, id: string, dto: ChangePhaseDto): Promise<Change> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.lockForWork(em, actor, id, dto.version, !!dto.approval);
      const from = row.phase;
      const to = dto.phase;
      const allowed = nextPhases(row);
      const recordOnly = to === from && !!dto.approval && awaitsDecision(row);
      if (!recordOnly && !allowed.includes(to)) throw ChangeErrors.skip(from, to, allowed);

      const set: Record<string, unknown> = {};
      let approvalStatus = row.approvalStatus;
      // The decision: given with the move, by a supervisor, while one is pending.
      const needsDecision =
        (from === ChangePhase.Approval && to !== ChangePhase.Cancelled) || to === ChangePhase.Rejected;
      if (needsDecision && !dto.approval) {
        if (!hasRole(actor, Role.Supervisor)) throw ChangeErrors.onlySupervisorDecides();
        throw DomainError.invalidField(
          'approval',
          'approval {decision, reason} is required to leave approval or reject',
        );
      }
      if (dto.approval) {
        if (!hasRole(actor, Role.Supervisor)) throw ChangeErrors.onlySupervisorDecides();
        if (!awaitsDecision(row)) throw ChangeErrors.noDecisionPending(from);
        const rejected = dto.approval.decision === 'rejected';
        if (rejected !== (to === ChangePhase.Rejected))
          throw DomainError.invalidField(
            'approval.decision',
            rejected
              ? 'a rejection moves the change to rejected'
              : 'an approval cannot move the change to rejected',
          );
        approvalStatus = rejected ? ApprovalStatus.Rejected : ApprovalStatus.Approved;
        Object.assign(set, {
          approval_status: approvalStatus,
          decided_by_id: actor.id,
          decision_reason: dto.approval.reason,
          decided_at: now,
        });
      }
      // An emergency change is approved before its evaluation.
      if (
        to === ChangePhase.Evaluation &&
        approvalStatus !== ApprovalStatus.Approved &&
        approvalStatus !== ApprovalStatus.NotRequired
      )
        throw ChangeErrors.needsApproval(from);
      if (to === ChangePhase.Closed) {
        if (!dto.review)
          throw DomainError.invalidField(
            'review',
            'review {successful, incidentsCaused, lessons} is required to close',
          );
        set.review = {
          successful: dto.review.successful,
          incidentsCaused: dto.review.incidentsCaused,
          lessons: dto.review.lessons,
        };
        set.closed_at = now;
      }
      // Asking for approval: at the approval phase, or when an emergency change goes ahead without it.
      const requestsApproval =
        approvalStatus === ApprovalStatus.None &&
        (to === ChangePhase.Approval ||
          (row.type === ChangeType.Emergency &&
            (to === ChangePhase.Development || to === ChangePhase.Implementation)));
      if (requestsApproval) {
        approvalStatus = ApprovalStatus.Pending;
        set.approval_status = approvalStatus;
        set.approval_requested_at = now;
      }
      if (to === ChangePhase.Implementation) set.implemented_at = now;
      if (!recordOnly) set.phase = to;
      await this.repo.update(em, id, set, now);

      const changeFacts = { ...row, phase: to };
      if (dto.approval) {
        const eventId = await this.repo.addEvent(
          em,
          {
            changeId: id,
            actorId: actor.id,
            type: dto.approval.decision,
            fromPhase: from,
            toPhase: to,
            note: dto.approval.reason,
          },
          now,
        );
        await this.sendMail(
          em,
          'decided',
          changeFacts,
          eventId,
          [{ kind: 'users', ids: [row.requesterId, row.createdById] }],
          actor,
          {
            approved: dto.approval.decision === 'approved',
            reason: dto.approval.reason,
            by: actor.name,
          },
        );
      }
      if (!recordOnly) {
        await this.repo.addEvent(
          em,
          {
            changeId: id,
            actorId: actor.id,
            type: 'phase',
            fromPhase: from,
            toPhase: to,
            note: dto.note,
            data: to === ChangePhase.Closed ? { review: set.review } : {},
          },
          now,
        );
      }
      if (requestsApproval) {
        const eventId = await this.repo.addEvent(
          em,
          { changeId: id, actorId: actor.id, type: 'approval-requested', fromPhase: from, toPhase: to },
          now,
        );
        await this.sendMail(
          em,
          'approval-requested',
          changeFacts,
          eventId,
          [{ kind: 'role', role: 'supervisor' }],
          actor,
        );
      }
      if (!recordOnly && SCHEDULED_PHASES.includes(to) && !SCHEDULED_PHASES.includes(from))
        await this.armEvent(em, id);
    });
    return this.get(actor, id);
  }

  /** Tells the worker to (re)arm the pre-window notice timer, from the outbox. */
  private armEvent(em: EntityManager, changeId: string): Promise<void> {
    return this.outbox.add(em, [
      { type: CHANGE_WINDOW_EVENT, aggregateType: 'change', aggregateId: changeId },
    ]);
  }

  /** Writes one mail per recipient into the mail outbox, keyed by the timeline event. */
  async sendMail(
    em: EntityManager,
    kind: 'approval-requested' | 'decided' | 'window',
    row: Pick<
      ChangeRow,
      'id' | 'number' | 'title' | 'type' | 'risk' | 'owningUnitId' | 'systems' | 'plannedStart' | 'plannedEnd'
    >,
    key: string,
    groups: RecipientGroup[],
    actor: Actor | null,
    decision?: { approved: boolean; reason: string; by: string },
    reapproval = false,
  ): Promise<number> {
    const recipients = (await this.people.recipients(groups)).filter((r) => r.id !== actor?.id);
    if (!recipients.length) return 0;
    const timezone = await this.region.timezone();
    const owningUnitName = await this.repo.unitName(em, row.owningUnitId);
    const mails: OutgoingMail[] = recipients.map((r) => ({
      kind: `change.${kind}`,
      to: r.email,
      userId: r.id,
      ...changeMail({
        kind,
        locale: asLocale(r.locale),
        recipientName: r.name,
        change: { ...row, owningUnitName },
        timezone,
        appUrl: this.config.appUrl,
        decision,
        reapproval,
      }),
      dedupeKey: `change-${kind}_${key}_${r.id}`,
      aggregateType: 'change',
      aggregateId: row.id,
    }));
    return (await this.mail.add(em, mails)).length;
  }

  /**
   * Locks a change the actor sees (404 otherwise) and may work: Tier 1 of the owning unit, Tier 2,
   * supervisors (403 for others who see it, such as the unit head or the requester).
   */
  private async lockForWork(
    em: EntityManager,
    actor: Actor,
    id: string,
    version: number | undefined,
    deciding = false,
  ): Promise<ChangeRow> {
    const row = await this.repo.lock(em, id, actor);
    if (!row) throw ChangeErrors.notFound();
    if (!this.mayWork(actor, row)) {
      if (deciding) throw ChangeErrors.onlySupervisorDecides();
      throw ChangeErrors.notAllowed('work on');
    }
    if (version !== undefined && version !== row.version) throw ChangeErrors.stale(row.version);
    return row;
  }

  private mayWork(actor: Actor, row: Pick<ChangeRow, 'owningUnitId'>): boolean {
    return (
      hasRole(actor, Role.Tier2, Role.Supervisor) ||
      (hasRole(actor, Role.Tier1) && actor.unitId === row.owningUnitId)
    );
  }

  private async checkLinks(
    em: EntityManager,
    actor: Actor,
    dto: { ticketIds?: string[]; problemIds?: string[]; incidentIds?: string[]; affectedUnitIds?: string[] },
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const check = async (
      field: string,
      ids: string[] | undefined,
      visible: (ids: string[]) => Promise<string[]>,
    ) => {
      if (!ids?.length) return;
      const wanted = unique(ids);
      const found = new Set(await visible(wanted));
      const missing = wanted.filter((i) => !found.has(i));
      if (missing.length)
        errors.push({ field, message: `unknown ${field.replace(/Ids$/, '')}s: ${missing.join(', ')}` });
    };
    await check('ticketIds', dto.ticketIds, (ids) => this.repo.visibleTicketIds(em, actor, ids));
    await check('problemIds', dto.problemIds, (ids) => this.repo.visibleProblemIds(em, actor, ids));
    await check('incidentIds', dto.incidentIds, (ids) => this.repo.visibleIncidentIds(em, actor, ids));
    await check('affectedUnitIds', dto.affectedUnitIds, (ids) => this.repo.existingUnitIds(em, ids));
    return errors;
  }

  private async view(actor: Actor, row: ChangeRow): Promise<Change> {
    const parts = await this.repo.viewParts(row, actor);
    const mayWork = this.mayWork(actor, row);
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      description: row.description,
      type: row.type,
      owningUnit: parts.owningUnit as Change['owningUnit'],
      requester: parts.requester,
      createdBy: parts.createdBy,
      templateId: row.templateId,
      systems: row.systems,
      affectedUnits: parts.affectedUnits,
      risk: row.risk,
      impactAssessment: row.impactAssessment,
      implementationPlan: row.implementationPlan,
      rollbackPlan: row.rollbackPlan,
      plannedStart: iso(row.plannedStart)!,
      plannedEnd: iso(row.plannedEnd)!,
      phase: row.phase,
      approvalStatus: row.approvalStatus,
      approvalRequestedAt: iso(row.approvalRequestedAt),
      decidedBy: parts.decidedBy,
      decisionReason: row.decisionReason,
      decidedAt: iso(row.decidedAt),
      review: row.review,
      implementedAt: iso(row.implementedAt),
      closedAt: iso(row.closedAt),
      tickets: parts.tickets,
      problems: parts.problems,
      incidents: parts.incidents,
      nextPhases: mayWork ? nextPhases(row) : [],
      canDecide: hasRole(actor, Role.Supervisor) && awaitsDecision(row),
      canEdit: mayWork && EDITABLE_PHASES.has(row.phase),
      version: row.version,
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }
}

/** Edits of links (tickets, problems, incidents) do not touch what was approved. */
const LINK_FIELDS: ReadonlySet<string> = new Set(['tickets', 'problems', 'incidents']);

/**
 * Whether an edit voids an approval, and how: an approved change whose substance (any field but its
 * links) changed goes back for approval. A normal or standard change returns from `development` to
 * `approval`; an emergency change keeps its phase (it may go ahead) but needs approval again before
 * evaluation. A standard change made from a template was never approved by itself and keeps going.
 */
function voidsApproval(
  row: Pick<ChangeRow, 'approvalStatus' | 'type' | 'phase'>,
  changed: string[],
): { phase: ChangePhase; set: (now: Date) => Record<string, unknown> } | null {
  if (row.approvalStatus !== ApprovalStatus.Approved) return null;
  if (!changed.some((f) => !LINK_FIELDS.has(f))) return null;
  const phase =
    row.type === ChangeType.Emergency || row.phase !== ChangePhase.Development
      ? row.phase
      : ChangePhase.Approval;
  return {
    phase,
    set: (now) => ({
      phase,
      approval_status: ApprovalStatus.Pending,
      approval_requested_at: now,
      decided_by_id: null,
      decision_reason: null,
      decided_at: null,
    }),
  };
}

/** The facts of a change after an edit's column set, for its mail. */
function editedFacts(set: Record<string, unknown>): Partial<ChangeRow> {
  const facts: Partial<ChangeRow> = {};
  if (typeof set.title === 'string') facts.title = set.title;
  if (typeof set.risk === 'string') facts.risk = set.risk as ChangeRow['risk'];
  if (Array.isArray(set.systems)) facts.systems = set.systems as string[];
  if (set.planned_start instanceof Date) facts.plannedStart = set.planned_start;
  if (set.planned_end instanceof Date) facts.plannedEnd = set.planned_end;
  return facts;
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError(ErrorCode.Validation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    errors,
  });
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((v) => b.includes(v));
const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);
