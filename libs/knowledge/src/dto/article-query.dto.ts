import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ArticleKind, ArticleStatus, ArticleVisibility } from '../entities/kb-article.entity';

const int = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

class ArticleFilters {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'category must be a category id (UUID)' })
  category?: string;

  @ApiPropertyOptional({ enum: ArticleKind })
  @IsOptional()
  @IsEnum(ArticleKind, { message: `kind must be one of ${Object.values(ArticleKind).join(', ')}` })
  kind?: ArticleKind;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString({ message: 'tag must be one tag' })
  @MaxLength(40, { message: 'tag must be at most 40 characters' })
  tag?: string;
}

export class SearchArticlesQuery extends ArticleFilters {
  @ApiProperty({ maxLength: 500, example: 'printer tidak bisa mencetak' })
  @IsString({ message: 'q must be text' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(500, { message: 'q must be at most 500 characters' })
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: 'limit must be an integer from 1 to 50' })
  @Min(1, { message: 'limit must be an integer from 1 to 50' })
  @Max(50, { message: 'limit must be an integer from 1 to 50' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, default: 0 })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: 'offset must be an integer from 0 to 1000' })
  @Min(0, { message: 'offset must be an integer from 0 to 1000' })
  @Max(1000, { message: 'offset must be an integer from 0 to 1000' })
  offset?: number;
}

export class SuggestArticlesQuery {
  @ApiProperty({ maxLength: 200, example: 'printer tidak bi' })
  @IsString({ message: 'q must be text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 5 })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: 'limit must be an integer from 1 to 10' })
  @Min(1, { message: 'limit must be an integer from 1 to 10' })
  @Max(10, { message: 'limit must be an integer from 1 to 10' })
  limit?: number;
}

export class ListArticlesQuery extends ArticleFilters {
  @ApiPropertyOptional({ enum: ArticleStatus })
  @IsOptional()
  @IsEnum(ArticleStatus, { message: `status must be one of ${Object.values(ArticleStatus).join(', ')}` })
  status?: ArticleStatus;

  @ApiPropertyOptional({ enum: ArticleVisibility })
  @IsOptional()
  @IsEnum(ArticleVisibility, {
    message: `visibility must be one of ${Object.values(ArticleVisibility).join(', ')}`,
  })
  visibility?: ArticleVisibility;

  @ApiPropertyOptional({ description: 'Only articles I wrote' })
  @IsOptional()
  @Transform(bool)
  @IsIn([true, false], { message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Only published articles of mine whose review date has passed' })
  @IsOptional()
  @Transform(bool)
  @IsIn([true, false], { message: 'reviewDue must be true or false' })
  reviewDue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: 'limit must be an integer from 1 to 100' })
  @Min(1, { message: 'limit must be an integer from 1 to 100' })
  @Max(100, { message: 'limit must be an integer from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Transform(int)
  @IsInt({ message: 'offset must be an integer from 0 to 100000' })
  @Min(0, { message: 'offset must be an integer from 0 to 100000' })
  @Max(100_000, { message: 'offset must be an integer from 0 to 100000' })
  offset?: number;
}
