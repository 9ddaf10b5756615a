import { AppConfig } from '@desk/config';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hook runs, jobs in flight are left active in Redis. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Starts the worker as a separate process (ts-node, no build) and waits until it runs. */
export async function startWorkerProcess(config: AppConfig, timeoutMs = 40_000): Promise<WorkerProcess> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    DATA_DIR: config.DATA_DIR,
    RUN_MIGRATIONS: 'false',
    DB_POOL_SIZE: String(config.DB_POOL_SIZE),
    OUTBOX_POLL_MS: String(config.OUTBOX_POLL_MS),
    SLA_RECONCILE_MS: String(config.SLA_RECONCILE_MS),
    MAIL_SWEEP_MS: String(config.MAIL_SWEEP_MS),
    ...(config.SMTP_URL ? { SMTP_URL: config.SMTP_URL } : {}),
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    TS_NODE_TRANSPILE_ONLY: 'true',
  };
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'test/support/worker-runner.ts',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => out,
    kill: async () => {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (!gone()) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
