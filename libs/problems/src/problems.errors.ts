import { DomainError, ErrorCode } from '@desk/common';
import { ProblemStatus } from './entities/problem.entity';

export const ProblemErrors = {
  notFound: () => DomainError.notFound('Problem'),
  stale: (current: number) =>
    new DomainError(
      ErrorCode.StaleVersion,
      `The problem was changed by someone else (current version ${current}); reload it`,
      { currentVersion: current },
    ),
  invalidTransition: (current: ProblemStatus, to: ProblemStatus, allowed: ProblemStatus[]) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `Cannot move a problem whose status is '${current}' to '${to}'` +
        (allowed.length ? `; from '${current}' it may go to ${allowed.join(', ')}` : ''),
      { currentStatus: current },
    ),
  notEditable: (current: ProblemStatus) =>
    new DomainError(ErrorCode.InvalidTransition, `Cannot edit a problem whose status is '${current}'`, {
      currentStatus: current,
    }),
  notAllowed: (what: string) => DomainError.forbidden(`Only Tier 2 and supervisors may ${what}`),
};
