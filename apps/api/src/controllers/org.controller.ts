import {
  Actor,
  CreateCategoryDto,
  CreateTeamDto,
  CreateUnitDto,
  CreateUserDto,
  OrgService,
  Role,
  UpdateCategoryDto,
  UpdateTeamDto,
  UpdateUnitDto,
  UpdateUserDto,
  UserDirectoryQuery,
  UserDirectoryView,
} from '@desk/org-auth';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { CurrentActor, Roles } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns, ReturnsList, ReturnsNullable } from '../openapi/contracts';

class ListUsersQuery {
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @IsOptional()
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;
}

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('region')
  @ReturnsNullable('Region')
  region() {
    return this.org.region();
  }

  @Get('units')
  @ReturnsList('Unit')
  listUnits() {
    return this.org.listUnits();
  }

  @Get('units/:id')
  @Returns('Unit')
  getUnit(@Param('id', uuidParam('Unit')) id: string) {
    return this.org.getUnit(id);
  }

  @Roles(Role.Admin)
  @Post('units')
  @Returns('Unit')
  createUnit(@Body() dto: CreateUnitDto) {
    return this.org.createUnit(dto);
  }

  @Roles(Role.Admin)
  @Patch('units/:id')
  @Returns('Unit')
  updateUnit(@Param('id', uuidParam('Unit')) id: string, @Body() dto: UpdateUnitDto) {
    return this.org.updateUnit(id, dto);
  }

  /** Agents need team names for escalation choices, so every signed-in user may list teams. */
  @Get('teams')
  @ReturnsList('Team')
  listTeams() {
    return this.org.listTeams();
  }

  /** Who is in a Tier 2 team: for admins managing teams and for the Dinas working the queues. */
  @Roles(Role.Admin, Role.Supervisor, Role.Tier2)
  @Get('teams/:id/members')
  @ReturnsList('User')
  teamMembers(@CurrentActor() actor: Actor, @Param('id', uuidParam('Team')) id: string) {
    return this.org.teamMembers(actor, id);
  }

  @Roles(Role.Admin)
  @Post('teams')
  @Returns('Team')
  createTeam(@Body() dto: CreateTeamDto) {
    return this.org.createTeam(dto);
  }

  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Change a team (code, name, CSIRT flag); members are set on users (teamIds)',
  })
  @Patch('teams/:id')
  @Returns('Team')
  updateTeam(@Param('id', uuidParam('Team')) id: string, @Body() dto: UpdateTeamDto) {
    return this.org.updateTeam(id, dto);
  }

  /** Requesters pick a category when filing, so every signed-in user may list them. */
  @Get('categories')
  @ReturnsList('Category')
  listCategories() {
    return this.org.listCategories();
  }

  @Roles(Role.Admin)
  @Post('categories')
  @Returns('Category')
  createCategory(@Body() dto: CreateCategoryDto) {
    return this.org.createCategory(dto);
  }

  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Change a category (code, name, route); teamId null removes the route',
  })
  @Patch('categories/:id')
  @Returns('Category')
  updateCategory(@Param('id', uuidParam('Category')) id: string, @Body() dto: UpdateCategoryDto) {
    return this.org.updateCategory(id, dto);
  }

  @Roles(Role.Admin)
  @ApiQuery({ name: 'unitId', required: false })
  @ApiQuery({ name: 'role', required: false, enum: Role })
  @Get('users')
  @ReturnsList('User')
  listUsers(@Query() query: ListUsersQuery) {
    return this.org.listUsers(query);
  }

  /** Declared before `users/:id`, so `directory` is never taken for an id. */
  @Roles(Role.Admin, Role.Supervisor, Role.UnitHead)
  @ApiOperation({
    summary:
      'Active users by name, to pick report recipients (admins, supervisors: everyone; PD heads: their own PD)',
  })
  @Get('users/directory')
  @Returns('UserDirectory')
  userDirectory(
    @CurrentActor() actor: Actor,
    @Query() query: UserDirectoryQuery,
  ): Promise<UserDirectoryView> {
    return this.org.directory(actor, query);
  }

  @Roles(Role.Admin)
  @Get('users/:id')
  @Returns('User')
  getUser(@Param('id', uuidParam('User')) id: string) {
    return this.org.getUser(id);
  }

  @Roles(Role.Admin)
  @Post('users')
  @Returns('User')
  createUser(@Body() dto: CreateUserDto) {
    return this.org.createUser(dto);
  }

  @Roles(Role.Admin)
  @Patch('users/:id')
  @Returns('User')
  updateUser(@Param('id', uuidParam('User')) id: string, @Body() dto: UpdateUserDto) {
    return this.org.updateUser(id, dto);
  }
}
