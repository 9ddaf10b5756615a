import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ArticleKind, ArticleVisibility } from '../entities/kb-article.entity';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Tags are lower-case words: trimmed, lower-cased, duplicates dropped. */
const tagList = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? [...new Set(value.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)))]
    : value;

export const MAX_BODY_LENGTH = 50_000;
const KINDS = Object.values(ArticleKind).join(', ');
const VISIBILITIES = Object.values(ArticleVisibility).join(', ');
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Fields shared by create and update; `symptom`, `cause` and `workaround` belong to known errors. */
class ArticleFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID('all', { message: 'categoryId must be a UUID or null' })
  categoryId?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: ['printer', 'jaringan'] })
  @IsOptional()
  @Transform(tagList)
  @IsArray({ message: 'tags must be a list of words' })
  @ArrayMaxSize(20, { message: 'tags must hold at most 20 tags' })
  @IsString({ each: true, message: 'tags must be a list of words' })
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, {
    each: true,
    message: 'each tag must be 1-40 letters, digits, spaces, hyphens or underscores',
  })
  tags?: string[];

  @ApiPropertyOptional({ nullable: true, maxLength: 5000 })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString({ message: 'symptom must be text' })
  @MaxLength(5000, { message: 'symptom must be at most 5000 characters' })
  symptom?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 5000 })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString({ message: 'cause must be text' })
  @MaxLength(5000, { message: 'cause must be at most 5000 characters' })
  cause?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 5000 })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString({ message: 'workaround must be text' })
  @MaxLength(5000, { message: 'workaround must be at most 5000 characters' })
  workaround?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'Review the article by this date' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(DATE, { message: 'reviewBy must be a date YYYY-MM-DD or null' })
  reviewBy?: string | null;
}

export class CreateArticleDto extends ArticleFieldsDto {
  @ApiProperty({ minLength: 5, maxLength: 200, example: 'Printer tidak bisa mencetak' })
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  @ApiProperty({ description: 'Markdown', maxLength: MAX_BODY_LENGTH })
  @IsString({ message: 'body must be Markdown text' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body: string;

  @ApiProperty({ enum: ArticleKind })
  @IsEnum(ArticleKind, { message: `kind must be one of ${KINDS}` })
  kind: ArticleKind;

  @ApiProperty({ enum: ArticleVisibility })
  @IsEnum(ArticleVisibility, { message: `visibility must be one of ${VISIBILITIES}` })
  visibility: ArticleVisibility;
}

export class UpdateArticleDto extends ArticleFieldsDto {
  @ApiPropertyOptional({ minLength: 5, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @MinLength(5, { message: 'title must be at least 5 characters' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title?: string;

  @ApiPropertyOptional({ description: 'Markdown', maxLength: MAX_BODY_LENGTH })
  @IsOptional()
  @IsString({ message: 'body must be Markdown text' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body?: string;

  @ApiPropertyOptional({ enum: ArticleKind })
  @IsOptional()
  @IsEnum(ArticleKind, { message: `kind must be one of ${KINDS}` })
  kind?: ArticleKind;

  @ApiPropertyOptional({ enum: ArticleVisibility })
  @IsOptional()
  @IsEnum(ArticleVisibility, { message: `visibility must be one of ${VISIBILITIES}` })
  visibility?: ArticleVisibility;

  @ApiProperty({ description: 'The version you read; a stale one answers 409' })
  @IsInt({ message: 'version must be an integer' })
  @Min(1, { message: 'version must be an integer' })
  version: number;
}

export class FeedbackDto {
  @ApiProperty()
  @IsBoolean({ message: 'helpful must be true or false' })
  helpful: boolean;
}

export class DeflectionDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'The title typed in the abandoned ticket form' })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'ticketTitle must be text' })
  @MaxLength(200, { message: 'ticketTitle must be at most 200 characters' })
  ticketTitle?: string;
}

export class LinkTicketDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId: string;
}

export class PreviewDto {
  @ApiProperty({ description: 'Markdown', maxLength: MAX_BODY_LENGTH })
  @IsString({ message: 'body must be Markdown text' })
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body: string;
}
