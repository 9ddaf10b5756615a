/**
 * Queue and job names. WARNING: these strings are stored in Redis with every job; renaming one strands
 * the jobs already queued under the old name. A rename needs a migration plan.
 */
export enum QueueName {
  /** Outbox events relayed from PostgreSQL; consumed by the domain event handlers. */
  DomainEvents = 'domain-events',
  /** Recurring housekeeping (auto-close of resolved tickets). */
  Maintenance = 'maintenance',
}

export enum JobName {
  DomainEvent = 'domain-event',
  TicketAutoClose = 'ticket-auto-close',
}

/** Payload of a relayed outbox event: ids only; handlers re-read PostgreSQL. */
export interface DomainEventJob {
  eventId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Job ids from what makes a job unique. BullMQ refuses ':' and all-digit custom ids, and only dedupes
 * while the first job is stored, so handlers stay idempotent regardless.
 */
export const jobIds = {
  domainEvent: (eventId: string) => `event_${eventId}`,
};

/** Stable ids of the job schedulers registered at worker start. */
export const schedulerIds = {
  ticketAutoClose: 'ticket-auto-close',
};
