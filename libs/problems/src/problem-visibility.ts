import { Actor, hasRole, Role } from '@desk/org-auth';

/**
 * Who sees a problem, as SQL for the problem alias `p`: Tier 2 and supervisors see every problem;
 * the Tier 1 technicians and the head of a PD see the problems linked to a ticket of their PD;
 * nobody else sees any. Parameters are appended to `params`.
 */
export function problemScopeSql(actor: Actor, params: unknown[], alias = 'p'): string {
  if (hasRole(actor, Role.Supervisor, Role.Tier2)) return 'TRUE';
  if (hasRole(actor, Role.Tier1, Role.UnitHead))
    return `EXISTS (SELECT 1 FROM problem_ticket pt_s JOIN ticket t_s ON t_s.id = pt_s.ticket_id
                     WHERE pt_s.problem_id = ${alias}.id AND t_s.unit_id = $${params.push(actor.unitId)})`;
  return 'FALSE';
}

/** Who may see any problem at all (and so open the live problem stream). */
export const seesProblems = (actor: Actor): boolean =>
  hasRole(actor, Role.Supervisor, Role.Tier2, Role.Tier1, Role.UnitHead);

/** Tier 2 and supervisors create, edit and move problems. */
export const worksProblems = (actor: Actor): boolean => hasRole(actor, Role.Supervisor, Role.Tier2);
