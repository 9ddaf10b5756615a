import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { UnitKind } from '../entities/unit.entity';
import { IsOrgCode, IsOrgName } from './org-fields';

export class CreateUnitDto {
  @ApiProperty({ example: 'DINKES', description: 'Short code: capitals, digits, dash or underscore' })
  @IsOrgCode()
  code: string;

  @ApiProperty({ example: 'Dinas Kesehatan' })
  @IsOrgName()
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
