export * from './ticket-attachment.entity';
export * from './ticket-comment.entity';
export * from './ticket-escalation.entity';
export * from './ticket-event.entity';
export * from './ticket.entity';

import { TicketAttachment } from './ticket-attachment.entity';
import { TicketComment } from './ticket-comment.entity';
import { TicketEscalation } from './ticket-escalation.entity';
import { TicketEvent } from './ticket-event.entity';
import { Ticket } from './ticket.entity';

export const TICKET_ENTITIES = [Ticket, TicketComment, TicketEvent, TicketAttachment, TicketEscalation];
