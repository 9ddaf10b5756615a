import { Actor } from '@desk/org-auth';
import { ticketScopeSql, visibleTicketIds } from '@desk/tickets';
import { incidentScopeSql, visibleIncidentIds } from '@desk/incidents';
import type {
  LinkedArticle,
  LinkedIncident,
  LinkedTicket,
  ProblemSummary,
  ProblemTimelineItem,
} from '@desk/contracts';
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
import { ListProblemsQuery } from './dto/problem.dto';
import { Problem, ProblemStatus } from './entities/problem.entity';
import { problemScopeSql } from './problem-visibility';

const PROBLEMS = new ScopedRecordTable<Actor>({
  table: 'problem',
  alias: 'p',
  timeline: { table: 'problem_event', owner: 'problem_id', state: 'status', aggregate: 'problem' },
  scopeSql: problemScopeSql,
});
const PROBLEM_TICKETS: LinkTable = {
  table: 'problem_ticket',
  owner: 'problem_id',
  target: 'ticket_id',
  targetTable: 'ticket',
  alias: 't',
};
const PROBLEM_INCIDENTS: LinkTable = {
  table: 'problem_incident',
  owner: 'problem_id',
  target: 'incident_id',
  targetTable: 'security_incident',
  alias: 'i',
};

export interface ProblemRow {
  id: string;
  number: string;
  title: string;
  description: string;
  status: ProblemStatus;
  rootCause: string | null;
  workaround: string | null;
  permanentFix: string | null;
  createdById: string;
  createdByName: string;
  knownErrorAt: Date | null;
  kbArticleId: string | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a service may write; the version and `updatedAt` move with every write. */
export type ProblemPatch = Partial<
  Pick<
    Problem,
    | 'title'
    | 'description'
    | 'status'
    | 'rootCause'
    | 'workaround'
    | 'permanentFix'
    | 'knownErrorAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'kbArticleId'
  >
>;

const COLUMNS = `p.id, p.number, p.title, p.description, p.status, p.root_cause AS "rootCause",
  p.workaround, p.permanent_fix AS "permanentFix", p.created_by_id AS "createdById",
  p.known_error_at AS "knownErrorAt", p.kb_article_id AS "kbArticleId", p.resolved_at AS "resolvedAt", p.closed_at AS "closedAt",
  p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/** Open tickets: what resolving a problem tells the requesters about. */
const OPEN_TICKET = `t.status NOT IN ('resolved', 'closed', 'cancelled')`;

/** Of `ids`, the problems the actor may see (what a change may link to). */
export async function visibleProblemIds(
  db: DataSource | EntityManager,
  actor: Actor,
  ids: string[],
): Promise<string[]> {
  return [...(await PROBLEMS.visibleIds(db, actor, ids))];
}

/** Every problem query takes the caller's scope (see problem-visibility). */
@Injectable()
export class ProblemRepository extends ScopedRecordRepository<Actor> {
  constructor(dataSource: DataSource) {
    super(dataSource, PROBLEMS);
  }

  async insert(
    em: EntityManager,
    p: { title: string; description: string; rootCause?: string; workaround?: string; permanentFix?: string },
    actor: Actor,
    now: Date,
  ): Promise<{ id: string; number: string }> {
    const row = await sqlRow<{ id: string; number: string }>(
      em,
      `INSERT INTO problem (number, title, description, root_cause, workaround, permanent_fix, created_by_id,
                            created_at, updated_at)
       SELECT 'PRB-' || y || '-' || lpad(next_record_number('problem', y)::text, 4, '0'), $1, $2, $3, $4, $5, $6, $7, $7
         FROM (SELECT extract(year FROM $7::timestamptz AT TIME ZONE
                 coalesce((SELECT timezone FROM region WHERE id = 1), 'Asia/Jakarta'))::int AS y) x
       RETURNING id, number`,
      [
        p.title,
        p.description,
        p.rootCause || null,
        p.workaround || null,
        p.permanentFix || null,
        actor.id,
        now,
      ],
    );
    return row!;
  }

  /** The problem if the actor sees it, locked for the rest of the transaction. */
  async lock(em: EntityManager, id: string, actor: Actor): Promise<ProblemRow | null> {
    const params: unknown[] = [id];
    const scope = problemScopeSql(actor, params);
    return sqlRow<ProblemRow>(
      em,
      `SELECT ${COLUMNS}, '' AS "createdByName" FROM problem p WHERE p.id = $1 AND ${scope} FOR UPDATE OF p`,
      params,
    );
  }

  get(
    id: string,
    actor: Actor,
    em: EntityManager | DataSource = this.dataSource,
  ): Promise<ProblemRow | null> {
    const params: unknown[] = [id];
    const scope = problemScopeSql(actor, params);
    return sqlRow<ProblemRow>(
      em,
      `SELECT ${COLUMNS}, u.name AS "createdByName" FROM problem p JOIN app_user u ON u.id = p.created_by_id
        WHERE p.id = $1 AND ${scope}`,
      params,
    );
  }

  /** Writes the patch's columns, bumps the version. */
  async update(em: EntityManager, id: string, patch: ProblemPatch, now: Date): Promise<void> {
    await updateVersioned(em, Problem, id, patch, now);
  }

  async addEvent(
    em: EntityManager,
    e: {
      problemId: string;
      actorId: string | null;
      type: string;
      fromStatus?: string | null;
      toStatus?: string | null;
      note?: string | null;
      data?: Record<string, unknown>;
    },
    now: Date,
  ): Promise<string> {
    const { problemId, fromStatus, toStatus, ...rest } = e;
    return PROBLEMS.addStep(em, problemId, { ...rest, from: fromStatus, to: toStatus }, now);
  }

  /** Of `ids`, the tickets the actor may see. */
  async visibleTicketIds(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    return visibleTicketIds(em, actor, ids);
  }

  /**
   * Replaces the linked tickets the actor can see with `ids`; links to tickets the actor cannot see
   * stay as they are. Returns the ticket ids added and removed.
   */
  async setTickets(
    em: EntityManager,
    problemId: string,
    actor: Actor,
    ids: string[],
  ): Promise<{ added: string[]; removed: string[] }> {
    return replaceVisibleLinks(
      em,
      PROBLEM_TICKETS,
      problemId,
      (params) => ticketScopeSql(actor, params),
      ids,
    );
  }

  /** The linked tickets the actor sees, and how many are linked in all. */
  async tickets(problemId: string, actor: Actor): Promise<{ items: LinkedTicket[]; total: number }> {
    const params: unknown[] = [problemId];
    const scope = ticketScopeSql(actor, params);
    const rows = await sqlRows<LinkedTicket & { visible: boolean }>(
      this.dataSource,
      `SELECT t.id, t.number, t.title, t.status, json_build_object('id', un.id, 'name', un.name) AS unit,
              (${scope}) AS visible
         FROM problem_ticket pt JOIN ticket t ON t.id = pt.ticket_id JOIN unit un ON un.id = t.unit_id
        WHERE pt.problem_id = $1 ORDER BY t.created_at`,
      params,
    );
    return {
      items: rows.filter((r) => r.visible).map(({ visible: _v, ...r }) => r),
      total: rows.length,
    };
  }

  /** Of `ids`, the security incidents the actor may see (the incidents' own scope). */
  visibleIncidentIds(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    return visibleIncidentIds(em, actor, ids);
  }

  /**
   * Replaces the linked incidents the actor can see with `ids`; links to incidents the actor cannot
   * see stay as they are. Returns the incident ids added and removed.
   */
  async setIncidents(
    em: EntityManager,
    problemId: string,
    actor: Actor,
    ids: string[],
  ): Promise<{ added: string[]; removed: string[] }> {
    return replaceVisibleLinks(
      em,
      PROBLEM_INCIDENTS,
      problemId,
      (params) => incidentScopeSql(actor, params),
      ids,
    );
  }

  /** The linked incidents the actor may see; the others are not counted. */
  async incidents(problemId: string, actor: Actor): Promise<LinkedIncident[]> {
    const params: unknown[] = [problemId];
    const scope = incidentScopeSql(actor, params);
    return sqlRows<LinkedIncident>(
      this.dataSource,
      `SELECT i.id, i.number, i.title, i.phase
         FROM problem_incident l JOIN security_incident i ON i.id = l.incident_id
        WHERE l.problem_id = $1 AND ${scope} ORDER BY i.created_at`,
      params,
    );
  }

  async article(articleId: string): Promise<LinkedArticle | null> {
    return sqlRow<LinkedArticle>(this.dataSource, `SELECT id, title, status FROM kb_article WHERE id = $1`, [
      articleId,
    ]);
  }

  list(actor: Actor, q: ListProblemsQuery): Promise<ProblemSummary[]> {
    return PROBLEMS.list(actor)
      .equals('status', q.status)
      .when(
        q.ticketId,
        (id) => `EXISTS (SELECT 1 FROM problem_ticket x WHERE x.problem_id = p.id AND x.ticket_id = ${id})`,
      )
      .search(q.q)
      .rows<ProblemSummary>(
        this.dataSource,
        `SELECT p.id, p.number, p.title, p.status, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM problem_ticket x WHERE x.problem_id = p.id) AS "ticketCount"
           FROM problem p`,
        'p.created_at DESC',
        q.limit ?? 50,
      );
  }

  timeline(problemId: string): Promise<ProblemTimelineItem[]> {
    return PROBLEMS.timeline<ProblemTimelineItem>(this.dataSource, problemId);
  }

  /** The requesters of the problem's open linked tickets, with the numbers of their tickets. */
  async openTicketRequesters(
    em: EntityManager,
    problemId: string,
  ): Promise<{ userId: string; numbers: string[] }[]> {
    return sqlRows<{ userId: string; numbers: string[] }>(
      em,
      `SELECT t.requester_id AS "userId", array_agg(t.number ORDER BY t.number) AS numbers
         FROM problem_ticket pt JOIN ticket t ON t.id = pt.ticket_id
        WHERE pt.problem_id = $1 AND ${OPEN_TICKET}
        GROUP BY t.requester_id`,
      [problemId],
    );
  }
}
