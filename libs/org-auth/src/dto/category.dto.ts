import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

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
