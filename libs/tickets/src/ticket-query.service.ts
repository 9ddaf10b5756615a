import { Clock, DomainError, JsonText, jsonText } from '@desk/common';
import { Actor, isAgent, RegionService } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { HistoryLine, historyText, reasonText } from './history-text';
import { TicketListQuery } from './ticket-list.query';
import { TicketRepository } from './ticket.repository';
import { TicketFilter, TicketViewRow } from './ticket.rows';
import { ticketViewJson } from './ticket-view.json';
import { TicketPage, TicketView } from './ticket.view';
import { toTicketView } from './ticket-view.mapper';
import { TicketErrors } from './tickets.errors';

/** Reading tickets per visibility: the listing with its cursor, one ticket, its audit trail. */
@Injectable()
export class TicketQueryService {
  constructor(
    private readonly repo: TicketRepository,
    private readonly lists: TicketListQuery,
    private readonly region: RegionService,
    private readonly clock: Clock,
  ) {}

  /**
   * A page as objects, through the object mapping (`toTicketView`). The API answers `listJson`;
   * this is the reference `read-json.int-spec.ts` compares that text with.
   */
  async list(actor: Actor, query: ListTicketsQuery): Promise<TicketPage> {
    const { filter, limit } = this.filterOf(actor, query);
    const rows = await this.lists.list(actor, filter);
    const page = rows.slice(0, limit);
    const now = this.clock.now();
    const agent = isAgent(actor);
    return {
      items: page.map((r) => toTicketView(r, now, agent)),
      nextCursor: nextCursorOf(rows, filter),
    };
  }

  /**
   * The same page as `list`, as the JSON text the API answers (`ticketViewJson`): the rows' times
   * stay text and the view is written straight as JSON, without building objects to stringify.
   */
  async listJson(actor: Actor, query: ListTicketsQuery): Promise<JsonText<TicketPage>> {
    const { filter, limit } = this.filterOf(actor, query);
    const rows = await this.lists.listText(actor, filter);
    const now = this.clock.now();
    const agent = isAgent(actor);
    let items = '';
    for (let i = 0; i < rows.length && i < limit; i++)
      items += (i ? ',' : '') + ticketViewJson(rows[i], now, agent);
    return jsonText<TicketPage>(
      `{"items":[${items}],"nextCursor":${JSON.stringify(nextCursorOf(rows, filter))}}`,
    );
  }

  /** `get` as the JSON text the API answers (see `listJson`). */
  async getJson(actor: Actor, id: string): Promise<JsonText<TicketView>> {
    const row = await this.repo.findVisibleText(actor, id);
    if (!row) throw TicketErrors.notFound();
    return jsonText<TicketView>(ticketViewJson(row, this.clock.now(), isAgent(actor)));
  }

  private filterOf(actor: Actor, query: ListTicketsQuery): { filter: TicketFilter; limit: number } {
    if (query.createdFrom && query.createdTo && query.createdFrom > query.createdTo)
      throw DomainError.invalidField('createdTo', 'createdTo must not be before createdFrom');
    const limit = query.limit ?? 25;
    const sort = query.sort ?? 'created';
    const filter: TicketFilter = {
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
    };
    return { filter, limit };
  }

  async get(actor: Actor, id: string): Promise<TicketView> {
    return toTicketView(await this.visibleOrThrow(actor, id), this.clock.now(), isAgent(actor));
  }

  /** A ticket by its number (`TIK-2026-000033`), per visibility: 404 when absent, hidden or malformed. */
  async getByNumber(actor: Actor, number: string): Promise<TicketView> {
    const normalised = number.trim().toUpperCase();
    if (!/^TIK-\d{4}-\d{6,9}$/.test(normalised)) throw TicketErrors.notFound();
    const id = await this.repo.findVisibleIdByNumber(actor, normalised);
    if (!id) throw TicketErrors.notFound();
    return this.get(actor, id);
  }

  /** The ticket as the actor may see it; 404 when it is absent or hidden (the same answer). */
  async visibleOrThrow(actor: Actor, id: string, em?: EntityManager): Promise<TicketViewRow> {
    const row = await this.repo.findVisible(actor, id, em);
    if (!row) throw TicketErrors.notFound();
    return row;
  }

  /** The audit trail, for agents, each line also as a sentence in the reader's language. */
  async history(actor: Actor, id: string) {
    await this.visibleOrThrow(actor, id);
    if (!isAgent(actor)) throw TicketErrors.notAllowed('read the history');
    const timezone = await this.region.timezone();
    const locale = actor.locale === 'en' ? 'en' : 'id';
    const rows: HistoryLine[] = await this.repo.history(id);
    // System reasons and times are rendered too, in the region's time zone.
    return rows.map((e) => ({
      ...e,
      text: historyText(e, locale, timezone),
      reasonText: e.reason ? reasonText(e.reason, locale, timezone) : null,
    }));
  }
}

/**
 * A cursor's key is PostgreSQL's text form of a timestamptz, e.g. `2026-11-17 23:58:32.556547+00`
 * (`Date.parse` refuses the short `+00` offset, which broke page 2 of every listing).
 */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** The cursor of the page after this one: `rows` holds one row more than the page when there is one. */
function nextCursorOf(
  rows: { id: string; dueKey: string; createdKey: string }[],
  { limit, sort }: TicketFilter,
): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last
    ? encodeCursor(sort, sort === 'due' ? last.dueKey : last.createdKey, last.id)
    : null;
}

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
