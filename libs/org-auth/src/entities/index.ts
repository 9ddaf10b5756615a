export * from './category.entity';
export * from './desk.entity';
export * from './password-reset.entity';
export * from './region.entity';
export * from './team-member.entity';
export * from './team.entity';
export * from './unit.entity';
export * from './user.entity';

import { Category } from './category.entity';
import { Desk } from './desk.entity';
import { PasswordReset } from './password-reset.entity';
import { Region } from './region.entity';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';
import { Unit } from './unit.entity';
import { User } from './user.entity';

export const ORG_ENTITIES = [Region, Unit, Desk, Team, TeamMember, Category, User, PasswordReset];
