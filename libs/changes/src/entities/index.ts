import { ChangeEvent, ChangeProblem, ChangeTicket } from './change-event.entity';
import { ChangeRequest } from './change-request.entity';

export * from './change-event.entity';
export * from './change-request.entity';

export const CHANGE_ENTITIES = [ChangeRequest, ChangeEvent, ChangeTicket, ChangeProblem];
