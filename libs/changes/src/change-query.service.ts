import { Clock, DomainError } from '@desk/common';
import type { Change, ChangeCalendarItem, ChangeSummary, ChangeTimelineItem } from '@desk/contracts';
import { RecordEventRow } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { ChangeAccess } from './change-access';
import { awaitsDecision, EDITABLE_PHASES, nextPhases } from './change-phases';
import { iso } from './change-rules';
import { ChangeRepository, ChangeRow } from './change.repository';
import { ChangeErrors } from './changes.errors';
import { CalendarQuery, ListChangesQuery } from './dto/change.dto';

/** The calendar answers at most this long a period. */
const MAX_CALENDAR_DAYS = 62;

/**
 * The reads of changes, each in the caller's scope (404 for a change they do not see): one change
 * as the page shows it, the list, the timeline, the calendar and the live stream's replay and filter.
 */
@Injectable()
export class ChangeQueryService {
  constructor(
    private readonly repo: ChangeRepository,
    private readonly access: ChangeAccess,
    private readonly clock: Clock,
  ) {}

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
    return this.repo.eventsAfter(actor, afterEventId, this.clock.now(), limit);
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

  async view(actor: Actor, row: ChangeRow): Promise<Change> {
    const parts = await this.repo.viewParts(row, actor);
    const mayWork = this.access.mayWork(actor, row);
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
