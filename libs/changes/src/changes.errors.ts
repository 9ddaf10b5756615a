import { DomainError, ErrorCode } from '@desk/common';
import { ChangePhase } from './entities/change-request.entity';

export const ChangeErrors = {
  notFound: () => DomainError.notFound('Change'),
  stale: (current: number) =>
    new DomainError(
      ErrorCode.StaleVersion,
      `The change was changed by someone else (current version ${current}); reload it`,
      { currentVersion: current },
    ),
  skip: (current: ChangePhase, to: ChangePhase, allowed: ChangePhase[]) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `Cannot move a change in phase '${current}' to '${to}'` +
        (allowed.length ? `; from '${current}' it may go to ${allowed.join(', ')}` : ''),
      { currentPhase: current, currentStatus: current },
    ),
  notEditable: (current: ChangePhase) =>
    new DomainError(ErrorCode.InvalidTransition, `Cannot edit a change in phase '${current}'`, {
      currentPhase: current,
      currentStatus: current,
    }),
  needsApproval: (current: ChangePhase) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `An emergency change in phase '${current}' must be approved by a supervisor before evaluation`,
      { currentPhase: current, currentStatus: current },
    ),
  noDecisionPending: (current: ChangePhase) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `The change in phase '${current}' awaits no approval decision`,
      { currentPhase: current, currentStatus: current },
    ),
  onlySupervisorDecides: () => DomainError.forbidden('Only a supervisor approves or rejects a change'),
  notAllowed: (what: string) => DomainError.forbidden(`You may not ${what} this change`),
};
