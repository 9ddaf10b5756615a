/** Queue contracts (names, payloads, job ids) and the BullMQ producers. */
export * from './queue-names';
export * from './queue.module';
export * from './queue.service';
export * from './ticket-events';
export * from './record-events';
