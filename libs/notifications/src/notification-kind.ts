/**
 * What a notification is about. The values are stored in mail_message.kind; the preference keys are
 * what users switch on and off (`PATCH /users/me/preferences`).
 */
export enum NotificationKind {
  /** The requester's receipt with the ticket number. */
  TicketReceipt = 'ticket.receipt',
  /** A new ticket, to the PD's Tier 1 technicians. */
  TicketCreated = 'ticket.created',
  TicketAssigned = 'ticket.assigned',
  TicketEscalated = 'ticket.escalated',
  SlaWarned = 'sla.warned',
  SlaBreached = 'sla.breached',
  SlaLadder = 'sla.ladder',
  TicketResolved = 'ticket.resolved',
  IncidentReported = 'incident.reported',
  /** A public reply by an agent, to the requester. */
  TicketReply = 'ticket.reply',
  /** A comment by the requester, to the assignee (or the PD's Tier 1 desk when unassigned). */
  TicketRequesterComment = 'ticket.requester_comment',
  /** Tier 2 sent the ticket back, to the PD's Tier 1 desk. */
  TicketReturned = 'ticket.returned',
  /** A pending ticket resumed by itself (pend until), to the assignee. */
  TicketResumed = 'ticket.resumed',
}

export const PREFERENCE_KEYS: Record<NotificationKind, string> = {
  [NotificationKind.TicketReceipt]: 'ticketReceipt',
  [NotificationKind.TicketCreated]: 'ticketCreated',
  [NotificationKind.TicketAssigned]: 'ticketAssigned',
  [NotificationKind.TicketEscalated]: 'ticketEscalated',
  [NotificationKind.SlaWarned]: 'slaWarned',
  [NotificationKind.SlaBreached]: 'slaBreached',
  [NotificationKind.SlaLadder]: 'slaLadder',
  [NotificationKind.TicketResolved]: 'ticketResolved',
  [NotificationKind.IncidentReported]: 'incidentReported',
  [NotificationKind.TicketReply]: 'ticketReply',
  [NotificationKind.TicketRequesterComment]: 'ticketRequesterComment',
  [NotificationKind.TicketReturned]: 'ticketReturned',
  [NotificationKind.TicketResumed]: 'ticketResumed',
};

/** Mail nobody can turn off: the receipt of one's own report, security incidents, SLA breaches. */
export const ESSENTIAL_KINDS: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.TicketReceipt,
  NotificationKind.IncidentReported,
  NotificationKind.SlaBreached,
]);

export type NotificationPreferences = Record<string, boolean>;

/** Whether a user with these stored preferences gets this kind of mail (on unless switched off). */
export function wantsNotification(prefs: NotificationPreferences | null | undefined, kind: NotificationKind) {
  return ESSENTIAL_KINDS.has(kind) || prefs?.[PREFERENCE_KEYS[kind]] !== false;
}
