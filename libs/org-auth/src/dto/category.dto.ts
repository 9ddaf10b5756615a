import type { CategoryUpdate } from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class CreateCategoryDto {
  @ApiProperty({ example: 'NETWORK' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'code must be 2-32 capitals, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Jaringan / Internet' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
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
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'code must be 2-32 capitals, digits, - or _' })
  code?: string;

  @ApiPropertyOptional({ example: 'Jaringan / Internet', minLength: 3, maxLength: 200 })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
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
