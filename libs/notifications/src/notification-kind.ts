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
  /** A pending ticket whose "pending until" came, to its assignee. */
  TicketAutoResumed = 'ticket.auto_resumed',
  IncidentReported = 'incident.reported',
  /** A public reply by an agent, to the requester. */
  TicketReply = 'ticket.reply',
  /** A comment by the requester, to the assignee (or the PD's Tier 1 desk when unassigned). */
  TicketRequesterComment = 'ticket.requester_comment',
  /** Tier 2 sent the ticket back, to the PD's Tier 1 desk. */
  TicketReturned = 'ticket.returned',
  /** The reporter's receipt with the incident number. */
  IncidentReceipt = 'incident.receipt',
  /** A phase change of an incident, to its reporter. */
  IncidentPhaseChanged = 'incident.phase_changed',
  /** An incident's acknowledgement deadline passed unacknowledged, to supervisors. */
  IncidentAckBreached = 'incident.ack_breached',
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
  [NotificationKind.TicketAutoResumed]: 'ticketAutoResumed',
  [NotificationKind.IncidentReported]: 'incidentReported',
  [NotificationKind.TicketReply]: 'ticketReply',
  [NotificationKind.TicketRequesterComment]: 'ticketRequesterComment',
  [NotificationKind.TicketReturned]: 'ticketReturned',
  // Every incident mail shares the one (essential) switch: incidents are never optional reading.
  [NotificationKind.IncidentReceipt]: 'incidentReported',
  [NotificationKind.IncidentPhaseChanged]: 'incidentReported',
  [NotificationKind.IncidentAckBreached]: 'incidentReported',
};

/** Mail nobody can turn off: the receipt of one's own report, security incidents, SLA breaches. */
export const ESSENTIAL_KINDS: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.TicketReceipt,
  NotificationKind.IncidentReported,
  NotificationKind.IncidentReceipt,
  NotificationKind.IncidentPhaseChanged,
  NotificationKind.IncidentAckBreached,
  NotificationKind.SlaBreached,
]);

export type NotificationPreferences = Record<string, boolean>;

/** Whether a user with these stored preferences gets this kind of mail (on unless switched off). */
export function wantsNotification(prefs: NotificationPreferences | null | undefined, kind: NotificationKind) {
  return ESSENTIAL_KINDS.has(kind) || prefs?.[PREFERENCE_KEYS[kind]] !== false;
}
