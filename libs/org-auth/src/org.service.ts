import { DomainError, ErrorCode, FieldError } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { Actor, hasRole } from './actor';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { DIRECTORY_LIMIT_DEFAULT, UserDirectoryQuery, UserDirectoryView } from './dto/user-directory.dto';
import { CreateUserDto, UpdateUserDto, UserContactDto } from './dto/user.dto';
import { Category } from './entities/category.entity';
import { Team } from './entities/team.entity';
import { Unit, UnitKind } from './entities/unit.entity';
import { Role, User } from './entities/user.entity';
import { OrgErrors } from './org-auth.errors';
import { DirectoryScope, OrgRepository, UserView } from './org.repository';
import { checkPassword } from './password-policy';
import { PasswordHasher } from './password.hasher';
import { SessionRevocations } from './session-revocations';

const DINAS_ROLES = [Role.Tier2, Role.Csirt, Role.Supervisor];
const PD_ROLES = [Role.Tier1, Role.UnitHead];

export const deskName = (unitName: string) => `Service Desk Tier 1 ${unitName}`;

/** The fields of a partial update that were given: absent (undefined) ones stay as they are. */
const given = <T extends object>(patch: T): Partial<T> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Administration of units (with their Tier 1 desks), teams, categories and users. */
@Injectable()
export class OrgService {
  constructor(
    private readonly repo: OrgRepository,
    private readonly tx: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly revocations: SessionRevocations,
  ) {}

  region() {
    return this.repo.region();
  }

  listUnits(): Promise<Unit[]> {
    return this.repo.listUnits();
  }

  async getUnit(id: string): Promise<Unit> {
    const unit = await this.repo.findUnit(id);
    if (!unit) throw DomainError.notFound('Unit');
    return unit;
  }

  /** Creating a PD creates its Tier 1 desk in the same transaction. */
  async createUnit(dto: CreateUnitDto): Promise<Unit> {
    if (await this.repo.findUnitByCode(dto.code)) throw OrgErrors.duplicate('code', dto.code);
    if (dto.kind === UnitKind.Dinas && (await this.repo.listUnits()).some((u) => u.kind === UnitKind.Dinas)) {
      throw DomainError.invalidField('kind', 'the Dinas already exists; there is exactly one');
    }
    return this.tx.run(async (em) => {
      const unit = await this.repo.insertUnit(em, { ...dto, mandiriTik: dto.mandiriTik ?? false });
      if (unit.kind === UnitKind.Pd) await this.repo.saveDesk(em, unit.id, deskName(unit.name));
      return unit;
    });
  }

  async updateUnit(id: string, dto: UpdateUnitDto): Promise<Unit> {
    const unit = await this.getUnit(id);
    if (dto.kind && dto.kind !== unit.kind)
      throw DomainError.invalidField('kind', 'the kind of a unit cannot change');
    if (dto.code && dto.code !== unit.code && (await this.repo.findUnitByCode(dto.code))) {
      throw OrgErrors.duplicate('code', dto.code);
    }
    await this.tx.run(async (em) => {
      await this.repo.updateUnit(em, id, { code: dto.code, name: dto.name, mandiriTik: dto.mandiriTik });
      if (dto.name && unit.kind === UnitKind.Pd) await this.repo.saveDesk(em, id, deskName(dto.name));
    });
    return this.getUnit(id);
  }

  listTeams(): Promise<Team[]> {
    return this.repo.listTeams();
  }

  /** A team's members; a NIP is shown to admins and to its owner only. */
  async teamMembers(actor: Actor, teamId: string): Promise<UserView[]> {
    if (!(await this.repo.findTeam(teamId))) throw DomainError.notFound('Team');
    const members = await this.repo.listTeamMembers(teamId);
    if (hasRole(actor, Role.Admin)) return members;
    return members.map((m) => (m.id === actor.id ? m : { ...m, nip: null }));
  }

  async createTeam(dto: CreateTeamDto): Promise<Team> {
    const teams = await this.repo.listTeams();
    if (teams.some((t) => t.code === dto.code)) throw OrgErrors.duplicate('code', dto.code);
    if (dto.security && teams.some((t) => t.security)) throw OrgErrors.securityTeamExists();
    return this.write(dto, () => this.repo.insertTeam({ ...dto, security: dto.security ?? false }));
  }

