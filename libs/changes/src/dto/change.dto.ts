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
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ChangePhase, ChangeRisk, ChangeType } from '../entities/change-request.entity';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;

/** A system name: letters, digits and common punctuation, no control characters. */
const SYSTEM = /^[\p{L}\p{N}][\p{L}\p{N} ._\-/()&:+#@]{0,119}$/u;

/** Fields a change has at creation and may change while it is planned. */
class ChangeFieldsDto {
  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'impactAssessment must be text' })
  @MaxLength(20000, { message: 'impactAssessment must be at most 20000 characters' })
  impactAssessment?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'implementationPlan must be text' })
  @MaxLength(20000, { message: 'implementationPlan must be at most 20000 characters' })
  implementationPlan?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'rollbackPlan must be text' })
  @MaxLength(20000, { message: 'rollbackPlan must be at most 20000 characters' })
  rollbackPlan?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Further PDs the change affects' })
  @IsOptional()
  @IsArray({ message: 'affectedUnitIds must be a list of unit ids' })
  @ArrayMaxSize(100, { message: 'affectedUnitIds may name at most 100 units' })
  @IsUUID('all', { each: true, message: 'affectedUnitIds must hold unit ids' })
  affectedUnitIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray({ message: 'ticketIds must be a list of ticket ids' })
  @ArrayMaxSize(100, { message: 'ticketIds may name at most 100 tickets' })
  @IsUUID('all', { each: true, message: 'ticketIds must hold ticket ids' })
  ticketIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray({ message: 'problemIds must be a list of problem ids' })
  @ArrayMaxSize(100, { message: 'problemIds may name at most 100 problems' })
  @IsUUID('all', { each: true, message: 'problemIds must hold problem ids' })
  problemIds?: string[];
}

export class CreateChangeDto extends ChangeFieldsDto {
  @ApiProperty({ minLength: 5, maxLength: 200, example: 'Penggantian switch inti LAN lantai 2' })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  @ApiProperty({ maxLength: 20000 })
  @Transform(trim)
  @IsString({ message: 'description must be text' })
  @MinLength(10, { message: 'description must be at least 10 characters' })
  @MaxLength(20000, { message: 'description must be at most 20000 characters' })
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
  @ApiPropertyOptional({ minLength: 5, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'description must be text' })
  @MinLength(10, { message: 'description must be at least 10 characters' })
  @MaxLength(20000, { message: 'description must be at most 20000 characters' })
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

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1, { message: 'version must be at least 1' })
  version: number;
}

export class ApprovalDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'], { message: 'approval.decision must be approved or rejected' })
  decision: 'approved' | 'rejected';

  @ApiProperty({ minLength: 3, maxLength: 2000 })
  @Transform(trim)
  @IsString({ message: 'approval.reason must be text' })
  @MinLength(3, { message: 'approval.reason must be at least 3 characters' })
  @MaxLength(2000, { message: 'approval.reason must be at most 2000 characters' })
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

  @ApiProperty({ maxLength: 20000 })
  @Transform(trim)
  @IsString({ message: 'review.lessons must be text' })
  @MinLength(3, { message: 'review.lessons must be at least 3 characters' })
  @MaxLength(20000, { message: 'review.lessons must be at most 20000 characters' })
  lessons: string;
}

export class ChangePhaseDto {
  @ApiProperty({
    enum: ChangePhase,
    description: 'The phase to move to (the current one to only record an approval)',
  })
  @IsEnum(ChangePhase, { message: `phase must be one of ${Object.values(ChangePhase).join(', ')}` })
  phase: ChangePhase;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'note must be text' })
  @MaxLength(5000, { message: 'note must be at most 5000 characters' })
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

  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @IsOptional()
  @IsInt({ message: 'version must be an integer' })
  @Min(1, { message: 'version must be at least 1' })
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

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1..200' })
  @Max(200, { message: 'limit must be 1..200' })
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
