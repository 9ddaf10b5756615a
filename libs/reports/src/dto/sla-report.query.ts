import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class SlaReportQuery {
  @ApiProperty({
    description: 'First day (YYYY-MM-DD, region time zone) or an ISO 8601 instant with offset',
    example: '2026-03-01',
  })
  @IsString({ message: 'from is required (YYYY-MM-DD or an ISO 8601 instant)' })
  @MaxLength(40)
  from: string;

  @ApiProperty({
    description: 'Last day, inclusive (YYYY-MM-DD), or an exclusive ISO 8601 instant with offset',
    example: '2026-03-31',
  })
  @IsString({ message: 'to is required (YYYY-MM-DD or an ISO 8601 instant)' })
  @MaxLength(40)
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One PD (a PD head always gets their own)' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Tickets escalated to one Tier 2 team' })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'], { message: 'format must be json, csv or xlsx' })
  format?: 'json' | 'csv' | 'xlsx';
}
