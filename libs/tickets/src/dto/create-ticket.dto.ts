import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Channel, TicketKind } from '../entities/ticket.entity';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateTicketDto {
  @ApiProperty({ enum: TicketKind })
  @IsEnum(TicketKind, { message: `kind must be one of ${Object.values(TicketKind).join(', ')}` })
  kind: TicketKind;

  @ApiProperty({ example: 'Internet mati di ruang Bidang Pelayanan', minLength: 5, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  @ApiProperty({
    example: 'Sejak pagi semua komputer di lantai 2 tidak bisa membuka situs apa pun.',
    maxLength: 20000,
  })
  @Transform(trim)
  @IsString()
  @MinLength(10, { message: 'description must be at least 10 characters' })
  @MaxLength(20000, { message: 'description must be at most 20000 characters' })
  description: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string;

  @ApiProperty({
    enum: [1, 2, 3],
    description: '1 = the whole office cannot work .. 3 = one person is affected',
  })
  @IsIn([1, 2, 3], { message: 'impact must be 1, 2 or 3' })
  impact: number;

  @ApiProperty({ enum: [1, 2, 3], description: '1 = work is stopped now .. 3 = it can wait' })
  @IsIn([1, 2, 3], { message: 'urgency must be 1, 2 or 3' })
  urgency: number;

  @ApiPropertyOptional({ enum: Channel, default: Channel.Web })
  @IsOptional()
  @IsEnum(Channel, { message: `channel must be one of ${Object.values(Channel).join(', ')}` })
  channel?: Channel;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Tier 1 filing on behalf of a staff member of their PD',
  })
  @IsOptional()
  @IsUUID('all', { message: 'requesterId must be a UUID' })
  requesterId?: string;
}
