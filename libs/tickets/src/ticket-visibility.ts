import { Queryable, sqlRows } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';

/**
 * docs/domain.md, "Who sees what", as data: the one definition that both the SQL scope of every ticket
 * query (`ticketScopeSql`) and the live-event filter (`canSeeTicket`) are derived from.
 *
 * Broader scopes make narrower ones redundant (a Tier 1 technician's own tickets belong to their PD),
 * which keeps each scope a single indexable condition for the queue views.
 */
export type TicketScope =
  | { all: true }
  | {
      all: false;
      /** Tier 1 and PD heads: every ticket of their PD. */
      unitId: string | null;
      /** Tier 2 (Dinas): a PD's ticket only once it was escalated (Perbup Barru 9/2019, Pasal 13 ayat 6). */
      escalated: boolean;
      /** Everyone else: the tickets they asked for. */
      requesterId: string | null;
    };

/** What decides whether a ticket is visible, as an outbox event carries it. */
export interface TicketVisibilityFacts {
  unitId: string;
  requesterId: string;
  escalated: boolean;
}

export function ticketScopeOf(actor: Actor): TicketScope {
  if (hasRole(actor, Role.Supervisor)) return { all: true };
  const unit = hasRole(actor, Role.Tier1, Role.UnitHead);
  const escalated = hasRole(actor, Role.Tier2);
  return {
    all: false,
    unitId: unit ? actor.unitId : null,
    escalated,
    requesterId: unit || escalated ? null : actor.id,
  };
}

/** The scope as SQL for the ticket alias `t`; parameters are appended to `params`. */
export function ticketScopeSql(actor: Actor, params: unknown[]): string {
  const scope = ticketScopeOf(actor);
  if (scope.all) return 'TRUE';
  const clauses: string[] = [];
  if (scope.unitId !== null) clauses.push(`t.unit_id = $${params.push(scope.unitId)}`);
  if (scope.escalated) clauses.push('t.escalated_at IS NOT NULL');
  if (scope.requesterId !== null) clauses.push(`t.requester_id = $${params.push(scope.requesterId)}`);
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(' OR ')})`;
}

/** The scope as a predicate over a ticket's visibility facts (the live events, filtered per client). */
export function canSeeTicket(actor: Actor, t: TicketVisibilityFacts): boolean {
  const scope = ticketScopeOf(actor);
  if (scope.all) return true;
  return (
    (scope.unitId !== null && t.unitId === scope.unitId) ||
    (scope.escalated && t.escalated) ||
    (scope.requesterId !== null && t.requesterId === scope.requesterId)
  );
}

/** Of `ids`, the tickets the actor may see (for records that link tickets: changes, problems). */
export async function visibleTicketIds(db: Queryable, actor: Actor, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const params: unknown[] = [ids];
  const scope = ticketScopeSql(actor, params);
  const rows = await sqlRows<{ id: string }>(
    db,
    `SELECT t.id FROM ticket t WHERE t.id = ANY($1::uuid[]) AND ${scope}`,
    params,
  );
  return rows.map((r) => r.id);
}
