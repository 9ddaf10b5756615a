import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

type Translate = TFunction<'translation'>;

/**
 * The api's field messages are English sentences; in Bahasa Indonesia the common ones are said in
 * plain Indonesian (the English message stays for anything not recognised).
 */
export function translateFieldMessage(message: string, t: Translate, lang: string): string {
  if (lang === 'en') return message.charAt(0).toUpperCase() + message.slice(1);
  const m = message.toLowerCase();
  let match: RegExpExecArray | null;
  if ((match = /at least (\d+) characters/.exec(m)))
    return t('errors.field.min', { count: Number(match[1]) });
  if ((match = /at most (\d+) characters/.exec(m))) return t('errors.field.max', { count: Number(match[1]) });
  if (m.includes('email address')) return t('errors.field.email');
  if (m.includes('18 digits')) return t('errors.field.nip');
  if (m.includes('capitals')) return t('errors.field.code');
  if (m.includes('from 1 to 5')) return t('errors.field.score');
  if (m.includes('uuid')) return t('errors.field.uuid');
  if (m.includes('must be one of') || /must be \d, \d or \d/.test(m) || m.includes('must each be one of'))
    return t('errors.field.choice');
  if (m.includes('integer')) return t('errors.field.integer');
  if (m.includes('already in use')) return t('errors.field.exists');
  if (m.includes('not found')) return t('errors.field.notFound');
  if (m.includes('should not be empty') || m.includes('must not be empty') || m.includes('is required'))
    return t('errors.field.required');
  if (m.includes('roles must contain at least')) return t('errors.field.rolesMin');
  if (m.includes('most common passwords')) return t('password.common');
  if (m.includes('name part of your email')) return t('password.containsName');
  if (m.includes('currentpassword is wrong')) return t('password.wrongCurrent');
  if (m.includes('must differ from the current')) return t('password.same');
  return message;
}

/** One plain sentence for any failure, by HTTP status (and the ticket's current status on 409). */
export function problemMessage(error: unknown, t: Translate): string {
  if (!isApiError(error)) return t('errors.unknown');
  if (error.network) return t('errors.network');
  const p = error.problem;
  switch (error.status) {
    case 400:
      return t('errors.badRequest');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      if (p?.currentStatus)
        return t('errors.conflict', { status: t(`status.${p.currentStatus as 'new'}`, p.currentStatus) });
      return t('errors.conflictGeneric');
    case 413:
      return t('errors.tooLarge');
    case 415:
      return t('errors.unsupported');
    case 429:
      return t('errors.rateLimited');
    case 503:
      return t('errors.unavailable');
    default:
      return error.status >= 500 ? t('errors.server') : t('errors.unknown');
  }
}

interface FormLike {
  setFieldError: (path: never, error: string) => void;
}

/**
 * Puts each `errors[].field` of a problem next to its input (`fieldMap` renames api fields to form
 * paths: a table, or a function for indexed fields such as `recipients.2.email`). Returns the
 * message for the form as a whole when some error could not be placed, else null.
 */
export function applyProblemToForm(
  form: FormLike,
  error: unknown,
  t: Translate,
  lang: string,
  knownFields: readonly string[],
  fieldMap: Record<string, string> | ((field: string) => string) = {},
): string | null {
  if (!isApiError(error)) return t('errors.unknown');
  const pathOf = (field: string) =>
    typeof fieldMap === 'function' ? fieldMap(field) : (fieldMap[field] ?? field);
  const fieldErrors = error.fieldErrors();
  let unplaced = fieldErrors.length === 0;
  for (const fe of fieldErrors) {
    const path = pathOf(fe.field);
    if (knownFields.includes(path))
      form.setFieldError(path as never, translateFieldMessage(fe.message, t, lang));
    else unplaced = true;
  }
  if (!unplaced) return null;
  const other = fieldErrors.filter((fe) => !knownFields.includes(pathOf(fe.field)));
  if (other.length)
    return other.map((fe) => `${fe.field}: ${translateFieldMessage(fe.message, t, lang)}`).join(' ');
  return problemMessage(error, t);
}
