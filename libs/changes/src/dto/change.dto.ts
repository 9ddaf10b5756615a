import { IdListField, LimitField, TextField, VersionField } from '@desk/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ChangePhase, ChangeRisk, ChangeType } from '../entities/change-request.entity';

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;

/** A system name: letters, digits and common punctuation, no control characters. */
const SYSTEM = /^[\p{L}\p{N}][\p{L}\p{N} ._\-/()&:+#@]{0,119}$/u;

/** Fields a change has at creation and may change while it is planned. */
class ChangeFieldsDto {
  @TextField('impactAssessment', { max: 20000, optional: true })
  impactAssessment?: string;

  @TextField('implementationPlan', { max: 20000, optional: true })
  implementationPlan?: string;

  @TextField('rollbackPlan', { max: 20000, optional: true })
  rollbackPlan?: string;

  @IdListField('affectedUnitIds', 'unit', 'Further PDs the change affects')
  affectedUnitIds?: string[];

  @IdListField('ticketIds', 'ticket')
  ticketIds?: string[];

  @IdListField('problemIds', 'problem')
  problemIds?: string[];

  @IdListField('incidentIds', 'incident', 'Security incidents; each must be one you may see')
  incidentIds?: string[];
}

export class CreateChangeDto extends ChangeFieldsDto {
  @TextField('title', { min: 5, max: 200, example: 'Penggantian switch inti LAN lantai 2' })
  title: string;

  @TextField('description', { min: 10, max: 20000 })
  description: string;

  @ApiProperty({ enum: ChangeType })
  @IsEnum(ChangeType, { message: 'type must be one of standard, normal, emergency' })
  type: ChangeType;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A PD, or the Dinas for shared infrastructure; Tier 1 files for its own PD',
  })
  @IsOptional()
  @IsUUID('all', { message: 'owningUnitId must be a unit id' })
  owningUnitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who asked for the change (default: you)' })
  @IsOptional()
  @IsUUID('all', { message: 'requesterId must be a user id' })
  requesterId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A standard change: the approved standard change it repeats; it then skips approval',
  })
  @IsOptional()
  @IsUUID('all', { message: 'templateId must be a change id' })
  templateId?: string;

  @ApiProperty({ type: [String], example: ['LAN Kantor Bupati'] })
  @Transform(trimEach)
  @IsArray({ message: 'systems must be a list of system names' })
  @ArrayMinSize(1, { message: 'systems must name at least one system' })
  @ArrayMaxSize(50, { message: 'systems may name at most 50 systems' })
  @Matches(SYSTEM, {
    each: true,
    message: 'systems must hold names of 1-120 letters, digits and punctuation',
  })
  systems: string[];

  @ApiProperty({ enum: ChangeRisk })
  @IsEnum(ChangeRisk, { message: 'risk must be one of low, medium, high' })
  risk: ChangeRisk;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'plannedStart must be an ISO 8601 date and time' })
  plannedStart: string;

  @ApiProperty({ format: 'date-time', description: 'After plannedStart' })
  @IsISO8601({ strict: true }, { message: 'plannedEnd must be an ISO 8601 date and time' })
  plannedEnd: string;
}

export class UpdateChangeDto extends ChangeFieldsDto {
  @TextField('title', { min: 5, max: 200, optional: true })
  title?: string;

  @TextField('description', { min: 10, max: 20000, optional: true })
  description?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(trimEach)
  @IsArray({ message: 'systems must be a list of system names' })
  @ArrayMinSize(1, { message: 'systems must name at least one system' })
  @ArrayMaxSize(50, { message: 'systems may name at most 50 systems' })
  @Matches(SYSTEM, {
    each: true,
    message: 'systems must hold names of 1-120 letters, digits and punctuation',
  })
  systems?: string[];

  @ApiPropertyOptional({ enum: ChangeRisk })
  @IsOptional()
  @IsEnum(ChangeRisk, { message: 'risk must be one of low, medium, high' })
  risk?: ChangeRisk;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'plannedStart must be an ISO 8601 date and time' })
  plannedStart?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'plannedEnd must be an ISO 8601 date and time' })
  plannedEnd?: string;

  @VersionField()
  version: number;
}

export class ApprovalDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'], { message: 'approval.decision must be approved or rejected' })
  decision: 'approved' | 'rejected';

  @TextField('approval.reason', { min: 3, max: 2000 })
  reason: string;
}

export class ReviewDto {
  @ApiProperty({ description: 'Whether the change reached its goal' })
  @IsBoolean({ message: 'review.successful must be true or false' })
  successful: boolean;

  @ApiProperty({ description: 'How many incidents the change caused' })
  @IsInt({ message: 'review.incidentsCaused must be a whole number' })
  @Min(0, { message: 'review.incidentsCaused must be 0 or more' })
  @Max(100000, { message: 'review.incidentsCaused must be at most 100000' })
  incidentsCaused: number;

  @TextField('review.lessons', { min: 3, max: 20000 })
  lessons: string;
}

export class ChangePhaseDto {
  @ApiProperty({
    enum: ChangePhase,
    description: 'The phase to move to (the current one to only record an approval)',
  })
  @IsEnum(ChangePhase, { message: `phase must be one of ${Object.values(ChangePhase).join(', ')}` })
  phase: ChangePhase;

  @TextField('note', { max: 5000, optional: true })
  note?: string;

  @ApiPropertyOptional({ type: ApprovalDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApprovalDto)
  approval?: ApprovalDto;

  @ApiPropertyOptional({ type: ReviewDto, description: 'Required to close' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReviewDto)
  review?: ReviewDto;

  @VersionField(true)
  version?: number;
}

export class ListChangesQuery {
  @ApiPropertyOptional({ enum: ChangePhase })
  @IsOptional()
  @IsEnum(ChangePhase, { message: `phase must be one of ${Object.values(ChangePhase).join(', ')}` })
  phase?: ChangePhase;

  @ApiPropertyOptional({ enum: ['pending'], description: '`pending`: the supervisors’ approval queue' })
  @IsOptional()
  @IsIn(['pending'], { message: 'approval must be pending' })
  approval?: 'pending';

  @ApiPropertyOptional({ enum: ChangeType })
  @IsOptional()
  @IsEnum(ChangeType, { message: 'type must be one of standard, normal, emergency' })
  type?: ChangeType;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'q must be text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @LimitField()
  limit?: number;
}

export class CalendarQuery {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date and time' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date and time' })
  to: string;
}
