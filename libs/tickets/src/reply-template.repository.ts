import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TemplateScope } from './dto/reply-template.dto';

/** A reply template with its owner's name, as read from `reply_template`. */
export interface TemplateRow {
  id: string;
  name: string;
  body: string;
  scope: TemplateScope;
  unitId: string | null;
  teamId: string | null;
  ownerId: string;
  ownerName: string;
  updatedAt: string;
}

/** What a template says and where it belongs, as written. */
export interface TemplateFields {
  name: string;
  body: string;
  scope: TemplateScope;
  unitId: string | null;
  teamId: string | null;
}

const COLUMNS = `rt.id, rt.name, rt.body, rt.scope, rt.unit_id AS "unitId", rt.team_id AS "teamId",
  rt.owner_id AS "ownerId", u.name AS "ownerName", rt.updated_at AS "updatedAt"`;

/**
 * Which templates the caller sees, as SQL on the alias `rt`: supervisors all; others their own, the
 * global ones, their unit's (Tier 1) and their teams' (Tier 2).
 */
export function replyTemplateScopeSql(actor: Actor, params: unknown[]): string {
  if (hasRole(actor, Role.Supervisor)) return 'TRUE';
  const clauses = [`rt.owner_id = $${params.push(actor.id)}`, `rt.scope = 'global'`];
  if (hasRole(actor, Role.Tier1)) clauses.push(`rt.unit_id = $${params.push(actor.unitId)}`);
  if (hasRole(actor, Role.Tier2) && actor.teamIds.length)
    clauses.push(`rt.team_id = ANY($${params.push(actor.teamIds)}::uuid[])`);
  return `(${clauses.join(' OR ')})`;
}

/** Reply templates (`reply_template`), read within the caller's scope. */
@Injectable()
export class ReplyTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The templates the caller sees, by name (at most 500). */
  listVisible(actor: Actor): Promise<TemplateRow[]> {
    const params: unknown[] = [];
    return sqlRows<TemplateRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM reply_template rt JOIN app_user u ON u.id = rt.owner_id
        WHERE ${replyTemplateScopeSql(actor, params)} ORDER BY lower(rt.name), rt.id LIMIT 500`,
      params,
    );
  }

  /** The template when the caller sees it, else null (missing and hidden alike). */
  findVisible(actor: Actor, id: string): Promise<TemplateRow | null> {
    const params: unknown[] = [id];
    return sqlRow<TemplateRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM reply_template rt JOIN app_user u ON u.id = rt.owner_id
        WHERE rt.id = $1 AND ${replyTemplateScopeSql(actor, params)}`,
      params,
    );
  }

  /** The new template's id. */
  async insert(ownerId: string, t: TemplateFields): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      this.dataSource,
      `INSERT INTO reply_template (name, body, scope, owner_id, unit_id, team_id) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id`,
      [t.name, t.body, t.scope, ownerId, t.unitId, t.teamId],
    );
    if (!row) throw new Error('reply_template insert returned no row');
    return row.id;
  }

  async update(id: string, t: TemplateFields): Promise<void> {
    await sqlExecute(
      this.dataSource,
      `UPDATE reply_template SET name = $2, body = $3, scope = $4, unit_id = $5, team_id = $6, updated_at = now()
        WHERE id = $1`,
      [id, t.name, t.body, t.scope, t.unitId, t.teamId],
    );
  }

  async remove(id: string): Promise<void> {
    await sqlExecute(this.dataSource, `DELETE FROM reply_template WHERE id = $1`, [id]);
  }
}
