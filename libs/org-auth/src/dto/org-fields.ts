import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** The short code of a unit, team or category: 2 to 32 capitals, digits, `-` or `_`. */
export const IsOrgCode = () =>
  applyDecorators(
    IsString(),
    Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, { message: 'code must be 2-32 capitals, digits, - or _' }),
  );

/** The display name of a unit, team or category. */
export const IsOrgName = () => applyDecorators(IsString(), MinLength(3), MaxLength(200));

/** On a PATCH: the field is checked when given; `null` is refused like any wrong type. */
export const WhenGiven = () => ValidateIf((_, value) => value !== undefined);
