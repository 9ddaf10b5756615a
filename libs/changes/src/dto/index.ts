export * from './change.dto';
