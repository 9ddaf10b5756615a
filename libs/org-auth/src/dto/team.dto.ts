import type { TeamUpdate } from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class CreateTeamDto {
  @ApiProperty({ example: 'NETWORK' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'code must be 2-32 capitals, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Jaringan dan Infrastruktur' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ description: 'The CSIRT team (only one)' })
  @IsOptional()
  @IsBoolean()
  security?: boolean;
}

/**
 * `PATCH /teams/{id}`: only the fields given change; `null` is refused like any wrong type. Members
 * are not edited here: a user's teams are set on the user (`PATCH /users/{id}` with `teamIds`).
 */
export class UpdateTeamDto implements TeamUpdate {
  @ApiPropertyOptional({
    example: 'NETWORK',
    description: 'Short code: capitals, digits, dash or underscore',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'code must be 2-32 capitals, digits, - or _' })
  code?: string;

  @ApiPropertyOptional({ example: 'Jaringan dan Infrastruktur', minLength: 3, maxLength: 200 })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description: 'The CSIRT team: only one team may have it, so clear it on the old one first',
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean()
  security?: boolean;
}
