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
  claimedBy: (status: TicketStatus, holder: { id: string; name: string }) =>
    new DomainError(
      ErrorCode.Conflict,
      `The ticket is already assigned to ${holder.name || 'someone else'}; ask them or a supervisor to reassign it`,
      { currentStatus: status, holder },
    ),
  idempotencyReused: () =>
    new DomainError(
      ErrorCode.Conflict,
      'This Idempotency-Key was already used with a different request body; use a new key for a new ticket',
      { errors: [{ field: 'Idempotency-Key', message: 'already used with a different request body' }] },
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
