import { QueueName, QueueService } from '@desk/queue';
import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testConfig, waitFor } from '../support/harness';
import { RedisServer, startRedisServer } from '../support/redis-server';
import { SmtpSink } from '../support/mail';

/** Everything the worker logs, by level, so the test can read what an operator would see. */
class CapturingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log = (message: unknown) => this.lines.push({ level: 'log', message: String(message) });
  error = (message: unknown) => this.lines.push({ level: 'error', message: String(message) });
  warn = (message: unknown) => this.lines.push({ level: 'warn', message: String(message) });
  debug = () => undefined;
  verbose = () => undefined;
}

/**
 * docs/jobs.md: every queue is a `@nestjs/bullmq` processor on one base class that logs each failed
 * job in one place and, on shutdown, closes every connection it opened (Redis and PostgreSQL), so
 * a process (and this test run) ends on its own.
 */
describe('Job framework: failure logging and graceful shutdown', () => {
  let redis: RedisServer;
  let admin: IORedis;
  const sink = new SmtpSink();

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new IORedis(redis.url);
    await sink.start();
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
    await sink.stop();
  });

  const redisClients = async () =>
    String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((l: string) => l.trim()).length;

  async function pgSessions(databaseUrl: string): Promise<number> {
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return rows[0].n;
    } finally {
      await pg.end();
    }
  }

  it('should log a failed job once with its queue, name and id, and close every connection on shutdown', async () => {
    const config = await testConfig({ REDIS_URL: redis.url, SMTP_URL: sink.url, MAIL_SWEEP_MS: '200' });
    const before = await redisClients();
    const logger = new CapturingLogger();
    const worker: INestApplicationContext = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(config),
      { logger },
    );
    await worker.init();
    try {
      // Each of the seven queues has its worker connected (and the producers, the live publisher, ...).
      expect(await redisClients()).toBeGreaterThanOrEqual(before + 7);
      expect(await pgSessions(config.DATABASE_URL)).toBeGreaterThan(0);

      // A job no handler knows fails at once; the base class logs it as final, naming it.
      const job = await worker
        .get(QueueService)
        .queue(QueueName.ChangeTimers)
        .add('no-such-job', {}, { attempts: 1, jobId: 'bogus_1' });
      const line = await waitFor(
        async () => logger.lines.find((l) => l.message.includes(`${job.id}`)),
        15_000,
        'the failure log line',
      );
      expect(line).toEqual({
        level: 'error',
        message:
          'change-timers no-such-job bogus_1 attempt 1/1 failed: unknown change-timers job no-such-job (no more retries)',
      });
      expect(logger.lines.filter((l) => l.message.includes('bogus_1'))).toHaveLength(1);
    } finally {
      await worker.close();
    }

    // Every Redis and PostgreSQL connection the worker opened is closed once close() resolves.
    await waitFor(async () => (await redisClients()) === before, 5_000, 'the redis clients to close');
    await waitFor(async () => (await pgSessions(config.DATABASE_URL)) === 0, 5_000, 'the pg sessions to end');
  });
});
