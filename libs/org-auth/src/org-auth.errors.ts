import { DomainError, ErrorCode } from '@desk/common';

export const OrgErrors = {
  duplicate: (field: string, value: string) =>
    new DomainError(ErrorCode.Conflict, `${field} '${value}' is already in use`, {
      errors: [{ field, message: `'${value}' is already in use` }],
    }),
  securityTeamExists: () =>
    DomainError.invalidField('security', 'a security (CSIRT) team already exists; there is exactly one'),
  teamNotFound: () => DomainError.invalidField('teamId', 'team not found'),
  badCredentials: () => new DomainError(ErrorCode.Unauthorized, 'Email or password is wrong'),
  invalidToken: () => new DomainError(ErrorCode.Unauthorized, 'Missing, invalid or expired access token'),
  directoryOtherPd: () => DomainError.forbidden('A PD head looks up the users of their own PD only'),
  directoryRoles: () => DomainError.forbidden('The user directory is for admins, supervisors and PD heads'),
};
