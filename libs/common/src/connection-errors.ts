/** The part of a Nest `Logger` (or any logger) the error reporter needs. */
export interface WarnLogger {
  warn(message: string): void;
}

/** Anything that emits `error` events: an ioredis client, a BullMQ queue or worker, a pg client. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** How often one connection may log the same failure while it keeps reconnecting. */
export const CONNECTION_ERROR_LOG_EVERY_MS = 60_000;

/**
 * A listener for the `error` events of a connection that reconnects by itself (ioredis, BullMQ). The
 * first failure is logged at once; while the connection keeps failing, at most one line per minute
 * with the count of the errors in between. Nothing is swallowed silently.
 */
export function connectionErrorLog(
  logger: WarnLogger,
  what: string,
  now: () => number = Date.now,
): (error: Error) => void {
  let lastLoggedAt = -Infinity;
  let suppressed = 0;
  return (error: Error) => {
    const at = now();
    if (at - lastLoggedAt < CONNECTION_ERROR_LOG_EVERY_MS) {
      suppressed++;
      return;
    }
    const more = suppressed ? ` (${suppressed} more since the last report)` : '';
    logger.warn(`${what}: ${error?.message ?? String(error)}${more}`);
    lastLoggedAt = at;
    suppressed = 0;
  };
}

/**
 * Attaches `connectionErrorLog` to an emitter. An `error` listener is needed anyway: without one
 * Node turns the event into an uncaught exception.
 */
export function reportConnectionErrors(
  emitter: ErrorEmitter,
  logger: WarnLogger,
  what: string,
  now: () => number = Date.now,
): void {
  emitter.on('error', connectionErrorLog(logger, what, now));
}
