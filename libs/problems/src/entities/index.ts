import { Problem, ProblemEvent, ProblemTicket } from './problem.entity';

export * from './problem.entity';

export const PROBLEM_ENTITIES = [Problem, ProblemTicket, ProblemEvent];
