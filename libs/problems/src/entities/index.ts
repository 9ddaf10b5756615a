import { Problem, ProblemEvent, ProblemIncident, ProblemTicket } from './problem.entity';

export * from './problem.entity';

export const PROBLEM_ENTITIES = [Problem, ProblemTicket, ProblemEvent, ProblemIncident];
