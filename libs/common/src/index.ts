/** Shared building blocks with no dependencies on other libs: domain errors and the clock. */
export * from './domain-error';
export * from './clock';
export * from './clock.module';
export * from './refreshing-value';
