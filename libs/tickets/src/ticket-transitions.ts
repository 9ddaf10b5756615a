import { LIMITS } from '@desk/contracts';
import { TicketStatus } from './entities/ticket.entity';

const { New, Assigned, InProgress, Pending, Resolved, Closed, Cancelled } = TicketStatus;

export enum TicketAction {
  Assign = 'assign',
  Claim = 'claim',
  Start = 'start',
  Pend = 'pend',
  Resume = 'resume',
  Resolve = 'resolve',
  Reopen = 'reopen',
  Close = 'close',
  Cancel = 'cancel',
  Escalate = 'escalate',
  Return = 'return',
}

export const OPEN_STATUSES = [New, Assigned, InProgress, Pending];
export const FINAL_STATUSES = [Closed, Cancelled];

/**
 * Minimum length of every written reason: escalation, return, pending, reopening, cancelling and
 * the resolution note. One number, so no dialog asks for less than another (the web reads the same
 * value from the contracts' LIMITS).
 */
export const REASON_MIN = LIMITS.reasonMin;
/** An escalation reason follows the same rule. */
export const ESCALATION_REASON_MIN = REASON_MIN;

/** Who may take an action on a ticket they can see, besides the agents working its queue. */
export type ActionParty = 'agent' | 'requester-or-agent';

/** docs/domain.md, "Ticket lifecycle": the statuses each action starts from, where it leads, and who may take it. */
export const TRANSITIONS: Record<TicketAction, { from: TicketStatus[]; to: TicketStatus; by: ActionParty }> =
  {
    [TicketAction.Assign]: { from: [New, Assigned, InProgress], to: Assigned, by: 'agent' },
    [TicketAction.Claim]: { from: [New, Assigned], to: Assigned, by: 'agent' },
    [TicketAction.Start]: { from: [Assigned], to: InProgress, by: 'agent' },
    [TicketAction.Pend]: { from: [Assigned, InProgress], to: Pending, by: 'agent' },
    [TicketAction.Resume]: { from: [Pending], to: InProgress, by: 'agent' },
    [TicketAction.Resolve]: { from: [Assigned, InProgress, Pending], to: Resolved, by: 'agent' },
    [TicketAction.Reopen]: { from: [Resolved], to: InProgress, by: 'requester-or-agent' },
    [TicketAction.Close]: { from: [Resolved], to: Closed, by: 'requester-or-agent' },
    [TicketAction.Cancel]: { from: OPEN_STATUSES, to: Cancelled, by: 'requester-or-agent' },
    // Escalate needs tier 1 and Return tier 2 as well (409 otherwise); Return lands on `assigned`
    // when the previous Tier 1 agent is still there, else on `new`.
    [TicketAction.Escalate]: { from: OPEN_STATUSES, to: New, by: 'agent' },
    [TicketAction.Return]: { from: OPEN_STATUSES, to: Assigned, by: 'agent' },
  };
