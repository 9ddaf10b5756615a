import { Actor, hasRole, Role } from '@desk/org-auth';

/**
 * docs/domain.md, "Who sees what" as SQL: the tickets an actor may see, for the ticket alias `t`. Every ticket query
 * takes this scope, so no endpoint can forget it. Parameters are appended to `params`.
 *
 * Broader scopes make narrower ones redundant (a Tier 1 technician's own tickets belong to their PD),
 * which keeps each scope a single indexable condition for the queue views.
 */
export function ticketScopeSql(actor: Actor, params: unknown[]): string {
  if (hasRole(actor, Role.Supervisor)) return 'TRUE';
  const clauses: string[] = [];
  if (hasRole(actor, Role.Tier1, Role.UnitHead)) clauses.push(`t.unit_id = $${params.push(actor.unitId)}`);
  // Dinas sees a PD's ticket only once it was escalated (Perbup Barru 9/2019, Pasal 13 ayat 6).
  if (hasRole(actor, Role.Tier2)) clauses.push('t.escalated_at IS NOT NULL');
  if (!clauses.length) clauses.push(`t.requester_id = $${params.push(actor.id)}`);
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(' OR ')})`;
}

/** Of `ids`, the tickets the actor may see (for records that link tickets: changes, problems). */
export async function visibleTicketIds(
  em: { query(sql: string, params: unknown[]): Promise<{ id: string }[]> },
  actor: Actor,
  ids: string[],
): Promise<string[]> {
  if (!ids.length) return [];
  const params: unknown[] = [ids];
  const scope = ticketScopeSql(actor, params);
  const rows = await em.query(`SELECT t.id FROM ticket t WHERE t.id = ANY($1::uuid[]) AND ${scope}`, params);
  return rows.map((r) => r.id);
}
