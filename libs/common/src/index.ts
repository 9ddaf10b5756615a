/** Shared building blocks with no dependencies on other libs: domain errors, the clock, shared DTO fields. */
export * from './domain-error';
export * from './clock';
export * from './clock.module';
export * from './refreshing-value';
export * from './dto-fields';
export * from './connection-errors';
export * from './json-text';
export * from './pure-query';
export * from './group-commit';
