import { PureQuery } from '@desk/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Priority, TicketKind, TicketStatus } from '../entities/ticket.entity';

const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;
const int = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Flat, and validated by its own text alone (`PureQuery`). */
@PureQuery()
export class ListTicketsQuery {
  @ApiPropertyOptional({ description: 'Comma-separated statuses, or `open`', example: 'new,assigned' })
  @IsOptional()
  @Transform(csv)
  @IsIn([...Object.values(TicketStatus), 'open'], {
    each: true,
    message: 'status must be ticket statuses or open',
  })
  status?: string[];

  @ApiPropertyOptional({ enum: [1, 2] })
  @IsOptional()
  @Transform(int)
  @IsIn([1, 2], { message: 'tier must be 1 or 2' })
  tier?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;

  @ApiPropertyOptional({ enum: TicketKind })
  @IsOptional()
  @IsEnum(TicketKind, { message: `kind must be one of ${Object.values(TicketKind).join(', ')}` })
  kind?: TicketKind;

  @ApiPropertyOptional({ enum: Priority })
  @IsOptional()
  @IsEnum(Priority, { message: 'priority must be one of P1, P2, P3, P4' })
  priority?: Priority;

  @ApiPropertyOptional({ enum: ['me', 'none'] })
  @IsOptional()
  @IsIn(['me', 'none'], { message: 'assignee must be me or none' })
  assignee?: 'me' | 'none';

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(bool)
  @IsIn([true, false], { message: 'breached must be true or false' })
  breached?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'requesterId must be a UUID' })
  requesterId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Filed at or after (ISO date or date-time)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'createdFrom must be an ISO 8601 date or date-time' })
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Filed before (ISO date or date-time)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'createdTo must be an ISO 8601 date or date-time' })
  createdTo?: string;

  @ApiPropertyOptional({
    description:
      'The number (TIK-2026-000033 or 000033), or words of the title, description and comments (stemmed)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: ['due', 'created'], default: 'created' })
  @IsOptional()
  @IsIn(['due', 'created'], { message: 'sort must be due or created' })
  sort?: 'due' | 'created';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: 'limit must be an integer from 1 to 100' })
  @Min(1, { message: 'limit must be an integer from 1 to 100' })
  @Max(100, { message: 'limit must be an integer from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
