import { DomainError, ErrorCode } from '@desk/common';
import { TicketStatus } from './entities/ticket.entity';

export const TicketErrors = {
  notFound: () => DomainError.notFound('Ticket'),
  invalidTransition: (action: string, status: TicketStatus) =>
    new DomainError(ErrorCode.InvalidTransition, `Cannot ${action} a ticket whose status is '${status}'`, {
      currentStatus: status,
    }),
  stale: (current: number) =>
    new DomainError(
      ErrorCode.StaleVersion,
      `The ticket was changed by someone else (current version ${current}); reload it`,
      {
        currentVersion: current,
      },
    ),
  notAllowed: (what: string) => DomainError.forbidden(`You may not ${what} on this ticket`),
  alreadyEscalated: (status: TicketStatus) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `Cannot escalate a ticket whose status is '${status}' at Tier 2: it is already escalated; return it to Tier 1 first`,
      { currentStatus: status, currentTier: 2 },
    ),
  notEscalated: (status: TicketStatus) =>
    new DomainError(
      ErrorCode.InvalidTransition,
      `Cannot return a ticket whose status is '${status}' at Tier 1: only an escalated ticket goes back to Tier 1`,
      { currentStatus: status, currentTier: 1 },
    ),
};
