import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

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
