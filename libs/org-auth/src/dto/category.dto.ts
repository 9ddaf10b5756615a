import type { CategoryUpdate } from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';
import { IsOrgCode, IsOrgName, WhenGiven } from './org-fields';

export class CreateCategoryDto {
  @ApiProperty({ example: 'NETWORK' })
  @IsOrgCode()
  code: string;

  @ApiProperty({ example: 'Jaringan / Internet' })
  @IsOrgName()
  name: string;

  @ApiProperty({ format: 'uuid', description: 'Tier 2 team that escalations of this category go to' })
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId: string;
}

/**
 * `PATCH /categories/{id}`: only the fields given change. `teamId: null` removes the route; `null`
 * for any other field is refused like any wrong type.
 */
export class UpdateCategoryDto implements CategoryUpdate {
  @ApiPropertyOptional({
    example: 'NETWORK',
    description: 'Short code: capitals, digits, dash or underscore',
  })
  @WhenGiven()
  @IsOrgCode()
  code?: string;

  @ApiPropertyOptional({ example: 'Jaringan / Internet', minLength: 3, maxLength: 200 })
  @WhenGiven()
  @IsOrgName()
  name?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'Tier 2 team that escalations of this category go to when Tier 1 names none; null: no route (Tier 1 must name a team)',
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsUUID('all', { message: 'teamId must be a UUID or null' })
  teamId?: string | null;
}
