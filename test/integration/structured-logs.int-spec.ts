import { AppConfig } from '@desk/config';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { testConfig } from '../support/harness';

const ROOT = join(__dirname, '../..');

interface Running {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs an app's real main.ts (api or worker) as its own process, straight from TypeScript. */
async function run(app: 'api' | 'worker', config: AppConfig, env: Record<string, string>, ready: RegExp) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        DATA_DIR: config.DATA_DIR,
        RUN_MIGRATIONS: 'false',
        JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
        HOST: '127.0.0.1',
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        TS_NODE_TRANSPILE_ONLY: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 60_000;
  while (!ready.test(out)) {
    if (child.exitCode !== null) throw new Error(`${app} exited ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const running: Running = {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
  return running;
}

/** The JSON objects among an output's lines (other lines are skipped). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const freePort = () => String(20_000 + Math.floor(Math.random() * 20_000));

/**
 * What an operator reads: in production the api and the worker write one JSON object a line, and
 * every line of a request carries the id the api answered in X-Request-Id; in development the lines
 * are readable text.
 */
describe('Structured logs', () => {
  let config: AppConfig;
  const running: Running[] = [];

  beforeAll(async () => {
    config = await testConfig();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });

  it('should log each api request in production as JSON carrying its request id, secrets left out', async () => {
    const port = freePort();
    const api = await run('api', config, { NODE_ENV: 'production', PORT: port }, /api listening/);
    running.push(api);
    const base = `http://127.0.0.1:${port}`;

    // A caller's own id is kept, echoed and logged; the token it sent is not written anywhere.
    const given = 'trace-7f3a9c21-log';
    const res = await fetch(`${base}/api/v1/auth/me`, {
      headers: { 'X-Request-Id': given, Authorization: 'Bearer not.a.token-secret' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe(given);
    // Without one the api makes one up, and the log names the same.
    const second = await fetch(`${base}/api/v1/nope`);
    const made = second.headers.get('x-request-id')!;
    expect(made).toMatch(/^[0-9a-f-]{36}$/);

    let lines: Record<string, unknown>[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      lines = jsonLines(api.output());
      if (lines.some((l) => l.requestId === made)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const mine = lines.find((l) => l.requestId === given);
    expect(mine).toMatchObject({
      name: 'api',
      requestId: given,
      req: { id: given, method: 'GET', url: '/api/v1/auth/me' },
      res: { statusCode: 401 },
    });
    expect(typeof mine!.time).toBe('number');
    expect(lines.find((l) => l.requestId === made)).toMatchObject({
      req: { id: made, url: '/api/v1/nope' },
      res: { statusCode: 404 },
    });
    expect(api.output()).not.toContain('not.a.token-secret');
    // Every line of the output is JSON, the start-up lines of Nest included.
    const text = api.output().trim().split('\n');
    expect(text.length).toBeGreaterThan(2);
    for (const line of text) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.find((l) => l.msg === `api listening on http://localhost:${port}`)).toMatchObject({
      level: 30,
      context: 'api',
    });
  });

  it('should log the worker in production as JSON too', async () => {
    const worker = await run('worker', config, { NODE_ENV: 'production' }, /worker started/);
    running.push(worker);
    const started = jsonLines(worker.output()).find((l) => l.msg === 'worker started');
    expect(started).toMatchObject({ name: 'worker', level: 30, context: 'worker' });
  });

  it('should write readable lines in development, with the request id', async () => {
    const port = freePort();
    const api = await run('api', config, { NODE_ENV: 'development', PORT: port }, /api listening/);
    running.push(api);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: { 'X-Request-Id': 'dev-trace-0042' },
    });
    expect(res.status).toBe(401);
    const deadline = Date.now() + 10_000;
    while (!api.output().includes('dev-trace-0042') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const plain = stripVTControlCharacters(api.output());
    expect(plain).toMatch(/\d\d:\d\d:\d\d\] INFO \(api\): \[api\] api listening on/);
    expect(plain).toMatch(/INFO \(api\): request completed .*"requestId":"dev-trace-0042"/);
    expect(jsonLines(plain)).toEqual([]);
  });
});
