import { IdListField, LimitField, TextField, VersionField } from '@desk/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ProblemStatus } from '../entities/problem.entity';

class ProblemAnalysisDto {
  @TextField('rootCause', { max: 20000, optional: true })
  rootCause?: string;

  @TextField('workaround', { max: 20000, optional: true })
  workaround?: string;

  @TextField('permanentFix', { max: 20000, optional: true })
  permanentFix?: string;
}

export class CreateProblemDto extends ProblemAnalysisDto {
  @TextField('title', { min: 5, max: 200 })
  title: string;

  @TextField('description', { min: 10, max: 20000 })
  description: string;

  @IdListField('ticketIds', 'ticket', 'The tickets it causes')
  ticketIds?: string[];

  @IdListField('incidentIds', 'incident', 'Security incidents it causes; each must be one you may see')
  incidentIds?: string[];
}

export class UpdateProblemDto extends ProblemAnalysisDto {
  @TextField('title', { min: 5, max: 200, optional: true })
  title?: string;

  @TextField('description', { min: 10, max: 20000, optional: true })
  description?: string;

  @IdListField('ticketIds', 'ticket', 'Replaces the linked tickets')
  ticketIds?: string[];

  @IdListField('incidentIds', 'incident', 'Security incidents it causes; each must be one you may see')
  incidentIds?: string[];

  @VersionField()
  version: number;
}

export class ProblemStatusDto extends ProblemAnalysisDto {
  @ApiProperty({ enum: ProblemStatus })
  @IsEnum(ProblemStatus, {
    message: `status must be one of ${Object.values(ProblemStatus).join(', ')}`,
  })
  status: ProblemStatus;

  @TextField('note', { max: 5000, optional: true })
  note?: string;

  @VersionField(true)
  version?: number;
}

export class ListProblemsQuery {
  @ApiPropertyOptional({ enum: ProblemStatus })
  @IsOptional()
  @IsEnum(ProblemStatus, {
    message: `status must be one of ${Object.values(ProblemStatus).join(', ')}`,
  })
  status?: ProblemStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Problems linked to this ticket' })
  @IsOptional()
  @IsUUID('all', { message: 'ticketId must be a ticket id' })
  ticketId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'q must be text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @LimitField()
  limit?: number;
}
