import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UnitKind } from '../entities/unit.entity';

export class CreateUnitDto {
  @ApiProperty({ example: 'DINKES', description: 'Short code: capitals, digits, dash or underscore' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'code must be 2-32 capitals, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Dinas Kesehatan' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: UnitKind })
  @IsEnum(UnitKind, { message: `kind must be one of ${Object.values(UnitKind).join(', ')}` })
  kind: UnitKind;

  @ApiPropertyOptional({ description: 'An IT-capable PD' })
  @IsOptional()
  @IsBoolean()
  mandiriTik?: boolean;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) {}
