import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
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
import { trim } from './create-ticket.dto';

export class UpdateTicketDto {
  @ApiPropertyOptional({ minLength: 5, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(10, { message: 'description must be at least 10 characters' })
  @MaxLength(20000, { message: 'description must be at most 20000 characters' })
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID('all', { message: 'categoryId must be a UUID or null' })
  categoryId?: string | null;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @IsIn([1, 2, 3], { message: 'impact must be 1, 2 or 3' })
  impact?: number;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @IsIn([1, 2, 3], { message: 'urgency must be 1, 2 or 3' })
  urgency?: number;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1)
  version: number;
}
