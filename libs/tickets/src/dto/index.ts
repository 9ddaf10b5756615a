export * from './comment.dto';
export * from './create-ticket.dto';
export * from './escalation.dto';
export * from './list-tickets.query';
export * from './ticket-action.dto';
export * from './update-ticket.dto';
