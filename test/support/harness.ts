import 'reflect-metadata';
import { AppConfig, loadConfig } from '@desk/config';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { WorkerModule } from '../../apps/worker/src/worker.module';

const TEMPLATE_DB = 'desk_template';

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    // A dedicated admin client (CREATE DATABASE runs outside the app's pool); it reads no rows.
    // eslint-disable-next-line no-restricted-syntax
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: each test file gets its own. */
export async function createTestDatabase(): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return `${process.env.TEST_PG_URL_BASE}${name}`;
}

/** Config for one test file: its own database, queue prefix and data folder. */
export async function testConfig(overrides: Record<string, string> = {}): Promise<AppConfig> {
  const id = randomBytes(4).toString('hex');
  const dataDir = join(process.env.TEST_TMP_DIR!, `data-${id}`);
  mkdirSync(dataDir, { recursive: true });
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: overrides.DATABASE_URL ?? (await createTestDatabase()),
    REDIS_URL: process.env.TEST_REDIS_URL,
    QUEUE_PREFIX: `t${id}`,
    DATA_DIR: dataDir,
    RUN_MIGRATIONS: 'false',
    DB_POOL_SIZE: '10',
    OUTBOX_POLL_MS: '100',
    LOGIN_RATE_LIMIT: '1000',
    LOGIN_ADDRESS_RATE_LIMIT: '1000',
    // Quiet even where a test runs the api as in production (logs have their own test).
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApi {
  app: INestApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  dataSource: DataSource;
  close: () => Promise<void>;
}

/** Boots the real api (same factory as production) on an ephemeral port. */
export async function startApi(config?: AppConfig): Promise<TestApi> {
  config ??= await testConfig();
  const app = await createApiApp(config, false);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  return {
    app,
    http: request(server),
    config,
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

/** Boots the worker in this process (outbox relay, event consumers, schedulers). */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  await worker.init();
  return worker;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
