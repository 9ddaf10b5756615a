import { DomainError, ErrorCode, FieldError } from '@desk/common';

export const SlaErrors = {
  policyNotFound: () => DomainError.notFound('SLA policy'),
  /** A 400 naming every bad field. */
  invalid: (errors: FieldError[]) =>
    new DomainError(
      ErrorCode.Validation,
      errors.length === 1 ? errors[0].message : 'Some fields are invalid',
      {
        errors,
      },
    ),
  duplicateMatch: () =>
    new DomainError(ErrorCode.Conflict, 'A policy for this kind and priority already exists', {
      errors: [{ field: 'priority', message: 'a policy with the same kind and priority already exists' }],
    }),
};
