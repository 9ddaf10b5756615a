import { EntityManager } from 'typeorm';
import type { TicketPatch, TicketRow } from './ticket.rows';

/** What a hook knows about a ticket being filed (it has no id yet: the insert makes it). */
export interface TicketDraft {
  kind: string;
  priority: string;
  unitId: string;
  deskId: string;
  categoryId: string | null;
  now: Date;
  /** The ticket's text (the search index stems it). */
  title?: string;
  description?: string;
}

/** Binds a value as a parameter of the insert statement and returns its placeholder (`$18`). */
export type BindParam = (value: unknown) => string;

/**
 * One ticket's place in a filing statement that may file several (the filing batcher's group
 * commit): `ins` names the CTE holding that ticket's new row alone, `name` makes a CTE name unique
 * to it (`name('search')` -> `search_3`).
 */
export interface CreateScope {
  ins: string;
  name(cte: string): string;
}

/** A hook's data-modifying CTEs for one ticket being filed. */
export type CreateCtes = (bind: BindParam, scope: CreateScope) => string[];

export interface TicketCreatePlan {
  /** Ticket columns to write instead of the defaults (SLA due times). */
  columns?: { responseDueAt?: Date; resolutionDueAt?: Date; queueDueAt?: Date };
  /**
   * Extra data-modifying CTEs of the ticket's insert statement, so filing stays one round trip:
   * each is `${scope.name('x')} AS (INSERT ... SELECT ... FROM ${scope.ins})`, where `scope.ins` is
   * this ticket's new row (id, number, unit_id, priority, requester_id, created_by_id, created_at).
   */
  ctes?: CreateCtes;
}

export interface TicketChangeContext {
  em: EntityManager;
  /** The locked row before the change. */
  before: TicketRow;
  /** The row as it will be written (before + patch, with earlier hooks' columns). */
  after: TicketRow;
  /** The action name as audited (`claim`, `resolve`, `escalated`, `commented`, `auto_closed`...). */
  action: string;
  actorId: string | null;
  now: Date;
}

/**
 * Lets a higher lib (the SLA engine) take part in every ticket change without tickets importing it.
 * Hooks run inside the change's transaction, after the change is decided and before it is written,
 * and may return extra ticket columns (due times, `queueDueAt`, `autoCloseAt`) that are written with it.
 */
export interface TicketLifecycleHook {
  planCreate?(draft: TicketDraft): TicketCreatePlan | Promise<TicketCreatePlan>;
  onChange?(ctx: TicketChangeContext): Promise<TicketPatch | void>;
}
