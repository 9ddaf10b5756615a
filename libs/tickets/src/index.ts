/** Tier 1 ticket core: entities, lifecycle rules, visibility, repository and service. */
export * from './attachment.storage';
export * from './business-days';
export * from './dto';
export * from './entities';
export * from './escalation.repository';
export * from './priority';
export * from './ticket-transitions';
export * from './reply-template.service';
export * from './ticket-bulk.service';
export * from './ticket-lifecycle.hook';
export * from './ticket-links.service';
export * from './ticket-visibility';
export * from './ticket.repository';
export * from './ticket.service';
export * from './ticket.view';
export * from './tickets.errors';
export * from './tickets.module';
