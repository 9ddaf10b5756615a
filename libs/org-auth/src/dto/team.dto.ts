import type { TeamUpdate } from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsOrgCode, IsOrgName, WhenGiven } from './org-fields';

export class CreateTeamDto {
  @ApiProperty({ example: 'NETWORK' })
  @IsOrgCode()
  code: string;

  @ApiProperty({ example: 'Jaringan dan Infrastruktur' })
  @IsOrgName()
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
  @WhenGiven()
  @IsOrgCode()
  code?: string;

  @ApiPropertyOptional({ example: 'Jaringan dan Infrastruktur', minLength: 3, maxLength: 200 })
  @WhenGiven()
  @IsOrgName()
  name?: string;

  @ApiPropertyOptional({
    description: 'The CSIRT team: only one team may have it, so clear it on the old one first',
  })
  @WhenGiven()
  @IsBoolean()
  security?: boolean;
}
