import type { Me, RoleName, Ticket } from '@desk/contracts';

export const hasRole = (me: Pick<Me, 'roles'> | null | undefined, ...roles: RoleName[]): boolean =>
  !!me && me.roles.some((r) => roles.includes(r));

/** Mirrors the api: who may see problems at all (and open the live problem stream). */
export const seesProblems = (me: Me | null | undefined): boolean =>
  hasRole(me, 'tier1', 'unit_head', 'tier2', 'supervisor');

/** Agents work queues: Tier 1, Tier 2, CSIRT, supervisors. */
export const isAgent = (me: Me | null | undefined): boolean =>
  hasRole(me, 'tier1', 'tier2', 'csirt', 'supervisor');

/** Mirrors the api's canWork: who may act on a ticket as an agent (the api decides; this only hides buttons). */
export function canWork(me: Me | null | undefined, t: Pick<Ticket, 'tier' | 'unit' | 'team'>): boolean {
  if (!me) return false;
  if (hasRole(me, 'supervisor')) return true;
  if (t.tier === 1) return hasRole(me, 'tier1') && me.unitId === t.unit.id;
  return hasRole(me, 'tier2') && !!t.team && me.teamIds.includes(t.team.id);
}

/** Mirrors the api's canComment: workers, and the PD's Tier 1 desk after escalation (replies, internal notes). */
export function canComment(me: Me | null | undefined, t: Pick<Ticket, 'tier' | 'unit' | 'team'>): boolean {
  return canWork(me, t) || (!!me && hasRole(me, 'tier1') && me.unitId === t.unit.id);
}

/** Open statuses a requester sees as "with the Dinas" while Tier 2 has the ticket. */
const AT_DINAS = ['new', 'assigned', 'in_progress'];

/** The status to show: a requester sees "Ditangani Dinas" rather than "Baru" once the ticket is at Tier 2. */
export function shownStatus(
  me: Me | null | undefined,
  t: Pick<Ticket, 'tier' | 'status'>,
): Ticket['status'] | 'with_dinas' {
  return !isAgent(me) && t.tier === 2 && AT_DINAS.includes(t.status) ? 'with_dinas' : t.status;
}

/** Where each kind of user starts. */
export function homePath(me: Me): string {
  if (hasRole(me, 'tier1', 'tier2', 'csirt', 'supervisor')) return '/workspace';
  if (hasRole(me, 'unit_head')) return '/dashboard';
  if (hasRole(me, 'admin') && !hasRole(me, 'requester')) return '/admin';
  return '/tickets';
}
