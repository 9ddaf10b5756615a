import { AppConfig, PROCESS_MEMORY_FLAGS } from '@desk/config';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { startApi, TestApi, testConfig, waitFor } from '../support/harness';

const ROOT = join(__dirname, '../..');

/** The api's real main.ts as in production, with API_PROCESSES api processes behind one port. */
function startCluster(config: AppConfig, port: number, processes: number) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        LOG_REQUESTS: 'all',
        API_PROCESSES: String(processes),
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        DATA_DIR: config.DATA_DIR,
        JWT_SECRET: config.JWT_SECRET,
        RUN_MIGRATIONS: 'false',
        HOST: '127.0.0.1',
        PORT: String(port),
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        TS_NODE_TRANSPILE_ONLY: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, output: () => out };
}

/** JSON log lines of the output (the cluster's lines in production are all JSON). */
const logLines = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) => JSON.parse(l) as { pid: number; msg: string; requestId?: string; res?: { statusCode: number } },
    );

/** Children of a pid, from /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let sent = 0;
/** One GET on a connection of its own (so the cluster hands each to the next process). */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  const id = `cluster-${process.pid}-${++sent}`;
  return new Promise<{ status: number; id: string; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { ...headers, 'X-Request-Id': id } },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, id, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`GET ${path}: no answer in 20 s`)));
    req.end();
  });
}

/**
 * Several api processes on one port (API_PROCESSES): each request is answered by one of them,
 * a session ended through one is refused by all, a process that dies is replaced, and SIGTERM
 * closes them all.
 */
describe('api processes behind one port', () => {
  let config: AppConfig;
  let api: TestApi;
  let org: TestOrg;
  let cluster: ReturnType<typeof startCluster>;
  const port = 20_000 + Math.floor(Math.random() * 20_000);

  beforeAll(async () => {
    config = await testConfig();
    api = await startApi(config);
    org = await createOrg(api.app);
    cluster = startCluster(config, port, 2);
    await listening(2, 240_000);
  }, 270_000);
  afterAll(async () => {
    if (cluster?.child.exitCode === null) {
      cluster.child.kill('SIGKILL');
      for (const pid of childrenOf(cluster.child.pid!)) process.kill(pid, 'SIGKILL');
    }
    await api?.close();
  });

  /** Waits until `count` api processes have said they listen (each starts from TypeScript: slow). */
  const listening = async (count: number, timeoutMs: number) => {
    try {
      await waitFor(
        async () =>
          logLines(cluster.output()).filter((l) => l.msg.startsWith('api listening')).length >= count,
        timeoutMs,
        `${count} "api listening" lines`,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; the output:\n${cluster.output()}`);
    }
  };

  /** The pids whose log lines name these request ids, with the status each answered. */
  const answeredBy = (ids: string[]) =>
    waitFor(
      async () => {
        const lines = logLines(cluster.output()).filter((l) => l.requestId && ids.includes(l.requestId));
        return lines.length === ids.length ? lines : undefined;
      },
      10_000,
      'the request log lines',
    );

  it('should answer from both processes, and refuse a revoked session in each', async () => {
    const pids = childrenOf(cluster.child.pid!);
    expect(pids).toHaveLength(2);
    const email = `cluster-${Date.now()}@banjarkab.go.id`;
    const created = await api.http
      .post('/api/v1/users')
      .set(org.users.admin.auth)
      .send({ name: 'Gita', email, password: 'Sandi#Awal-2026', unitId: org.pdA.id, roles: ['tier1'] });
    expect(created.status).toBe(201);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'Sandi#Awal-2026' }),
    });
    expect(login.status).toBe(200);
    const auth = { Authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };

    // Both processes know the token (each caches it and the user's state).
    const before = await Promise.all(Array.from({ length: 6 }, () => get(port, '/api/v1/auth/me', auth)));
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const servedBy = new Set((await answeredBy(before.map((r) => r.id))).map((l) => l.pid));
    expect([...servedBy].sort()).toEqual([...pids].sort());

    // The password changes through one process: the old token ends in every process at once.
    const change = await fetch(`http://127.0.0.1:${port}/api/v1/auth/password`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'Sandi#Awal-2026', newPassword: 'Kopi-Tubruk-Pagi-7' }),
    });
    expect(change.status).toBe(204);
    const after = await Promise.all(Array.from({ length: 6 }, () => get(port, '/api/v1/auth/me', auth)));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    const refusedBy = await answeredBy(after.map((r) => r.id));
    expect(new Set(refusedBy.map((l) => l.pid))).toEqual(servedBy);
    expect(refusedBy.every((l) => l.res?.statusCode === 401)).toBe(true);
  });

  it('should start each api process with the memory settings, keeping its own arguments', async () => {
    for (const pid of childrenOf(cluster.child.pid!)) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('MALLOC_ARENA_MAX=2');
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(args).toEqual(
        expect.arrayContaining(['ts-node/register/transpile-only', ...PROCESS_MEMORY_FLAGS]),
      );
    }
    // The primary itself was started without them (it only supervises).
    expect(readFileSync(`/proc/${cluster.child.pid}/environ`, 'utf8')).not.toContain('MALLOC_ARENA_MAX');
  });

  it('should replace a process that dies, and keep answering meanwhile', async () => {
    const [victim, survivor] = childrenOf(cluster.child.pid!);
    process.kill(victim, 'SIGKILL');
    // Once the primary has seen it go (the requests it was serving are lost, as with any crash),
    // the other process answers every request while the replacement starts.
    await waitFor(
      async () => logLines(cluster.output()).some((l) => l.msg.startsWith(`api process ${victim} exited`)),
      10_000,
      'the primary to notice the exit',
    );
    const meanwhile = await Promise.all(Array.from({ length: 4 }, () => get(port, '/health')));
    expect(meanwhile.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await listening(3, 240_000);
    const now = childrenOf(cluster.child.pid!);
    expect(now).toHaveLength(2);
    expect(now).toContain(survivor);
    expect(now).not.toContain(victim);
  }, 270_000);

  it('should close every process on SIGTERM and exit cleanly', async () => {
    const pids = childrenOf(cluster.child.pid!);
    expect(pids).toHaveLength(2);
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    // Each process closed through Nest (its shutdown hooks ran), not killed.
    const closing = logLines(cluster.output()).filter((l) => l.msg.startsWith('closing'));
    expect(new Set(closing.map((l) => l.pid))).toEqual(new Set(pids));
  }, 30_000);
});
