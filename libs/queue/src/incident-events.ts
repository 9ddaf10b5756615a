/**
 * Live security-incident events: the worker publishes one message per relayed `incident.*` outbox
 * event on a Redis pub/sub channel of its own (never the ticket channel); every api replica pushes
 * it to its CSIRT and supervisor Server-Sent Events clients. Pub/sub does not store, so each message
 * carries its outbox event id: a client that reconnects sends the last id it saw and the api replays
 * the rest from the outbox table.
 */
export const incidentEventsChannel = (queuePrefix: string): string => `${queuePrefix}:incident-events`;

/** What travels on the channel and what a stream client receives (the id is the SSE `id:`). */
export interface IncidentStreamEvent {
  /** The outbox event id (a bigint as a string): ordered, so replay can resume after it. */
  eventId: string;
  type: string;
  incidentId: string;
}
