import { Queryable, sqlRows } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';

/**
 * Who may read incidents, as SQL for the alias `i`: CSIRT and supervisors all of them, anyone else
 * (admins included) only the ones they reported. Every read takes this scope.
 */
export function incidentScopeSql(actor: Actor, params: unknown[]): string {
  if (hasRole(actor, Role.Csirt, Role.Supervisor)) return 'TRUE';
  return `i.reporter_id = $${params.push(actor.id)}`;
}

/** Of `ids`, the incidents the actor may see (links from changes and problems name only these). */
export async function visibleIncidentIds(db: Queryable, actor: Actor, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const params: unknown[] = [ids];
  const scope = incidentScopeSql(actor, params);
  const rows = await sqlRows<{ id: string }>(
    db,
    `SELECT i.id FROM security_incident i WHERE i.id = ANY($1::uuid[]) AND ${scope}`,
    params,
  );
  return rows.map((r) => r.id);
}
