import type {
  Change,
  ChangeCalendarItem,
  ChangeSummary,
  ChangeTimelineItem,
  LinkedIncident,
  LinkedProblem,
  LinkedTicket,
} from '@desk/contracts';
import { incidentScopeSql, visibleIncidentIds } from '@desk/incidents';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { problemScopeSql, visibleProblemIds } from '@desk/problems';
import { ticketScopeSql, visibleTicketIds } from '@desk/tickets';
import {
  LinkTable,
  replaceVisibleLinks,
  ScopedRecordRepository,
  ScopedRecordTable,
  sqlRow,
  sqlRows,
  updateVersioned,
} from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TERMINAL_PHASES } from './change-phases';
import { ListChangesQuery } from './dto/change.dto';
import { ChangeRequest } from './entities/change-request.entity';

/**
 * Who sees a change, as SQL for the change alias `c`: Tier 2 and supervisors every change; the Tier 1
 * technicians and the head of the owning unit its changes; anyone the changes they requested.
 */
export function changeScopeSql(actor: Actor, params: unknown[], alias = 'c'): string {
  if (hasRole(actor, Role.Supervisor, Role.Tier2)) return 'TRUE';
  const own = `${alias}.requester_id = $${params.push(actor.id)}`;
  if (hasRole(actor, Role.Tier1, Role.UnitHead))
    return `(${alias}.owning_unit_id = $${params.push(actor.unitId)} OR ${own})`;
  return own;
}

const CHANGES = new ScopedRecordTable<Actor>({
  table: 'change_request',
  alias: 'c',
  timeline: { table: 'change_event', owner: 'change_id', state: 'phase', aggregate: 'change' },
  scopeSql: (actor, params) => changeScopeSql(actor, params),
});
const CHANGE_LINKS: Record<'ticket' | 'problem' | 'incident', LinkTable> = {
  ticket: {
    table: 'change_ticket',
    owner: 'change_id',
    target: 'ticket_id',
    targetTable: 'ticket',
    alias: 't',
  },
  problem: {
    table: 'change_problem',
    owner: 'change_id',
    target: 'problem_id',
    targetTable: 'problem',
    alias: 'p',
  },
  incident: {
    table: 'change_incident',
    owner: 'change_id',
    target: 'incident_id',
    targetTable: 'security_incident',
    alias: 'i',
  },
};

/** A change as its services read it: the entity's columns. */
export type ChangeRow = ChangeRequest;

/** The columns a service may write; the version and `updatedAt` move with every write. */
export type ChangePatch = Partial<
  Pick<
    ChangeRequest,
    | 'title'
    | 'description'
    | 'risk'
    | 'impactAssessment'
    | 'implementationPlan'
    | 'rollbackPlan'
    | 'systems'
    | 'affectedUnitIds'
    | 'plannedStart'
    | 'plannedEnd'
    | 'windowRevision'
    | 'phase'
    | 'approvalStatus'
    | 'approvalRequestedAt'
    | 'decidedById'
    | 'decisionReason'
    | 'decidedAt'
    | 'review'
    | 'implementedAt'
    | 'closedAt'
  >
>;

/** The names the change page shows beside the change's own columns. */
type ChangeNames = Pick<Change, 'owningUnit' | 'requester' | 'createdBy' | 'decidedBy' | 'affectedUnits'>;

/** The change's columns under alias `c`, named as `ChangeRow` names them. */
export const CHANGE_COLUMNS = `c.id, c.number, c.title, c.description, c.type, c.owning_unit_id AS "owningUnitId",
  c.requester_id AS "requesterId", c.created_by_id AS "createdById", c.template_id AS "templateId", c.systems,
  c.affected_unit_ids AS "affectedUnitIds", c.risk, c.impact_assessment AS "impactAssessment",
  c.implementation_plan AS "implementationPlan", c.rollback_plan AS "rollbackPlan",
  c.planned_start AS "plannedStart", c.planned_end AS "plannedEnd", c.phase, c.approval_status AS "approvalStatus",
  c.approval_requested_at AS "approvalRequestedAt", c.decided_by_id AS "decidedById",
  c.decision_reason AS "decisionReason", c.decided_at AS "decidedAt", c.review, c.implemented_at AS "implementedAt",
  c.closed_at AS "closedAt", c.window_revision AS "windowRevision",
  c.window_noticed_revision AS "windowNoticedRevision", c.version, c.created_at AS "createdAt",
  c.updated_at AS "updatedAt"`;

const ON_CALENDAR = `c.phase NOT IN (${[...TERMINAL_PHASES].map((p) => `'${p}'`).join(', ')})`;

/** Every change query takes the caller's scope (changeScopeSql) or is a system query of the timers. */
@Injectable()
export class ChangeRepository extends ScopedRecordRepository<Actor> {
  constructor(dataSource: DataSource) {
    super(dataSource, CHANGES);
  }

