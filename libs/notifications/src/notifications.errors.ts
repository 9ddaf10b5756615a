import { DomainError, ErrorCode } from '@desk/common';

export const NotificationErrors = {
  essential: (keys: string[]) =>
    new DomainError(ErrorCode.Validation, 'Essential notifications cannot be turned off', {
      errors: keys.map((key) => ({
        field: `notifications.${key}`,
        message: `notifications.${key} is essential and cannot be turned off`,
      })),
    }),
};
