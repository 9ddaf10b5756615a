import { LIMITS } from '@desk/contracts';
import type { TFunction } from 'i18next';

/** New and repeated password, checked alike on the reset and profile forms. */
export function newPasswordRules(t: TFunction<'translation'>) {
  return {
    newPassword: (v: string) =>
      v.length >= LIMITS.passwordMin ? null : t('errors.field.min', { count: LIMITS.passwordMin }),
    repeat: (v: string, values: { newPassword: string }) =>
      v === values.newPassword ? null : t('password.mismatch'),
  };
}
