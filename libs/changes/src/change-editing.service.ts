import { Clock, DomainError, FieldError } from '@desk/common';
import type { Change } from '@desk/contracts';
import { TransactionRunner } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { ChangeAccess } from './change-access';
import { ChangeMailer } from './change-mailer';
import { EDITABLE_PHASES, SCHEDULED_PHASES } from './change-phases';
import { ChangeQueryService } from './change-query.service';
import { editedFacts, invalid, LINK_FIELDS, put, sameSet, unique, voidsApproval } from './change-rules';
import { ChangePatch, ChangeRepository } from './change.repository';
import { ChangeErrors } from './changes.errors';
import { CreateChangeDto, UpdateChangeDto } from './dto/change.dto';
import { ApprovalStatus, ChangePhase, ChangeType } from './entities/change-request.entity';

/** The edits that set one column as given. */
const TEXT_FIELDS = [
  'title',
  'description',
  'risk',
  'impactAssessment',
  'implementationPlan',
  'rollbackPlan',
] as const;

/**
 * Filing and editing a change: its facts, window, systems and links. An edit of what was approved
 * voids the approval and asks the supervisors again; a moved window re-arms the notice timer.
 */
@Injectable()
export class ChangeEditingService {
  constructor(
    private readonly repo: ChangeRepository,
    private readonly access: ChangeAccess,
    private readonly mailer: ChangeMailer,
    private readonly query: ChangeQueryService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
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
      errors.push(...(await this.access.checkLinks(em, actor, dto)));
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
    return this.query.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateChangeDto): Promise<Change> {
    await this.access.work(actor, id, dto.version, async (em, row, now) => {
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
      errors.push(...(await this.access.checkLinks(em, actor, dto)));
      if (errors.length) throw invalid(errors);
      const set: ChangePatch = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of TEXT_FIELDS) {
        const value = dto[field];
        if (value === undefined || value === row[field]) continue;
        put(set, field, value);
        changes[field] = { from: row[field], to: value };
      }
      if (dto.systems && !sameSet(dto.systems, row.systems)) {
        set.systems = unique(dto.systems);
        changes.systems = { from: row.systems, to: set.systems };
      }
      if (dto.affectedUnitIds) {
        const units = unique(dto.affectedUnitIds).filter((u) => u !== row.owningUnitId);
        if (!sameSet(units, row.affectedUnitIds)) {
          set.affectedUnitIds = units;
          changes.affectedUnitIds = { from: row.affectedUnitIds, to: units };
        }
      }
      const windowMoved =
        start.getTime() !== new Date(row.plannedStart).getTime() ||
        end.getTime() !== new Date(row.plannedEnd).getTime();
      if (windowMoved) {
        set.plannedStart = start;
        set.plannedEnd = end;
        set.windowRevision = row.windowRevision + 1;
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
        await this.mailer.send(
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
      if (windowMoved && SCHEDULED_PHASES.includes(phase)) await this.mailer.armWindow(em, id);
    });
    return this.query.get(actor, id);
  }
}
