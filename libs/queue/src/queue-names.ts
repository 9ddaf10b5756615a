/**
 * Queue and job names. WARNING: these strings are stored in Redis with every job; renaming one strands
 * the jobs already queued under the old name. A rename needs a migration plan. The `escalations` queue
 * and its `escalation-route` job were retired by migration 1796900000000 (routing happens in the
 * escalation's transaction now).
 */
export enum QueueName {
  /** Outbox events relayed from PostgreSQL; consumed by the domain event handlers. */
  DomainEvents = 'domain-events',
  /** Recurring housekeeping (auto-close of resolved tickets). */
  Maintenance = 'maintenance',
  /** SLA timers: one delayed job per running clock's next step, and the periodic reconciliation. */
  SlaTimers = 'sla-timers',
  /** Mail outbox deliveries (one job per mail_message row). */
  Mail = 'mail',
  /** Scheduled and on-demand report deliveries. */
  Reports = 'reports',
  /** "Pending until" timers: one delayed job per wait, and their periodic reconciliation. */
  TicketTimers = 'ticket-timers',
  /** Pre-window notices of scheduled changes, and their reconciliation. */
  ChangeTimers = 'change-timers',
}

export enum JobName {
  DomainEvent = 'domain-event',
  TicketAutoClose = 'ticket-auto-close',
  // Mails the owners of knowledge-base articles whose review date has come (once per date).
  KbReviewReminders = 'kb-review-reminders',
  SlaWarn = 'sla-warn',
  SlaBreach = 'sla-breach',
  SlaLadder = 'sla-ladder',
  SlaReconcile = 'sla-reconcile',
  /** A security incident's acknowledgement deadline (same queue and reconciliation as the SLA timers). */
  IncidentAckBreach = 'incident-ack-breach',
  EmailSend = 'email-send',
  ReportDeliver = 'report-deliver',
  TicketResume = 'ticket-resume',
  TicketResumeReconcile = 'ticket-resume-reconcile',
  ChangeNotice = 'change-notice',
  ChangeReconcile = 'change-reconcile',
}

/** Payload of `change-notice`: the change and the window revision the notice is for. */
export interface ChangeNoticeJob {
  changeId: string;
  revision: number;
}

/** Payload of `ticket-resume`: the ticket and the end of its wait (ISO); a changed wait makes it stale. */
export interface TicketResumeJob {
  ticketId: string;
  until: string;
}

/** Payload of a relayed outbox event: ids only; handlers re-read PostgreSQL. */
export interface DomainEventJob {
  eventId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Payload of `email-send`: the mail_message row to send (the handler re-reads it). */
export interface EmailSendJob {
  mailId: string;
}

/**
 * Payload of `report-deliver`. Scheduled runs carry only the subscription (the period follows from
 * the job's scheduled time); send-now carries the delivery row it created.
 */
export interface ReportDeliverJob {
  subscriptionId: string;
  deliveryId?: string;
  /** Epoch millis standing in for the scheduled time (catch-up runs and tests). */
  firedAt?: number;
}

/**
 * Payload of `sla-warn`, `sla-breach` and `sla-ladder`: the clock and its revision. The handler re-reads
 * PostgreSQL and fires whatever is due on that clock; a job of an older revision is stale.
 */
export interface SlaTimerJob {
  ticketId: string;
  clock: string;
  revision: number;
  /** The ladder level (1-based) an `sla-ladder` job is for. */
  level?: number;
}

/** Payload of `incident-ack-breach`: the incident and its acknowledgement clock's revision. */
export interface IncidentAckJob {
  incidentId: string;
  revision: number;
}

/**
 * Job ids from what makes a job unique. BullMQ refuses ':' and all-digit custom ids, and only dedupes
 * while the first job is stored, so handlers stay idempotent regardless.
 */
export const jobIds = {
  domainEvent: (eventId: string) => `event_${eventId}`,
  slaWarn: (ticketId: string, clock: string, revision: number) =>
    `sla-warn_${ticketId}_${clock}_r${revision}`,
  slaBreach: (ticketId: string, clock: string, revision: number) =>
    `sla-breach_${ticketId}_${clock}_r${revision}`,
  slaLadder: (ticketId: string, clock: string, level: number, revision: number) =>
    `sla-ladder_${ticketId}_${clock}_l${level}_r${revision}`,
  /** The wait's end (epoch millis) is its revision: a new pend makes a new job. */
  ticketResume: (ticketId: string, until: string) => `ticket-resume_${ticketId}_r${Date.parse(until)}`,
  incidentAckBreach: (incidentId: string, revision: number) =>
    `incident-ack-breach_${incidentId}_r${revision}`,
  emailSend: (mailId: string) => `email-send_${mailId}`,
  /** `periodKey` is the local start date of the period (YYYY-MM-DD): BullMQ refuses ':' in ids. */
  reportDeliver: (subscriptionId: string, periodKey: string) =>
    `report-deliver_${subscriptionId}_${periodKey}`,
  reportDeliverManual: (deliveryId: string) => `report-deliver_manual_${deliveryId}`,
  changeNotice: (changeId: string, revision: number) => `change-notice_${changeId}_r${revision}`,
};

/** Stable ids of the job schedulers registered at worker start. */
export const schedulerIds = {
  ticketAutoClose: 'ticket-auto-close',
  kbReviewReminders: 'kb-review-reminders',
  slaReconcile: 'sla-reconcile',
  ticketResumeReconcile: 'ticket-resume-reconcile',
  changeReconcile: 'change-reconcile',
  reportSubscription: (subscriptionId: string) => `report-subscription_${subscriptionId}`,
};
