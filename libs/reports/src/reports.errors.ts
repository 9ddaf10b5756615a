import { DomainError, ErrorCode, FieldError } from '@desk/common';

export const ReportErrors = {
  invalid: (errors: FieldError[]) =>
    new DomainError(ErrorCode.Validation, 'Some fields are invalid', { errors }),
  otherPd: () => DomainError.forbidden('A PD head reads and subscribes to the reports of their own PD only'),
  regencyWide: () => DomainError.forbidden('Only Dinas supervisors read the regency-wide report'),
  subscriptionNotFound: () => DomainError.notFound('Report subscription'),
};
