import { DomainError } from '@desk/common';

export const PASSWORD_MIN_LENGTH = 10;

let common: Set<string> | undefined;

/**
 * About 49,000 passwords seen most often in breaches (the zxcvbn-ts common list), lower case. Read
 * on the first password check, not at start: the dictionary holds several MB of strings that every
 * api process would otherwise keep although passwords are set rarely.
 */
function commonPasswords(): Set<string> {
  if (!common) {
    type Dictionary = typeof import('@zxcvbn-ts/language-common');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dictionary } = require('@zxcvbn-ts/language-common') as Dictionary;
    common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
}

/**
 * Why `password` is not acceptable for the account `email`, or null: at least 10 characters, not
 * a common password (ignoring case), not containing the name part of the email.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'is one of the most common passwords; choose another';
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 3 && lower.includes(name)) return 'must not contain the name part of your email';
  return null;
}

/** Throws a 400 naming `field` when the password breaks the policy. */
export function checkPassword(password: string, email: string, field = 'password'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw DomainError.invalidField(field, `${field} ${problem}`);
}
