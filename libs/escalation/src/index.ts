/** Tier 2 work queues (counts, claim next) and the escalation routing pipeline on BullMQ. */
export * from './dto/work-queue.view';
export * from './escalation-routing.service';
export * from './escalation.errors';
export * from './escalation.module';
export * from './work-queue.service';