  /** Code, name and the CSIRT flag; there stays at most one security team (clear the old one first). */
  async updateTeam(id: string, dto: UpdateTeamDto): Promise<Team> {
    const teams = await this.repo.listTeams();
    if (!teams.some((t) => t.id === id)) throw DomainError.notFound('Team');
    if (dto.code !== undefined && teams.some((t) => t.code === dto.code && t.id !== id))
      throw OrgErrors.duplicate('code', dto.code);
    if (dto.security && teams.some((t) => t.security && t.id !== id)) throw OrgErrors.securityTeamExists();
    await this.write(dto, () =>
      this.repo.updateTeam(id, given({ code: dto.code, name: dto.name, security: dto.security })),
    );
    return (await this.repo.findTeam(id))!;
  }

  listCategories(): Promise<Category[]> {
    return this.repo.listCategories();
  }

  async createCategory(dto: CreateCategoryDto): Promise<Category> {
    if ((await this.repo.listCategories()).some((c) => c.code === dto.code))
      throw OrgErrors.duplicate('code', dto.code);
    if (!(await this.repo.findTeam(dto.teamId))) throw OrgErrors.teamNotFound();
    return this.write(dto, () => this.repo.insertCategory(dto));
  }

  /**
   * Code, name and route. A new route applies to escalations from then on (the route is read when a
   * ticket is escalated); tickets already at Tier 2 stay with their team.
   */
  async updateCategory(id: string, dto: UpdateCategoryDto): Promise<Category> {
    const categories = await this.repo.listCategories();
    if (!categories.some((c) => c.id === id)) throw DomainError.notFound('Category');
    if (dto.code !== undefined && categories.some((c) => c.code === dto.code && c.id !== id))
      throw OrgErrors.duplicate('code', dto.code);
    if (dto.teamId && !(await this.repo.findTeam(dto.teamId))) throw OrgErrors.teamNotFound();
    await this.write(dto, () =>
      this.repo.updateCategory(id, given({ code: dto.code, name: dto.name, teamId: dto.teamId })),
    );
    return (await this.repo.findCategory(id))!;
  }

