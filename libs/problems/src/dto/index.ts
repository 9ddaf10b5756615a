export * from './problem.dto';
