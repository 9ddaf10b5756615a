/**
 * SLA engine: policies, the business calendar, ticket clocks (response, resolution, Tier 2 pick-up)
 * with their pause log, and the BullMQ timers that warn, climb the escalation ladder and breach.
 */
export * from './business-calendar.service';
export * from './business-time';
export * from './dto';
export * from './entities';
export * from './holiday-presets';
export * from './sla-clock.engine';
export * from './sla-lifecycle.hook';
export { rulesOf } from './sla-clock-step';
export * from './sla-policy.service';
export * from './sla-timer.service';
export * from './sla.errors';
export * from './sla.module';
export * from './sla.repository';
export * from './sla.types';
