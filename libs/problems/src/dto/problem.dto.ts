import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ProblemStatus } from '../entities/problem.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

class ProblemAnalysisDto {
  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'rootCause must be text' })
  @MaxLength(20000, { message: 'rootCause must be at most 20000 characters' })
  rootCause?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'workaround must be text' })
  @MaxLength(20000, { message: 'workaround must be at most 20000 characters' })
  workaround?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'permanentFix must be text' })
  @MaxLength(20000, { message: 'permanentFix must be at most 20000 characters' })
  permanentFix?: string;
}

export class CreateProblemDto extends ProblemAnalysisDto {
  @ApiProperty({ minLength: 5, maxLength: 200 })
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

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The tickets it causes' })
  @IsOptional()
  @IsArray({ message: 'ticketIds must be a list of ticket ids' })
  @ArrayMaxSize(100, { message: 'ticketIds may name at most 100 tickets' })
  @IsUUID('all', { each: true, message: 'ticketIds must hold ticket ids' })
  ticketIds?: string[];
}

export class UpdateProblemDto extends ProblemAnalysisDto {
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

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the linked tickets' })
  @IsOptional()
  @IsArray({ message: 'ticketIds must be a list of ticket ids' })
  @ArrayMaxSize(100, { message: 'ticketIds may name at most 100 tickets' })
  @IsUUID('all', { each: true, message: 'ticketIds must hold ticket ids' })
  ticketIds?: string[];

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1, { message: 'version must be at least 1' })
  version: number;
}

export class ProblemStatusDto extends ProblemAnalysisDto {
  @ApiProperty({ enum: ProblemStatus })
  @IsEnum(ProblemStatus, {
    message: `status must be one of ${Object.values(ProblemStatus).join(', ')}`,
  })
  status: ProblemStatus;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'note must be text' })
  @MaxLength(5000, { message: 'note must be at most 5000 characters' })
  note?: string;

  @ApiPropertyOptional({ description: 'The version you read; a stale one answers 409' })
  @IsOptional()
  @IsInt({ message: 'version must be an integer' })
  @Min(1, { message: 'version must be at least 1' })
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

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1..200' })
  @Max(200, { message: 'limit must be 1..200' })
  limit?: number;
}
