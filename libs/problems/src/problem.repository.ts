import { Actor } from '@desk/org-auth';
import { ticketScopeSql, visibleTicketIds } from '@desk/tickets';
import { incidentScopeSql } from '@desk/incidents';
import type {
  LinkedArticle,
  LinkedIncident,
  LinkedTicket,
  ProblemSummary,
  ProblemTimelineItem,
} from '@desk/contracts';
import {
  appendTimelineEvent,
  LinkTable,
  readTimeline,
  RecordEventRow,
  RecordScope,
  recordEventsAfter,
  replaceVisibleLinks,
  TimelineTable,
  visibleRecordIds,
} from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ListProblemsQuery } from './dto/problem.dto';
import { ProblemStatus } from './entities/problem.entity';
import { problemScopeSql } from './problem-visibility';

const PROBLEM_TIMELINE: TimelineTable = {
  table: 'problem_event',
  owner: 'problem_id',
  state: 'status',
  aggregate: 'problem',
};
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

const COLUMNS = `p.id, p.number, p.title, p.description, p.status, p.root_cause AS "rootCause",
  p.workaround, p.permanent_fix AS "permanentFix", p.created_by_id AS "createdById",
  p.known_error_at AS "knownErrorAt", p.kb_article_id AS "kbArticleId", p.resolved_at AS "resolvedAt", p.closed_at AS "closedAt",
  p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/** Open tickets: what resolving a problem tells the requesters about. */
const OPEN_TICKET = `t.status NOT IN ('resolved', 'closed', 'cancelled')`;

/** Every problem query takes the caller's scope (see problem-visibility). */
@Injectable()
export class ProblemRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    em: EntityManager,
    p: { title: string; description: string; rootCause?: string; workaround?: string; permanentFix?: string },
    actor: Actor,
    now: Date,
  ): Promise<{ id: string; number: string }> {
    const [row] = await em.query(
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
    return row;
  }

  /** The problem if the actor sees it, locked for the rest of the transaction. */
  async lock(em: EntityManager, id: string, actor: Actor): Promise<ProblemRow | null> {
    const params: unknown[] = [id];
    const scope = problemScopeSql(actor, params);
    const [row] = await em.query(
      `SELECT ${COLUMNS}, '' AS "createdByName" FROM problem p WHERE p.id = $1 AND ${scope} FOR UPDATE OF p`,
      params,
    );
    return row ?? null;
  }

  async get(id: string, actor: Actor, em: EntityManager | DataSource = this.dataSource) {
    const params: unknown[] = [id];
    const scope = problemScopeSql(actor, params);
    const [row] = await em.query(
      `SELECT ${COLUMNS}, u.name AS "createdByName" FROM problem p JOIN app_user u ON u.id = p.created_by_id
        WHERE p.id = $1 AND ${scope}`,
      params,
    );
    return (row as ProblemRow) ?? null;
  }

  async update(em: EntityManager, id: string, set: Record<string, unknown>, now: Date): Promise<void> {
    const params: unknown[] = [id, now];
    const cols = Object.entries(set).map(([col, v]) => `${col} = $${params.push(v)}`);
    await em.query(
      `UPDATE problem SET ${[...cols, 'version = version + 1', 'updated_at = $2'].join(', ')} WHERE id = $1`,
      params,
    );
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
    return appendTimelineEvent(
      em,
      PROBLEM_TIMELINE,
      { ...rest, ownerId: problemId, from: fromStatus, to: toStatus },
      now,
    );
  }

  /** The problem outbox events after `afterEventId` on problems the actor sees (the live replay). */
  eventsAfter(actor: Actor, afterEventId: string, since: Date, limit: number): Promise<RecordEventRow[]> {
    return recordEventsAfter(this.dataSource, this.liveScope(actor), afterEventId, since, limit);
  }

  /** Which of these problems the actor sees (the live stream's filter). */
  visibleIds(actor: Actor, ids: string[]): Promise<Set<string>> {
    return visibleRecordIds(this.dataSource, this.liveScope(actor), ids);
  }

  private liveScope(actor: Actor): RecordScope {
    return {
      aggregate: 'problem',
      table: 'problem',
      alias: 'p',
      scopeSql: (params) => problemScopeSql(actor, params),
    };
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
    const rows: (LinkedTicket & { visible: boolean })[] = await this.dataSource.query(
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
  async visibleIncidentIds(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const params: unknown[] = [ids];
    const scope = incidentScopeSql(actor, params);
    const rows: { id: string }[] = await em.query(
      `SELECT i.id FROM security_incident i WHERE i.id = ANY($1::uuid[]) AND ${scope}`,
      params,
    );
    return rows.map((r) => r.id);
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
    return this.dataSource.query(
      `SELECT i.id, i.number, i.title, i.phase
         FROM problem_incident l JOIN security_incident i ON i.id = l.incident_id
        WHERE l.problem_id = $1 AND ${scope} ORDER BY i.created_at`,
      params,
    );
  }

  async article(articleId: string): Promise<LinkedArticle | null> {
    const [row] = await this.dataSource.query(`SELECT id, title, status FROM kb_article WHERE id = $1`, [
      articleId,
    ]);
    return row ?? null;
  }

  async list(actor: Actor, q: ListProblemsQuery): Promise<ProblemSummary[]> {
    const params: unknown[] = [];
    const where = [problemScopeSql(actor, params)];
    if (q.status) where.push(`p.status = $${params.push(q.status)}`);
    if (q.ticketId)
      where.push(
        `EXISTS (SELECT 1 FROM problem_ticket x WHERE x.problem_id = p.id AND x.ticket_id = $${params.push(q.ticketId)})`,
      );
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(p.number = $${params.push(q.q.trim().toUpperCase())} OR p.title ILIKE $${params.push(like)})`,
      );
    }
    return this.dataSource.query(
      `SELECT p.id, p.number, p.title, p.status, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
              (SELECT count(*)::int FROM problem_ticket x WHERE x.problem_id = p.id) AS "ticketCount"
         FROM problem p WHERE ${where.join(' AND ')}
        ORDER BY p.created_at DESC LIMIT $${params.push(q.limit ?? 50)}`,
      params,
    );
  }

  async timeline(problemId: string): Promise<ProblemTimelineItem[]> {
    return readTimeline(this.dataSource, PROBLEM_TIMELINE, problemId);
  }

  /** The requesters of the problem's open linked tickets, with the numbers of their tickets. */
  async openTicketRequesters(
    em: EntityManager,
    problemId: string,
  ): Promise<{ userId: string; numbers: string[] }[]> {
    return em.query(
      `SELECT t.requester_id AS "userId", array_agg(t.number ORDER BY t.number) AS numbers
         FROM problem_ticket pt JOIN ticket t ON t.id = pt.ticket_id
        WHERE pt.problem_id = $1 AND ${OPEN_TICKET}
        GROUP BY t.requester_id`,
      [problemId],
    );
  }
}
