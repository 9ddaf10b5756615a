import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { REASON_MIN } from '../ticket-transitions';
import { trim } from './create-ticket.dto';

/** Every action accepts the version the caller read; when given, a stale one answers 409. */
export class ActionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  version?: number;
}

export class AssignDto extends ActionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId: string;
}

export class ReasonDto extends ActionDto {
  @ApiProperty({ minLength: REASON_MIN, maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @MinLength(REASON_MIN, { message: `reason must be at least ${REASON_MIN} characters` })
  @MaxLength(2000, { message: 'reason must be at most 2000 characters' })
  reason: string;
}

export class ResolveDto extends ActionDto {
  @ApiProperty({ minLength: REASON_MIN, maxLength: 20000 })
  @Transform(trim)
  @IsString()
  @MinLength(REASON_MIN, { message: `resolution must be at least ${REASON_MIN} characters` })
  @MaxLength(20000, { message: 'resolution must be at most 20000 characters' })
  resolution: string;
}

export class PendDto extends ReasonDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the ticket resumes by itself (in the future); without it, it waits for a resume',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date and time' })
  until?: string;
}
