import { UnitKind } from './entities/unit.entity';
import { Role } from './entities/user.entity';

/** The authenticated caller: every service call and every scoped query takes one. */
export interface Actor {
  id: string;
  name: string;
  email: string;
  unitId: string;
  unitKind: UnitKind;
  roles: Role[];
  teamIds: string[];
  locale: string;
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  roles.some((r) => actor.roles.includes(r));

/** Agents work tickets: Tier 1 at their PD, Tier 2 at the Dinas, supervisors everywhere. */
export const isAgent = (actor: Actor): boolean => hasRole(actor, Role.Tier1, Role.Tier2, Role.Supervisor);