  async insert(em: EntityManager, c: Partial<ChangeRow>, now: Date): Promise<{ id: string; number: string }> {
    const row = await sqlRow<{ id: string; number: string }>(
      em,
      `INSERT INTO change_request (number, title, description, type, owning_unit_id, requester_id, created_by_id,
              template_id, systems, affected_unit_ids, risk, impact_assessment, implementation_plan, rollback_plan,
              planned_start, planned_end, approval_status, created_at, updated_at)
       SELECT 'CHG-' || y || '-' || lpad(next_record_number('change', y)::text, 4, '0'),
              $1, $2, $3, $4, $5, $6, $7, $8::text[], $9::uuid[], $10, $11, $12, $13, $14, $15, $16, $17, $17
         FROM (SELECT extract(year FROM $17::timestamptz AT TIME ZONE
                 coalesce((SELECT timezone FROM region WHERE id = 1), 'Asia/Jakarta'))::int AS y) x
       RETURNING id, number`,
      [
        c.title,
        c.description,
        c.type,
        c.owningUnitId,
        c.requesterId,
        c.createdById,
        c.templateId ?? null,
        c.systems,
        c.affectedUnitIds ?? [],
        c.risk,
        c.impactAssessment ?? '',
        c.implementationPlan ?? '',
        c.rollbackPlan ?? '',
        c.plannedStart,
        c.plannedEnd,
        c.approvalStatus,
        now,
      ],
    );
    return row!;
  }

  /** The change if the actor sees it, locked for the rest of the transaction. */
  async lock(em: EntityManager, id: string, actor: Actor | null): Promise<ChangeRow | null> {
    const params: unknown[] = [id];
    const scope = actor ? changeScopeSql(actor, params) : 'TRUE';
    return sqlRow<ChangeRow>(
      em,
      `SELECT ${CHANGE_COLUMNS} FROM change_request c WHERE c.id = $1 AND ${scope} FOR UPDATE`,
      params,
    );
  }

  async find(
    id: string,
    actor: Actor,
    em: EntityManager | DataSource = this.dataSource,
  ): Promise<ChangeRow | null> {
    const params: unknown[] = [id];
    const scope = changeScopeSql(actor, params);
    return sqlRow<ChangeRow>(
      em,
      `SELECT ${CHANGE_COLUMNS} FROM change_request c WHERE c.id = $1 AND ${scope}`,
      params,
    );
  }

  /** Writes the patch's columns, bumps the version. */
  async update(em: EntityManager, id: string, patch: ChangePatch, now: Date): Promise<void> {
    await updateVersioned(em, ChangeRequest, id, patch, now);
  }

  async addEvent(
    em: EntityManager,
    e: {
      changeId: string;
      actorId: string | null;
      type: string;
      fromPhase?: string | null;
      toPhase?: string | null;
      note?: string | null;
      data?: Record<string, unknown>;
    },
    now: Date,
  ): Promise<string> {
    const { changeId, fromPhase, toPhase, ...rest } = e;
    return CHANGES.addStep(em, changeId, { ...rest, from: fromPhase, to: toPhase }, now);
  }

  async visibleTicketIds(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    return visibleTicketIds(em, actor, ids);
  }

  /** Of `ids`, the problems the actor may see (the problems' own scope). */
  visibleProblemIds(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    return visibleProblemIds(em, actor, ids);
  }

  /** Of `ids`, the security incidents the actor may see (the incidents' own scope). */
  visibleIncidentIds(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    return visibleIncidentIds(em, actor, ids);
  }

