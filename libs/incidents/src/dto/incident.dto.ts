import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IncidentCategory, IncidentPhase, IncidentSeverity, IndicatorType, Tlp } from '../incident.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const oneOf = (field: string, values: object) =>
  `${field} must be one of ${Object.values(values).join(', ')}`;

export class ReportIncidentDto {
  @ApiProperty({ example: 'Email phishing, dua pegawai memasukkan kata sandi', minLength: 5, maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'title must be a string' })
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  @ApiProperty({ maxLength: 20000 })
  @Transform(trim)
  @IsString({ message: 'description must be a string' })
  @MinLength(10, { message: 'description must be at least 10 characters' })
  @MaxLength(20000, { message: 'description must be at most 20000 characters' })
  description: string;

  @ApiProperty({ enum: IncidentCategory })
  @IsEnum(IncidentCategory, { message: oneOf('category', IncidentCategory) })
  category: IncidentCategory;

  @ApiProperty({ enum: IncidentSeverity })
  @IsEnum(IncidentSeverity, { message: oneOf('severity', IncidentSeverity) })
  severity: IncidentSeverity;

  @ApiPropertyOptional({ type: [String], example: ['mail.dinas.go.id', 'SIMPEG'] })
  @IsOptional()
  @IsArray({ message: 'affectedSystems must be a list' })
  @ArrayMaxSize(50, { message: 'affectedSystems may hold at most 50 entries' })
  @IsString({ each: true, message: 'affectedSystems must be a list of strings' })
  @MaxLength(200, { each: true, message: 'each affected system must be at most 200 characters' })
  affectedSystems?: string[];

  @ApiProperty({ format: 'date-time', description: 'When the incident was noticed; not in the future' })
  @Type(() => Date)
  @IsDate({ message: 'detectedAt must be an ISO 8601 date-time' })
  detectedAt: Date;

  @ApiPropertyOptional({ default: false, description: 'Whether the data was secured (backups, isolation)' })
  @IsOptional()
  @IsBoolean({ message: 'dataSecured must be true or false' })
  dataSecured?: boolean;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'containmentActions must be a string' })
  @MaxLength(5000, { message: 'containmentActions must be at most 5000 characters' })
  containmentActions?: string;
}

export class ListIncidentsQuery {
  @ApiPropertyOptional({ enum: IncidentPhase })
  @IsOptional()
  @IsEnum(IncidentPhase, { message: oneOf('phase', IncidentPhase) })
  phase?: IncidentPhase;

  @ApiPropertyOptional({ enum: IncidentSeverity })
  @IsOptional()
  @IsEnum(IncidentSeverity, { message: oneOf('severity', IncidentSeverity) })
  severity?: IncidentSeverity;

  @ApiPropertyOptional({ enum: ['mine'], description: 'Only the incidents I reported' })
  @IsOptional()
  @IsIn(['mine'], { message: 'reporter must be mine' })
  reporter?: 'mine';

  @ApiPropertyOptional({ enum: ['ack', 'created'], default: 'ack' })
  @IsOptional()
  @IsIn(['ack', 'created'], { message: 'sort must be ack or created' })
  sort?: 'ack' | 'created';

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  limit?: number;
}

export class VersionedDto {
  @ApiPropertyOptional({ description: 'The version read; a stale one answers 409' })
  @IsOptional()
  @IsInt({ message: 'version must be an integer' })
  version?: number;
}

export class PhaseDto extends VersionedDto {
  @ApiProperty({ enum: IncidentPhase })
  @IsEnum(IncidentPhase, { message: oneOf('phase', IncidentPhase) })
  phase: IncidentPhase;

  @ApiProperty({ maxLength: 5000 })
  @Transform(trim)
  @IsString({ message: 'note must be a string' })
  @MinLength(3, { message: 'note must be at least 3 characters' })
  @MaxLength(5000, { message: 'note must be at most 5000 characters' })
  note: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Required when closing' })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'lessonsLearned must be a string' })
  @MaxLength(20000, { message: 'lessonsLearned must be at most 20000 characters' })
  lessonsLearned?: string;
}

export class AssignIncidentDto extends VersionedDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId: string;
}

export class IncidentNoteDto {
  @ApiProperty({ maxLength: 5000 })
  @Transform(trim)
  @IsString({ message: 'body must be a string' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(5000, { message: 'body must be at most 5000 characters' })
  body: string;
}

export class IndicatorDto {
  @ApiProperty({ enum: IndicatorType })
  @IsEnum(IndicatorType, { message: oneOf('type', IndicatorType) })
  type: IndicatorType;

  @ApiProperty({ example: '203.0.113.7' })
  @IsString({ message: 'value must be a string' })
  @MaxLength(2048, { message: 'value must be at most 2048 characters' })
  value: string;
}

export class TlpDto extends VersionedDto {
  @ApiProperty({ enum: Tlp })
  @IsEnum(Tlp, { message: oneOf('tlp', Tlp) })
  tlp: Tlp;
}

/** A CSIRT re-assessment of the severity; the reason goes on the timeline. */
export class SeverityDto extends VersionedDto {
  @ApiProperty({ enum: IncidentSeverity })
  @IsEnum(IncidentSeverity, { message: oneOf('severity', IncidentSeverity) })
  severity: IncidentSeverity;

  @ApiProperty({ maxLength: 2000, example: 'Dua akun admin ikut bocor: dampaknya lebih luas' })
  @Transform(trim)
  @IsString({ message: 'reason must be a string' })
  @MinLength(5, { message: 'reason must be at least 5 characters' })
  @MaxLength(2000, { message: 'reason must be at most 2000 characters' })
  reason: string;
}

export class BssnReportDto extends VersionedDto {
  @ApiProperty({ example: 'BSSN-IR/2026/0412', description: 'null clears it' })
  @ValidateIf((o: BssnReportDto) => o.reference !== null)
  @Transform(trim)
  @IsString({ message: 'reference must be a string' })
  @MinLength(3, { message: 'reference must be at least 3 characters' })
  @MaxLength(100, { message: 'reference must be at most 100 characters' })
  reference: string | null;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'reportedAt must be an ISO 8601 date-time' })
  reportedAt?: Date;
}

export class ConvertToIncidentDto {
  @ApiProperty({ enum: IncidentCategory })
  @IsEnum(IncidentCategory, { message: oneOf('category', IncidentCategory) })
  category: IncidentCategory;

  @ApiProperty({ enum: IncidentSeverity })
  @IsEnum(IncidentSeverity, { message: oneOf('severity', IncidentSeverity) })
  severity: IncidentSeverity;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to when the ticket was filed' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'detectedAt must be an ISO 8601 date-time' })
  detectedAt?: Date;
}
