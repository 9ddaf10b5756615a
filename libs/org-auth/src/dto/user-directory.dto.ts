import type { DirectoryUser, RoleName, UserDirectory } from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Role } from '../entities/user.entity';

export const DIRECTORY_LIMIT_DEFAULT = 20;
export const DIRECTORY_LIMIT_MAX = 50;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const int = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
const limitMessage = `limit must be an integer from 1 to ${DIRECTORY_LIMIT_MAX}`;

/** Query of `GET /users/directory`: who managers pick as report recipients. */
export class UserDirectoryQuery {
  @ApiPropertyOptional({ description: 'Part of the name or email, any case', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One unit (a PD head: their own PD only)' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ minimum: 1, maximum: DIRECTORY_LIMIT_MAX, default: DIRECTORY_LIMIT_DEFAULT })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: limitMessage })
  @Min(1, { message: limitMessage })
  @Max(DIRECTORY_LIMIT_MAX, { message: limitMessage })
  limit?: number;
}

/** An active user as the directory shows them: no password hash, NIP, locale or team list. */
export class DirectoryUserView implements DirectoryUser {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'dr. H. Abdul Rahman, M.Kes.' })
  name: string;

  @ApiProperty({ example: 'kepala@demo.go.id' })
  email: string;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty({ example: 'Dinas Kesehatan' })
  unitName: string;

  @ApiProperty({ enum: Role, isArray: true })
  roles: RoleName[];
}

export class UserDirectoryView implements UserDirectory {
  @ApiProperty({ type: [DirectoryUserView], description: 'Sorted by name' })
  items: DirectoryUserView[];
}
