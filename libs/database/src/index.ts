/** PostgreSQL access shared by every lib: options, migrations, transactions and the outbox. */
export * from './data-source-options';
export * from './database.module';
export * from './outbox-event.entity';
export * from './outbox.repository';
export * from './prepared-query';
export * from './snake-naming.strategy';
export * from './sql';
export * from './transaction.runner';
export * from './record-history';
export * from './record-store';
