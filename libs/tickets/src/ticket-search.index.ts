import { sqlExecute, sqlRow } from '@desk/database';
import { toSearchText } from '@desk/text-search';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BindParam,
  CreateScope,
  TicketChangeContext,
  TicketCreatePlan,
  TicketDraft,
  TicketLifecycleHook,
} from './ticket-lifecycle.hook';
import { TicketService } from './ticket.service';

/** The changes that alter what search reads: the text of the ticket and its comments. */
const TEXT_ACTIONS = new Set(['updated', 'commented', 'internal_note']);

/**
 * Keeps `ticket_search` in step with tickets, in the transaction of each write: filing (a CTE of the
 * ticket's single insert), edits of title or description, and comments. Two stemmed documents per
 * ticket: `public_doc` (title, description, public comments) for requesters and PD heads, and
 * `agent_doc` (internal notes too) for agents.
 */
@Injectable()
export class TicketSearchIndex implements TicketLifecycleHook, OnModuleInit {
  constructor(private readonly tickets: TicketService) {}

  onModuleInit(): void {
    this.tickets.registerHook(this);
  }

  planCreate(draft: TicketDraft): TicketCreatePlan {
    if (draft.title === undefined) return {};
    const text = toSearchText(`${draft.title} ${draft.description ?? ''}`);
    return {
      ctes: (bind: BindParam, scope: CreateScope) => {
        const p = bind(text);
        return [
          `${scope.name('search')} AS (INSERT INTO ticket_search (ticket_id, public_doc, agent_doc)
             SELECT id, to_tsvector('simple', ${p}), to_tsvector('simple', ${p}) FROM ${scope.ins})`,
        ];
      },
    };
  }

  async onChange(ctx: TicketChangeContext): Promise<void> {
    if (!TEXT_ACTIONS.has(ctx.action)) return;
    await reindexTicket(ctx.em, ctx.before.id, ctx.after.title, ctx.after.description);
  }
}

/** Rewrites a ticket's two search documents from its text and every comment. */
export async function reindexTicket(
  em: EntityManager,
  ticketId: string,
  title: string,
  description: string,
): Promise<void> {
  const c = await sqlRow<{ pub: string; internal: string }>(
    em,
    `SELECT coalesce(string_agg(body, ' ') FILTER (WHERE NOT internal), '') AS pub,
            coalesce(string_agg(body, ' ') FILTER (WHERE internal), '') AS internal
       FROM ticket_comment WHERE ticket_id = $1`,
    [ticketId],
  );
  // An aggregate without GROUP BY answers one row, also for a ticket without comments.
  const pub = toSearchText(`${title} ${description} ${c?.pub ?? ''}`);
  await sqlExecute(
    em,
    `INSERT INTO ticket_search (ticket_id, public_doc, agent_doc)
     VALUES ($1, to_tsvector('simple', $2), to_tsvector('simple', $2 || ' ' || $3))
     ON CONFLICT (ticket_id) DO UPDATE SET public_doc = EXCLUDED.public_doc, agent_doc = EXCLUDED.agent_doc`,
    [ticketId, pub, toSearchText(c?.internal ?? '')],
  );
}
