import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { trim } from './create-ticket.dto';

export class CreateCommentDto {
  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(20000, { message: 'body must be at most 20000 characters' })
  body: string;

  @ApiPropertyOptional({ default: false, description: 'An internal note, for agents only' })
  @IsOptional()
  @IsBoolean({ message: 'internal must be true or false' })
  internal?: boolean;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt({ message: 'score must be an integer from 1 to 5' })
  @Min(1, { message: 'score must be an integer from 1 to 5' })
  @Max(5, { message: 'score must be an integer from 1 to 5' })
  score: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
