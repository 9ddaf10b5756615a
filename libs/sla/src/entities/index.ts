import { BusinessCalendarEntity } from './business-calendar.entity';
import { SlaPolicyEntity } from './sla-policy.entity';
import { TicketSlaClockEntity } from './ticket-sla-clock.entity';
import { TicketSlaPauseEntity } from './ticket-sla-pause.entity';

export * from './business-calendar.entity';
export * from './sla-policy.entity';
export * from './ticket-sla-clock.entity';
export * from './ticket-sla-pause.entity';

export const SLA_ENTITIES = [
  SlaPolicyEntity,
  BusinessCalendarEntity,
  TicketSlaClockEntity,
  TicketSlaPauseEntity,
];
