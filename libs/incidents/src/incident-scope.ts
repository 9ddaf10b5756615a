import { visibleRecordIds } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Who may read incidents, as SQL for the alias `i`: CSIRT and supervisors all of them, anyone else
 * (admins included) only the ones they reported. Every read takes this scope.
 */
export function incidentScopeSql(actor: Actor, params: unknown[]): string {
  if (hasRole(actor, Role.Csirt, Role.Supervisor)) return 'TRUE';
  return `i.reporter_id = $${params.push(actor.id)}`;
}

/** Of `ids`, the incidents the actor may see (links from changes and problems name only these). */
export async function visibleIncidentIds(
  db: DataSource | EntityManager,
  actor: Actor,
  ids: string[],
): Promise<string[]> {
  const scope = { aggregate: 'incident', table: 'security_incident', alias: 'i' };
  return [...(await visibleRecordIds(db, { ...scope, scopeSql: (p) => incidentScopeSql(actor, p) }, ids))];
}
