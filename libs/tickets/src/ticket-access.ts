import { Actor, hasRole, Role } from '@desk/org-auth';
import type { TicketRow } from './ticket.rows';

type Queue = Pick<TicketRow, 'tier' | 'unitId' | 'teamId'>;

/** Agents working the ticket's queue: its PD's Tier 1 at tier 1, its team at tier 2, supervisors. */
export function canWork(actor: Actor, t: Queue): boolean {
  if (hasRole(actor, Role.Supervisor)) return true;
  if (t.tier === 1) return hasRole(actor, Role.Tier1) && actor.unitId === t.unitId;
  return hasRole(actor, Role.Tier2) && !!t.teamId && actor.teamIds.includes(t.teamId);
}

/**
 * Agents who may reply and add internal notes: those who work the ticket, and the Tier 1 desk of its
 * PD after it was escalated (the desk keeps talking to its own staff while Tier 2 works on it).
 */
export function canComment(actor: Actor, t: Queue): boolean {
  return canWork(actor, t) || (hasRole(actor, Role.Tier1) && actor.unitId === t.unitId);
}
