// Data source for the TypeORM CLI (`npm run migration:*`); scripts/migration.mjs provides DATABASE_URL.
import 'reflect-metadata';
import { dataSourceOptions, OutboxEvent } from '@desk/database';
import { ORG_ENTITIES } from '@desk/org-auth';
import { TICKET_ENTITIES } from '@desk/tickets';
import { DataSource } from 'typeorm';

export default new DataSource(
  dataSourceOptions({
    url: process.env.DATABASE_URL ?? '',
    entities: [OutboxEvent, ...ORG_ENTITIES, ...TICKET_ENTITIES],
  }),
);
