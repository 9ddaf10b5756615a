/**
 * Live record events (security incidents, changes, problems): the worker publishes one message per
 * relayed `<kind>.*` outbox event on a Redis pub/sub channel per kind (never the ticket channel);
 * every api replica pushes it to the stream clients who may see that record. Pub/sub does not store,
 * so each message carries its outbox event id: a client that reconnects sends the last id it saw and
 * the api replays the rest from the outbox table.
 */
export const RECORD_KINDS = ['incident', 'change', 'problem'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const recordEventsChannel = (queuePrefix: string, kind: RecordKind): string =>
  `${queuePrefix}:${kind}-events`;

/** What travels on a record channel (the id is the SSE `id:`). */
export interface RecordStreamEvent {
  /** The outbox event id (a bigint as a string): ordered, so replay can resume after it. */
  eventId: string;
  type: string;
  recordId: string;
}