  async existingUnitIds(em: EntityManager, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await sqlRows<{ id: string }>(em, `SELECT id FROM unit WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => r.id);
  }

  async dinasId(em: EntityManager): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(em, `SELECT id FROM unit WHERE kind = 'dinas' LIMIT 1`);
    return row?.id ?? null;
  }

  async activeUser(em: EntityManager, id: string): Promise<boolean> {
    const row = await sqlRow<{ one: number }>(em, `SELECT 1 AS one FROM app_user WHERE id = $1 AND active`, [
      id,
    ]);
    return !!row;
  }

  /** Replaces the ticket, problem or incident links the actor can see; links the actor cannot see stay. */
  async setLinks(
    em: EntityManager,
    changeId: string,
    actor: Actor,
    kind: 'ticket' | 'problem' | 'incident',
    ids: string[],
  ) {
    const scope = {
      ticket: (params: unknown[]) => ticketScopeSql(actor, params),
      problem: (params: unknown[]) => problemScopeSql(actor, params),
      incident: (params: unknown[]) => incidentScopeSql(actor, params),
    }[kind];
    return replaceVisibleLinks(em, CHANGE_LINKS[kind], changeId, scope, ids);
  }

  /** Names for the view: units, people, and the links the actor may see. */
  async viewParts(row: ChangeRow, actor: Actor) {
    const names = await sqlRow<ChangeNames>(
      this.dataSource,
      `SELECT json_build_object('id', ou.id, 'name', ou.name, 'kind', ou.kind) AS "owningUnit",
              json_build_object('id', r.id, 'name', r.name) AS requester,
              json_build_object('id', cb.id, 'name', cb.name) AS "createdBy",
              CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('id', d.id, 'name', d.name) END AS "decidedBy",
              coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
                          FROM unit u WHERE u.id = ANY($5::uuid[])), '[]'::json) AS "affectedUnits"
         FROM unit ou JOIN app_user r ON r.id = $2 JOIN app_user cb ON cb.id = $3
         LEFT JOIN app_user d ON d.id = $4
        WHERE ou.id = $1`,
      [row.owningUnitId, row.requesterId, row.createdById, row.decidedById, row.affectedUnitIds],
    );
    const tp: unknown[] = [row.id];
    const ticketScope = ticketScopeSql(actor, tp);
    const tickets = await sqlRows<LinkedTicket>(
      this.dataSource,
      `SELECT t.id, t.number, t.title, t.status, json_build_object('id', un.id, 'name', un.name) AS unit
         FROM change_ticket l JOIN ticket t ON t.id = l.ticket_id JOIN unit un ON un.id = t.unit_id
        WHERE l.change_id = $1 AND ${ticketScope} ORDER BY t.number`,
      tp,
    );
    const pp: unknown[] = [row.id];
    const problemScope = problemScopeSql(actor, pp);
    const problems = await sqlRows<LinkedProblem>(
      this.dataSource,
      `SELECT p.id, p.number, p.title, p.status FROM change_problem l JOIN problem p ON p.id = l.problem_id
        WHERE l.change_id = $1 AND ${problemScope} ORDER BY p.number`,
      pp,
    );
    // Incidents are confidential: only those the actor may see are listed, the others not even counted.
    const ip: unknown[] = [row.id];
    const incidentScope = incidentScopeSql(actor, ip);
    const incidents = await sqlRows<LinkedIncident>(
      this.dataSource,
      `SELECT i.id, i.number, i.title, i.phase FROM change_incident l JOIN security_incident i ON i.id = l.incident_id
        WHERE l.change_id = $1 AND ${incidentScope} ORDER BY i.number`,
      ip,
    );
    return {
      ...names!,
      tickets,
      problems,
      incidents,
    };
  }

  list(actor: Actor, q: ListChangesQuery): Promise<ChangeSummary[]> {
    const pending = q.approval === 'pending';
    return CHANGES.list(actor)
      .equals('phase', q.phase)
      .equals('type', q.type)
      .also(pending, `c.approval_status = 'pending' AND ${ON_CALENDAR}`)
      .search(q.q)
      .rows<ChangeSummary>(
        this.dataSource,
        `SELECT c.id, c.number, c.title, c.type, c.risk, c.phase, c.approval_status AS "approvalStatus",
                json_build_object('id', u.id, 'name', u.name) AS "owningUnit", c.systems,
                c.planned_start AS "plannedStart", c.planned_end AS "plannedEnd", c.created_at AS "createdAt"
           FROM change_request c JOIN unit u ON u.id = c.owning_unit_id`,
        pending ? 'c.approval_requested_at, c.created_at' : 'c.created_at DESC',
        q.limit ?? 50,
      );
  }

  timeline(changeId: string): Promise<ChangeTimelineItem[]> {
    return CHANGES.timeline<ChangeTimelineItem>(this.dataSource, changeId);
  }

  /**
   * Changes on the calendar (not closed, rejected or cancelled) whose window overlaps [from, to),
   * each with the other calendar changes on a shared system whose windows overlap its own. The
   * conflicts are listed whether or not the caller sees the other change: a clash matters to both.
   */
  async calendar(actor: Actor, from: Date, to: Date): Promise<ChangeCalendarItem[]> {
    const params: unknown[] = [from, to];
    const scope = changeScopeSql(actor, params);
    return sqlRows<ChangeCalendarItem>(
      this.dataSource,
      `SELECT c.id, c.number, c.title, c.type, c.phase, c.approval_status AS "approvalStatus",
              c.planned_start AS "plannedStart", c.planned_end AS "plannedEnd", c.systems,
              coalesce((SELECT json_agg(json_build_object('id', o.id, 'number', o.number, 'title', o.title,
                                 'systems', o.systems, 'plannedStart', o.planned_start, 'plannedEnd', o.planned_end)
                                ORDER BY o.planned_start, o.number)
                          FROM change_request o
                         WHERE o.id <> c.id AND ${ON_CALENDAR.replace(/c\./g, 'o.')}
                           AND o.systems && c.systems
                           AND tstzrange(o.planned_start, o.planned_end) && tstzrange(c.planned_start, c.planned_end)),
                       '[]'::json) AS conflicts
         FROM change_request c
        WHERE ${ON_CALENDAR} AND tstzrange(c.planned_start, c.planned_end) && tstzrange($1, $2) AND ${scope}
        ORDER BY c.planned_start, c.number`,
      params,
    );
  }

  async unitName(em: EntityManager, id: string): Promise<string> {
    const row = await sqlRow<{ name: string }>(em, `SELECT name FROM unit WHERE id = $1`, [id]);
    return row?.name ?? '-';
  }

  async unitKind(em: EntityManager, id: string): Promise<string | null> {
    const row = await sqlRow<{ kind: string }>(em, `SELECT kind FROM unit WHERE id = $1`, [id]);
    return row?.kind ?? null;
  }
}
