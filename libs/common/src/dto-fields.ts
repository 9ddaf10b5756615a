import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/**
 * Request fields that several records' DTOs share (changes, problems), each with the messages that
 * name the field, so a 400 reads the same wherever the field appears.
 */

/** Trims a string value; anything else is left for the validators to refuse. */
export const trimText = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Text of `min`..`max` characters, trimmed; required unless `optional`. */
export function TextField(
  field: string,
  {
    min = 0,
    max,
    optional = false,
    example,
  }: { min?: number; max: number; optional?: boolean; example?: string },
): PropertyDecorator {
  const doc = { maxLength: max, ...(min ? { minLength: min } : {}), ...(example ? { example } : {}) };
  return applyDecorators(
    ...(optional ? [ApiPropertyOptional(doc), IsOptional()] : [ApiProperty(doc)]),
    Transform(trimText),
    IsString({ message: `${field} must be text` }),
    ...(min ? [MinLength(min, { message: `${field} must be at least ${min} characters` })] : []),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
  );
}

/** An optional list of at most `max` ids of one kind (`ticketIds must hold ticket ids`). */
export function IdListField(field: string, noun: string, description?: string, max = 100): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', ...(description ? { description } : {}) }),
    IsOptional(),
    IsArray({ message: `${field} must be a list of ${noun} ids` }),
    ArrayMaxSize(max, { message: `${field} may name at most ${max} ${noun}s` }),
    IsUUID('all', { each: true, message: `${field} must hold ${noun} ids` }),
  );
}

/** The version the caller read (optimistic locking: a stale one answers 409). */
export function VersionField(optional = false): PropertyDecorator {
  const doc = { description: 'The version you read; a stale one answers 409' };
  return applyDecorators(
    ...(optional ? [ApiPropertyOptional(doc), IsOptional()] : [ApiProperty(doc)]),
    IsInt({ message: 'version must be an integer' }),
    Min(1, { message: 'version must be at least 1' }),
  );
}

/** A list's page size, 1..200 (a query string number is read as one). */
export function LimitField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ default: 50, maximum: 200 }),
    IsOptional(),
    Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1, { message: 'limit must be 1..200' }),
    Max(200, { message: 'limit must be 1..200' }),
  );
}
