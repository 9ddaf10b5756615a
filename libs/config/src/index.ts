/** Typed, validated configuration read once from the environment. */
export * from './app-config';
export * from './config.module';
export * from './logging.module';
export * from './process-memory';
