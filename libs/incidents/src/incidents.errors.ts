import { DomainError, ErrorCode } from '@desk/common';
import { IncidentPhase } from './incident.types';

export const IncidentErrors = {
  notFound: () => DomainError.notFound('Incident'),
  notAllowed: (what: string) => DomainError.forbidden(`Only the CSIRT may ${what} on this incident`),
  phaseSkipped: (current: IncidentPhase, wanted: string, next: IncidentPhase | null) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      next
        ? `Cannot move an incident whose phase is '${current}' to '${wanted}': the next phase is '${next}'`
        : `Cannot move an incident whose phase is '${current}': it is closed`,
      { currentPhase: current },
    ),
  closed: (what: string) =>
    new DomainError(ErrorCode.InvalidTransition, `Cannot ${what} a closed incident`, {
      currentPhase: IncidentPhase.Closed,
    }),
  stale: (current: number) =>
    new DomainError(
      ErrorCode.StaleVersion,
      `The incident was changed by someone else (current version ${current}); reload it`,
      { currentVersion: current },
    ),
};
