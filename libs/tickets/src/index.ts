/** Tier 1 ticket core: entities, lifecycle rules, visibility, repository and service. */
export * from './attachment.storage';
export * from './business-days';
export * from './dto';
export * from './entities';
export * from './escalation.repository';
export * from './history-text';
export * from './priority';
export * from './queue-clock';
export * from './ticket-transitions';
export * from './ticket-lifecycle.hook';
export * from './ticket-visibility';
export * from './ticket.repository';
export * from './ticket.service';
export * from './ticket.view';
export * from './tickets.errors';
export * from './tickets.module';
