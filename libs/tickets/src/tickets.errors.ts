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
};
