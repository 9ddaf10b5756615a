// Data source for the TypeORM CLI (`npm run migration:*`); scripts/migration.mjs provides DATABASE_URL.
// The entities are the api's own list (ENTITIES of apps/api/src/api.module.ts), so that
// `migration:generate` compares the database with every entity the app maps, not a second list.
import 'reflect-metadata';
import { dataSourceOptions } from '@desk/database';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../apps/api/src/api.module';

export default new DataSource(
  dataSourceOptions({
    url: process.env.DATABASE_URL ?? '',
    entities: ENTITIES,
  }),
);
