/** Problems: the causes behind tickets, their status, and the mail that resolving them sends. */
export * from './dto';
export * from './entities';
export * from './problem-status';
export * from './problem-visibility';
export * from './problem.repository';
export * from './problem.service';
export * from './problems.errors';
export * from './problems.module';
