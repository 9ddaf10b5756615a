import type { DirectoryUser } from '@desk/contracts';
import { sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from './actor';
import { Category } from './entities/category.entity';
import { Desk } from './entities/desk.entity';
import { Region } from './entities/region.entity';
import { TeamMember } from './entities/team-member.entity';
import { Team } from './entities/team.entity';
import { Unit } from './entities/unit.entity';
import { User } from './entities/user.entity';
import { SessionRevocations } from './session-revocations';

export type UserView = Omit<User, 'passwordHash' | 'unit' | 'sessionVersion'> & { teamIds: string[] };

/** The caller behind a token, with what decides whether the token still holds. */
export type ActorRecord = Actor & { active: boolean; sessionVersion: number };

/** What a login checks: the user's password hash, whether they may sign in, their token version. */
export interface Credentials {
  id: string;
  email: string;
  passwordHash: string;
  active: boolean;
  sessionVersion: number;
}

/** Whose users a directory query may return: every unit, or one PD's. Required, never defaulted. */
export type DirectoryScope = 'all' | { unitId: string };

export interface DirectoryFilter {
  q?: string;
  unitId?: string;
  role?: string;
  limit: number;
}

const USER_VIEW_SQL = `
  SELECT u.id, u.name, u.email, u.nip, u.unit_id AS "unitId", u.roles, u.locale, u.active,
         u.phone, u.location_room AS "locationRoom", u.location_floor AS "locationFloor",
         u.created_at AS "createdAt", u.updated_at AS "updatedAt",
         coalesce((SELECT array_agg(tm.team_id ORDER BY tm.team_id) FROM team_member tm WHERE tm.user_id = u.id), '{}') AS "teamIds"
    FROM app_user u`;

/**
 * How long a resolved actor is reused for the requests of one api process. A changed user is
 * forgotten at once in every process (SessionRevocations); this bounds staleness only when Redis
 * pub/sub is down.
 */
const ACTOR_CACHE_MS = 5_000;
const ACTOR_CACHE_MAX = 10_000;

/** Persistence of the organisation: region, units and their desks, teams, categories, users. */
@Injectable()
export class OrgRepository {
  private readonly actors = new Map<string, { actor: ActorRecord; until: number }>();
  /** A PD's desk is created with the PD and never moves: safe to remember. */
  private readonly desks = new Map<string, Desk>();

  constructor(
    private readonly dataSource: DataSource,
    revocations: SessionRevocations,
  ) {
    revocations.onChange((userId) => (userId === null ? this.actors.clear() : this.actors.delete(userId)));
  }

  private em(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  region(): Promise<Region | null> {
    return this.dataSource.getRepository(Region).findOneBy({ id: 1 });
  }

  async saveRegion(region: Omit<Region, 'id' | 'updatedAt'>, em?: EntityManager): Promise<void> {
    await this.em(em)
      .getRepository(Region)
      .upsert({ id: 1, ...region }, ['id']);
  }

  listUnits(): Promise<Unit[]> {
    return this.dataSource.getRepository(Unit).find({ order: { kind: 'ASC', name: 'ASC' } });
  }

  findUnit(id: string, em?: EntityManager): Promise<Unit | null> {
    return this.em(em).getRepository(Unit).findOneBy({ id });
  }

  findUnitByCode(code: string): Promise<Unit | null> {
    return this.dataSource.getRepository(Unit).findOneBy({ code });
  }

  async insertUnit(em: EntityManager, unit: Partial<Unit>): Promise<Unit> {
    return em.getRepository(Unit).save(em.getRepository(Unit).create(unit));
  }

  async updateUnit(em: EntityManager, id: string, patch: Partial<Unit>): Promise<void> {
    await em.getRepository(Unit).update({ id }, patch);
  }

  async saveDesk(em: EntityManager, unitId: string, name: string): Promise<void> {
    await em.getRepository(Desk).upsert({ unitId, name }, ['unitId']);
  }

  async findDeskByUnit(unitId: string, em?: EntityManager): Promise<Desk | null> {
    const known = this.desks.get(unitId);
    if (known) return known;
    const desk = await this.em(em).getRepository(Desk).findOneBy({ unitId });
    if (desk) this.desks.set(unitId, desk);
    return desk;
  }

  listTeams(): Promise<Team[]> {
    return this.dataSource.getRepository(Team).find({ order: { name: 'ASC' } });
  }

  /** Whether a team exists (escalation targets, work queues), in the caller's transaction when given. */
  teamExists(id: string, em?: EntityManager): Promise<boolean> {
    return this.em(em).getRepository(Team).existsBy({ id });
  }

  findTeam(id: string): Promise<Team | null> {
    return this.dataSource.getRepository(Team).findOneBy({ id });
  }

  insertTeam(team: Partial<Team>, em?: EntityManager): Promise<Team> {
    const repo = this.em(em).getRepository(Team);
    return repo.save(repo.create(team));
  }

  async updateTeam(id: string, patch: Partial<Pick<Team, 'code' | 'name' | 'security'>>): Promise<void> {
    if (Object.keys(patch).length) await this.dataSource.getRepository(Team).update({ id }, patch);
  }

  /** Active and inactive members of a team, by name. */
  async listTeamMembers(teamId: string, em?: EntityManager): Promise<UserView[]> {
    return sqlRows<UserView>(
      this.em(em),
      `${USER_VIEW_SQL} WHERE u.id IN (SELECT tm.user_id FROM team_member tm WHERE tm.team_id = $1) ORDER BY u.name`,
      [teamId],
    );
  }

  async countTeams(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const row = await sqlRow<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM team WHERE id = ANY($1)`,
      [ids],
    );
    return row?.n ?? 0;
  }

  listCategories(): Promise<Category[]> {
    return this.dataSource.getRepository(Category).find({ order: { name: 'ASC' } });
  }

  findCategory(id: string): Promise<Category | null> {
    return this.dataSource.getRepository(Category).findOneBy({ id });
  }

  insertCategory(category: Partial<Category>, em?: EntityManager): Promise<Category> {
    const repo = this.em(em).getRepository(Category);
    return repo.save(repo.create(category));
  }

  async updateCategory(
    id: string,
    patch: Partial<Pick<Category, 'code' | 'name' | 'teamId'>>,
  ): Promise<void> {
    if (Object.keys(patch).length) await this.dataSource.getRepository(Category).update({ id }, patch);
  }

  async listUsers(filter: { unitId?: string; role?: string }): Promise<UserView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.unitId) where.push(`u.unit_id = $${params.push(filter.unitId)}`);
    if (filter.role) where.push(`$${params.push(filter.role)} = ANY(u.roles)`);
    return sqlRows<UserView>(
      this.dataSource,
      `${USER_VIEW_SQL} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.name LIMIT 2000`,
      params,
    );
  }

  /**
   * Active users by name, within what the caller may see (`scope`: every unit, or one PD). Only the
   * directory's columns are selected, so hashes and NIPs cannot leak through it.
   */
  async listDirectory(scope: DirectoryScope, filter: DirectoryFilter): Promise<DirectoryUser[]> {
    const where = ['u.active'];
    const params: unknown[] = [];
    if (scope !== 'all') where.push(`u.unit_id = $${params.push(scope.unitId)}`);
    if (filter.unitId) where.push(`u.unit_id = $${params.push(filter.unitId)}`);
    if (filter.role) where.push(`$${params.push(filter.role)} = ANY(u.roles)`);
    if (filter.q) {
      // The caller's % and _ are literal characters, not wildcards (backslash is LIKE's escape).
      const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const p = params.push(like);
      where.push(`(u.name ILIKE $${p} OR u.email ILIKE $${p})`);
    }
    return sqlRows<DirectoryUser>(
      this.dataSource,
      `SELECT u.id, u.name, u.email, u.unit_id AS "unitId", un.name AS "unitName", u.roles
         FROM app_user u JOIN unit un ON un.id = u.unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY lower(u.name), u.id
        LIMIT $${params.push(filter.limit)}`,
      params,
    );
  }

  async findUserView(id: string, em?: EntityManager): Promise<UserView | null> {
    return sqlRow<UserView>(this.em(em), `${USER_VIEW_SQL} WHERE u.id = $1`, [id]);
  }

  async findCredentials(email: string): Promise<Credentials | null> {
    return sqlRow<Credentials>(
      this.dataSource,
      `SELECT id, email, password_hash AS "passwordHash", active, session_version AS "sessionVersion"
         FROM app_user WHERE email = $1`,
      [email.toLowerCase()],
    );
  }

  async findCredentialsById(id: string): Promise<Omit<Credentials, 'sessionVersion'> | null> {
    return sqlRow<Omit<Credentials, 'sessionVersion'>>(
      this.dataSource,
      `SELECT id, email, password_hash AS "passwordHash", active FROM app_user WHERE id = $1`,
      [id],
    );
  }

  /** Ends every earlier token of the user (they carry the old version). */
  async bumpSessionVersion(em: EntityManager, id: string): Promise<void> {
    this.actors.delete(id);
    await sqlExecute(em, `UPDATE app_user SET session_version = session_version + 1 WHERE id = $1`, [id]);
  }

  async setPassword(em: EntityManager, id: string, passwordHash: string): Promise<void> {
    this.actors.delete(id);
    await sqlExecute(
      em,
      `UPDATE app_user SET password_hash = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
  }

  /** The actor behind a token, read at most every ACTOR_CACHE_MS per process (hot path: every request). */
  async findActor(id: string): Promise<ActorRecord | null> {
    const now = Date.now();
    const cached = this.actors.get(id);
    if (cached && cached.until > now) return cached.actor;
    const actor = await this.readActor(id);
    if (this.actors.size >= ACTOR_CACHE_MAX) this.actors.clear();
    if (actor) this.actors.set(id, { actor, until: now + ACTOR_CACHE_MS });
    return actor;
  }

  private async readActor(id: string): Promise<ActorRecord | null> {
    return sqlRow<ActorRecord>(
      this.dataSource,
      `SELECT u.id, u.name, u.email, u.unit_id AS "unitId", un.kind AS "unitKind", u.roles, u.locale, u.active,
              u.session_version AS "sessionVersion",
              coalesce((SELECT array_agg(tm.team_id) FROM team_member tm WHERE tm.user_id = u.id), '{}') AS "teamIds"
         FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.id = $1`,
      [id],
    );
  }

  async insertUser(em: EntityManager, user: Partial<User>): Promise<User> {
    const repo = em.getRepository(User);
    return repo.save(repo.create(user));
  }

  /** Drops this process's cached actor of a user whose row another lib changed (language...). */
  forgetActor(id: string): void {
    this.actors.delete(id);
  }

  async updateUser(em: EntityManager, id: string, patch: Partial<User>): Promise<void> {
    this.actors.delete(id);
    if (Object.keys(patch).length) await em.getRepository(User).update({ id }, patch);
  }

  /**
   * A user's own settings: the language, and notification switches merged into the stored ones (a
   * switch not given keeps its value). Callers drop the cached actor after the commit (`forgetActor`).
   */
  async saveSettings(
    em: EntityManager,
    id: string,
    settings: Partial<Pick<User, 'locale' | 'notificationPreferences'>>,
  ): Promise<void> {
    await sqlExecute(
      em,
      `UPDATE app_user SET locale = coalesce($2, locale),
              notification_preferences = notification_preferences || coalesce($3::jsonb, '{}'::jsonb),
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        settings.locale ?? null,
        settings.notificationPreferences ? JSON.stringify(settings.notificationPreferences) : null,
      ],
    );
  }

  async setTeams(em: EntityManager, userId: string, teamIds: string[]): Promise<void> {
    this.actors.delete(userId);
    await em.getRepository(TeamMember).delete({ userId });
    if (teamIds.length)
      await em.getRepository(TeamMember).insert(teamIds.map((teamId) => ({ teamId, userId })));
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.dataSource.getRepository(User).countBy({ email: email.toLowerCase() })) > 0;
  }
}
