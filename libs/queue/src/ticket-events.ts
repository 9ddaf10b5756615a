import type { Named, PriorityName, QueueClock, TicketStatusName } from '@desk/contracts';
/**
 * Live ticket events: the worker publishes one message per relayed `ticket.*` outbox event on a Redis
 * pub/sub channel; every api replica subscribes and pushes it to its Server-Sent Events clients.
 * Best effort by design (pub/sub does not store): clients also poll, so a lost message only delays.
 */
export const ticketEventsChannel = (queuePrefix: string): string => `${queuePrefix}:ticket-events`;

/**
 * The fields of a queue row that a live event sets at once (the row's status badge, assignee,
 * priority and tier), read when the event was published; `version` lets an action on the row
 * that follows use the right version without a refetch.
 */
export interface TicketLiveRow {
  status: TicketStatusName;
  priority: PriorityName;
  tier: number;
  assignee: Named | null;
  version: number;
}

/** What travels on the channel: enough for each replica to filter by visibility without a query. */
export interface TicketChangeMessage {
  type: string;
  ticketId: string;
  unitId: string;
  teamId: string | null;
  requesterId: string;
  escalated: boolean;
  /** The ticket's queue clock when the event was published (absent when the ticket is gone). */
  queueClock?: QueueClock;
  /** The ticket's row fields when the event was published (absent when the ticket is gone). */
  row?: TicketLiveRow;
}

/**
 * Who may see a ticket as of one event, written into that event's outbox payload (`visibility`) so the
 * publisher does not read a later state: an event from before an escalation must not reach Tier 2.
 */
export interface TicketVisibilitySnapshot {
  unitId: string;
  teamId: string | null;
  requesterId: string;
  escalated: boolean;
}

/** What an SSE client receives (no requester id: visibility is decided on the server). */
export interface TicketStreamEvent {
  type: string;
  ticketId: string;
  unitId: string;
  teamId: string | null;
  /**
   * Which clock orders the ticket now, its due time and state, computed when the event left the
   * worker, so a live-updated row never shows the clock of before the change. Null when unknown.
   */
  queueClock: QueueClock | null;
  /** Status, priority, tier, assignee and version as the event left the worker; null when unknown. */
  row: TicketLiveRow | null;
}
