/** Shared building blocks with no dependencies on other libs: domain errors and the clock. */
export * from './domain-error';
export * from './clock';
export * from './refreshing-value';
export * from './connection-errors';
