import { preparedQuery, sqlRows } from '@desk/database';
import { toTsQuery } from '@desk/text-search';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketStatus } from './entities/ticket.entity';
import { OPEN_STATUSES } from './ticket-transitions';
import { TicketFilter, TicketViewRow, VIEW_COLUMNS, VIEW_JOINS } from './ticket.rows';
import type { TicketTextRow } from './ticket-view.json';
import { ticketScopeSql } from './ticket-visibility';

const STATUSES = new Set<string>(Object.values(TicketStatus));

/** The ticket lists (queues, "my tickets", search): one filtered, keyset-paged read in the caller's scope. */
@Injectable()
export class TicketListQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, f: TicketFilter): Promise<TicketViewRow[]> {
    const { text, params } = listSql(actor, f);
    // Prepared (planned once per connection; the queue views are every agent's most frequent read)
    // unless it is a text search, whose cost depends on the words searched for.
    return f.q?.trim()
      ? sqlRows<TicketViewRow>(this.dataSource, text, params)
      : preparedQuery<TicketViewRow>(this.dataSource, text, params);
  }

  /** The same list with its timestamps as PostgreSQL's text, for `ticketViewJson` (the API's answer). */
  async listText(actor: Actor, f: TicketFilter): Promise<TicketTextRow[]> {
    const { text, params } = listSql(actor, f);
    return preparedQuery<TicketTextRow>(this.dataSource, text, params, {
      timesAsText: true,
      prepare: !f.q?.trim(),
    });
  }
}

/** The list's statement: its filters in the caller's scope, keyset-paged. */
function listSql(actor: Actor, f: TicketFilter) {
  const params: unknown[] = [];
  const where = [ticketScopeSql(actor, params)];
  if (f.statuses?.length) {
    const statuses = [...new Set(f.statuses.flatMap((s) => (s === 'open' ? OPEN_STATUSES : [s])))];
    if (statuses.every((s) => STATUSES.has(s))) {
      // Known names only, written as constants: a plan made once for the prepared statement then
      // still knows which statuses (and so which partial indexes: the open queue) it reads.
      const set = `(${statuses.map((s) => `'${s}'`).join(', ')})`;
      where.push(`t.status IN ${set}`);
      // The open-ticket queue indexes are partial on exactly this list.
      if (statuses.every((s) => OPEN_STATUSES.includes(s as TicketStatus)) && statuses.length < 4)
        where.push(`t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    } else where.push(`t.status = ANY($${params.push(statuses)})`);
  }
  if (f.tier) where.push(`t.tier = $${params.push(f.tier)}`);
  if (f.unitId) where.push(`t.unit_id = $${params.push(f.unitId)}`);
  if (f.teamId) where.push(`t.team_id = $${params.push(f.teamId)}`);
  if (f.kind) where.push(`t.kind = $${params.push(f.kind)}`);
  if (f.priority) where.push(`t.priority = $${params.push(f.priority)}`);
  if (f.assigneeId === null) where.push('t.assignee_id IS NULL');
  else if (f.assigneeId) where.push(`t.assignee_id = $${params.push(f.assigneeId)}`);
  if (f.breached !== undefined) {
    // Overdue by the clock the queue runs on (Tier 2 pick-up included; pending and closed tickets
    // have none), the same rule as the breached count of GET /queues.
    const now = `$${params.push(f.now)}`;
    where.push(f.breached ? `t.queue_due_at < ${now}` : `t.queue_due_at >= ${now}`);
  }
  if (f.categoryId) where.push(`t.category_id = $${params.push(f.categoryId)}`);
  if (f.requesterId) where.push(`t.requester_id = $${params.push(f.requesterId)}`);
  if (f.createdFrom) where.push(`t.created_at >= $${params.push(f.createdFrom)}`);
  if (f.createdTo) where.push(`t.created_at < $${params.push(f.createdTo)}`);
  if (f.q?.trim()) where.push(searchSql(f.q, !!f.searchAgentText, params));
  let order: string;
  if (f.sort === 'due') {
    if (f.after)
      where.push(
        `(t.queue_due_at, t.id) > ($${params.push(f.after.key)}::timestamptz, $${params.push(f.after.id)}::uuid)`,
      );
    order = 't.queue_due_at ASC, t.id ASC';
  } else {
    if (f.after)
      where.push(
        `(t.created_at, t.id) < ($${params.push(f.after.key)}::timestamptz, $${params.push(f.after.id)}::uuid)`,
      );
    order = 't.created_at DESC, t.id DESC';
  }
  // The limit (a validated integer) is a constant too: a plan made for an unknown limit assumes a
  // tenth of the rows and may sort the whole queue instead of reading its index in order.
  const limit = Math.trunc(f.limit) + 1;
  if (!Number.isSafeInteger(limit) || limit < 2) throw new Error(`bad list limit ${f.limit}`);
  const text = `SELECT ${VIEW_COLUMNS} FROM ticket t ${VIEW_JOINS}
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`;
  return { text, params };
}

/**
 * The search condition of `q`: the ticket number (`TIK-2026-000033`, or its last digits `000033` /
 * `33`), or the stemmed words in the ticket's search document (`ticket_search`, GIN-indexed; agents'
 * documents include internal notes). Only this path touches the search table.
 */
function searchSql(raw: string, agent: boolean, params: unknown[]): string {
  const q = raw.trim();
  const ors: string[] = [];
  const upper = q.toUpperCase();
  if (/^TIK-\d{4}-\d{1,9}$/.test(upper)) ors.push(`t.number = $${params.push(upper)}`);
  else if (/^\d{1,9}$/.test(q)) {
    const digits = q.length < 6 ? q.padStart(6, '0') : q;
    ors.push(`t.number LIKE $${params.push(`TIK-____-${digits}`)}`);
  }
  const query = toTsQuery(q, { prefixLast: true });
  if (query) {
    const doc = agent ? 's.agent_doc' : 's.public_doc';
    ors.push(
      `EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id AND ${doc} @@ to_tsquery('simple', $${params.push(query)}))`,
    );
  }
  return ors.length ? `(${ors.join(' OR ')})` : 'FALSE';
}