  /**
   * Runs a team or category write, naming the field of a unique or foreign key that a concurrent
   * admin's change made it hit after the checks (409 for a taken code, 400 otherwise), not a 500.
   */
  private async write<T>(dto: { code?: string }, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const constraint = (error as { constraint?: string }).constraint;
      if (!(error instanceof QueryFailedError)) throw error;
      if (constraint === 'team_code_key' || constraint === 'category_code_key')
        throw OrgErrors.duplicate('code', dto.code ?? '');
      if (constraint === 'team_single_security_idx') throw OrgErrors.securityTeamExists();
      if (constraint === 'category_team_id_fkey') throw OrgErrors.teamNotFound();
      throw error;
    }
  }

  listUsers(filter: { unitId?: string; role?: string } = {}): Promise<UserView[]> {
    return this.repo.listUsers(filter);
  }

  /**
   * The read-only directory managers pick report recipients from: admins and supervisors see every
   * active user, a PD head the active users of their own PD (another PD's unitId is 403).
   */
  async directory(actor: Actor, query: UserDirectoryQuery): Promise<UserDirectoryView> {
    let scope: DirectoryScope;
    if (hasRole(actor, Role.Admin, Role.Supervisor)) scope = 'all';
    else if (hasRole(actor, Role.UnitHead)) {
      if (query.unitId && query.unitId !== actor.unitId) throw OrgErrors.directoryOtherPd();
      scope = { unitId: actor.unitId };
    } else throw OrgErrors.directoryRoles();
    const items = await this.repo.listDirectory(scope, {
      q: query.q || undefined,
      unitId: query.unitId,
      role: query.role,
      limit: query.limit ?? DIRECTORY_LIMIT_DEFAULT,
    });
    return { items };
  }

  async getUser(id: string): Promise<UserView> {
    const user = await this.repo.findUserView(id);
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  async createUser(dto: CreateUserDto): Promise<UserView> {
    if (await this.repo.emailTaken(dto.email)) throw OrgErrors.duplicate('email', dto.email);
    await this.checkPlacement(dto.unitId, dto.roles, dto.teamIds ?? []);
    checkPassword(dto.password, dto.email);
    const passwordHash = await this.hasher.hash(dto.password);
    const id = await this.tx.run(async (em) => {
      const user = await this.repo.insertUser(em, {
        name: dto.name,
        email: dto.email.toLowerCase(),
        passwordHash,
        nip: dto.nip ?? null,
        unitId: dto.unitId,
        roles: dto.roles,
        locale: dto.locale ?? 'id',
        ...contactPatch(dto),
      });
      await this.repo.setTeams(em, user.id, dto.teamIds ?? []);
      return user.id;
    });
    return this.getUser(id);
  }

  async updateUser(id: string, dto: UpdateUserDto): Promise<UserView> {
    const current = await this.getUser(id);
    await this.checkPlacement(
      dto.unitId ?? current.unitId,
      dto.roles ?? current.roles,
      dto.teamIds ?? current.teamIds,
    );
    if (dto.password) checkPassword(dto.password, current.email);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    const rolesChanged =
      dto.roles !== undefined &&
      [...new Set(dto.roles)].sort().join() !== [...new Set(current.roles)].sort().join();
    // A new password, a deactivation or other roles end the user's earlier sessions.
    const endSessions = !!passwordHash || dto.active === false || rolesChanged;
    await this.tx.run(async (em) => {
      const patch = {
        name: dto.name,
        nip: dto.nip,
        unitId: dto.unitId,
        roles: dto.roles,
        locale: dto.locale,
        active: dto.active,
        passwordHash,
        ...contactPatch(dto),
      };
      await this.repo.updateUser(
        em,
        id,
        Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      );
      if (dto.teamIds) await this.repo.setTeams(em, id, dto.teamIds);
      if (endSessions) await this.repo.bumpSessionVersion(em, id);
    });
    await this.revocations.announce(id);
    return this.getUser(id);
  }

  /** A user's own phone and location (the profile page). */
  async updateContact(userId: string, dto: UserContactDto): Promise<UserView> {
    await this.tx.run((em) => this.repo.updateUser(em, userId, contactPatch(dto)));
    return this.getUser(userId);
  }

  /** Tier 2, CSIRT and supervisors work at the Dinas; Tier 1 and PD heads at a PD. */
  private async checkPlacement(unitId: string, roles: Role[], teamIds: string[]): Promise<void> {
    const errors: FieldError[] = [];
    const unit = await this.repo.findUnit(unitId);
    if (!unit) errors.push({ field: 'unitId', message: 'unit not found' });
    else {
      const misplaced = roles.filter((r) =>
        unit.kind === UnitKind.Pd ? DINAS_ROLES.includes(r) : PD_ROLES.includes(r),
      );
      if (misplaced.length) {
        errors.push({
          field: 'roles',
          message: `${misplaced.join(', ')} cannot belong to a ${unit.kind === UnitKind.Pd ? 'PD' : 'the Dinas'}`,
        });
      }
    }
    if (teamIds.length && (await this.repo.countTeams(teamIds)) !== teamIds.length) {
      errors.push({ field: 'teamIds', message: 'one or more teams not found' });
    }
    if (teamIds.length && !roles.some((r) => r === Role.Tier2 || r === Role.Csirt)) {
      errors.push({ field: 'teamIds', message: 'only tier2 or csirt users can be team members' });
    }
    if (errors.length) throw new DomainError(ErrorCode.Validation, 'Invalid user placement', { errors });
  }
}

/** The contact fields given, empty strings stored as null. */
function contactPatch(dto: UserContactDto): Partial<Pick<User, 'phone' | 'locationRoom' | 'locationFloor'>> {
  const patch: Partial<Pick<User, 'phone' | 'locationRoom' | 'locationFloor'>> = {};
  for (const field of ['phone', 'locationRoom', 'locationFloor'] as const) {
    if (dto[field] !== undefined) patch[field] = dto[field] || null;
  }
  return patch;
}
