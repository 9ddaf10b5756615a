/** Tier 2 work queues (counts, claim next). Escalations themselves are ticket transitions (@desk/tickets). */
export * from './dto/work-queue.view';
export * from './escalation.errors';
export * from './escalation.module';
export * from './work-queue.service';
