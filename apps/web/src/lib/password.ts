import type { TFunction } from 'i18next';

/** New and repeated password, checked alike on the reset and profile forms. */
export function newPasswordRules(t: TFunction<'translation'>) {
  return {
    newPassword: (v: string) => (v.length >= 10 ? null : t('errors.field.min', { count: 10 })),
    repeat: (v: string, values: { newPassword: string }) =>
      v === values.newPassword ? null : t('password.mismatch'),
  };
}
