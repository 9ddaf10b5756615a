// `npm start`: the whole desk on one machine with embedded defaults. Starts PostgreSQL (data in
// .data/postgres), redis-server (.data/redis) and an SMTP capture (.data/mail) unless DATABASE_URL,
// REDIS_URL or SMTP_URL point elsewhere; builds what changed; runs the api (which migrates and seeds)
// and the worker; prints the URL and the demo logins. It supervises what it started: a child that
// dies is restarted with backoff. Ctrl-C (or a crash of this script) stops everything; a lock file in
// the data folder keeps a second `npm start` off the same data.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { startPostgres, startRedis, startSmtpCapture } from './dev-services.mjs';
import { withMemorySettings } from './process-memory.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
if (existsSync('.env')) process.loadEnvFile?.('.env');

const DATA = process.env.DATA_DIR ?? '.data';
const PORT = Number(process.env.PORT ?? 3000);
const log = (m) => console.log(`[start] ${m}`);
// The boolean rule of libs/config/src/app-config.ts (`toBool`): unset or empty means the default
// (undefined here), otherwise 1, true, yes or on in any case is true and anything else false.
const toBool = (value) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const stops = [];
const children = [];
let stopping = false;
const LOCK = join(DATA, 'npm-start.lock');

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Kills a child's whole process group (it runs in its own), quietly when it is gone already. */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

/**
 * One `npm start` per data folder. The lock names our PID and our children's; a lock whose owner
 * is dead is taken over after its orphaned children are stopped (start.mjs was SIGKILLed).
 */
function takeLock() {
  mkdirSync(DATA, { recursive: true });
  if (existsSync(LOCK)) {
    let held = {};
    try {
      held = JSON.parse(readFileSync(LOCK, 'utf8'));
    } catch {
      /* unreadable: treat as stale */
    }
    if (held.pid && held.pid !== process.pid && alive(held.pid)) {
      console.error(
        `[start] ${DATA} is in use by another npm start (PID ${held.pid}); stop it first (kill ${held.pid}).`,
      );
      process.exit(1);
    }
    for (const pid of held.children ?? []) if (alive(pid)) killGroup(pid, 'SIGKILL');
  }
  writeLock();
}

function writeLock() {
  const pids = children.map((c) => c.pid).filter(Boolean);
  writeFileSync(LOCK, JSON.stringify({ pid: process.pid, children: pids }), { mode: 0o600 });
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  await Promise.all(
    children
      .filter((c) => c.kind === 'node')
      .map(
        (c) =>
          new Promise((res) => {
            if (c.exitCode !== null || c.signalCode) return res();
            c.once('exit', res);
            killGroup(c.pid, 'SIGTERM');
            setTimeout(() => killGroup(c.pid, 'SIGKILL'), 10000).unref();
          }),
      ),
  );
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  rmSync(LOCK, { force: true });
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
// A crash of this script must not leave orphans: kill every child's group on the way out.
process.on('uncaughtException', (error) => {
  console.error(`[start] crashed: ${error?.stack ?? error}`);
  void shutdown(1);
});
process.on('exit', () => {
  for (const c of children) if (c.pid && c.exitCode === null) killGroup(c.pid, 'SIGKILL');
});

/**
 * Keeps a service running: `start()` resolves to `{ onExit(listener), stop() }`; when it ends
 * while the desk is not stopping, it is started again after a backoff (1 s doubling to 30 s, back
 * to 1 s once it ran a minute), with a log line each time.
 */
async function supervise(name, start) {
  let delay = 1000;
  let current;
  const launch = async () => {
    const startedAt = Date.now();
    current = await start();
    current.onExit((why) => {
      if (stopping) return;
      if (Date.now() - startedAt > 60_000) delay = 1000;
      log(`${name} exited (${why}); restarting in ${delay / 1000} s`);
      const retry = () =>
        setTimeout(() => {
          if (stopping) return;
          launch().then(
            () => log(`${name} restarted`),
            (error) => {
              log(`${name} did not start (${error.message}); retrying in ${delay / 1000} s`);
              retry();
            },
          );
        }, delay);
      retry();
      delay = Math.min(delay * 2, 30_000);
    });
  };
  stops.push(() => current?.stop?.() ?? Promise.resolve());
  await launch();
  return () => current;
}

/**
 * The JWT secret of this data folder: generated once (48 random bytes) and kept in
 * `<DATA_DIR>/jwt-secret`, readable by this user only, so tokens survive a restart. There is no
 * built-in secret anywhere; JWT_SECRET in the environment wins.
 */
function jwtSecretFor(dataDir) {
  const file = join(dataDir, 'jwt-secret');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    log(`generated a JWT secret in ${file}`);
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const outputs = ['dist/apps/api/main.js', 'dist/apps/worker/main.js'];
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(newestMtime('apps'), newestMtime('libs'));
  if (built <= sources) {
    log('building api and worker...');
    const result = spawnSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error('build failed');
  }
  const webIndex = 'apps/web/dist/index.html';
  const webSources = Math.max(newestMtime('apps/web/src'), newestMtime('libs/contracts/src'));
  if (existsSync(webIndex) && statSync(webIndex).mtimeMs > webSources) return;
  if (!existsSync('apps/web/node_modules')) {
    log('installing the web app packages...');
    const install = spawnSync('npm', ['--prefix', 'apps/web', 'ci', '--no-audit', '--no-fund'], {
      stdio: 'inherit',
    });
    if (install.status !== 0) throw new Error('web install failed');
  }
  log('building the web app...');
  const web = spawnSync('npm', ['--prefix', 'apps/web', 'run', '--silent', 'build'], { stdio: 'inherit' });
  if (web.status !== 0) throw new Error('web build failed');
}

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the api exited while starting (see its log above)');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
}

/** A node child (api, worker) in its own process group, as a supervised service. */
function nodeService(script, baseEnv) {
  return async () => {
    const { env, args } = withMemorySettings(baseEnv);
    const child = spawn(process.execPath, ['--enable-source-maps', ...args, script], {
      env,
      stdio: 'inherit',
      detached: true,
    });
    child.kind = 'node';
    children.push(child);
    writeLock();
    child.once('exit', () => {
      children.splice(children.indexOf(child), 1);
      if (!stopping) writeLock();
    });
    return {
      child,
      onExit: (listener) => child.once('exit', (code, signal) => listener(signal ?? code)),
      stop: () => Promise.resolve(),
    };
  };
}

/** Records a service child's PID in the lock (for orphan clean-up) and passes the service on. */
function tracked(service) {
  if (service.pid) {
    const pid = service.pid;
    children.push({ pid, exitCode: null });
    writeLock();
  }
  return service;
}

try {
  takeLock();
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATA_DIR: DATA,
    PORT: String(PORT),
  };
  if (!env.JWT_SECRET) env.JWT_SECRET = jwtSecretFor(DATA);
  // npm start seeds the demo unless told otherwise; empty counts as unset, as in the config.
  if (toBool(env.DEMO_SEED) === undefined) env.DEMO_SEED = 'true';
  if (!env.DATABASE_URL) {
    log('starting embedded PostgreSQL (data in .data/postgres)...');
    let port;
    await supervise('PostgreSQL', async () => {
      const pg = tracked(await startPostgres({ dataDir: join(DATA, 'postgres'), port }));
      port = pg.port;
      await pg.ensureDatabase('spbe_desk');
      // Over the Unix socket: cheaper for every query than loopback TCP.
      env.DATABASE_URL ??= pg.socketUrlFor('spbe_desk');
      return pg;
    });
  }
  if (!env.REDIS_URL) {
    log('starting redis-server (data in .data/redis)...');
    let port;
    await supervise('redis-server', async () => {
      const redis = tracked(await startRedis({ dataDir: join(DATA, 'redis'), port }));
      port = redis.port;
      env.REDIS_URL ??= redis.url;
      return redis;
    });
  }
  if (!env.SMTP_URL) {
    let port;
    await supervise('SMTP capture', async () => {
      const smtp = await startSmtpCapture({ mailDir: join(DATA, 'mail'), port });
      port = smtp.port;
      env.SMTP_URL ??= smtp.url;
      env.MAIL_CAPTURE_DIR = smtp.mailDir;
      return smtp;
    });
    log(`SMTP capture on ${env.SMTP_URL} (mail stored in .data/mail)`);
  }
  buildIfStale();
  const api = await supervise('api', nodeService('dist/apps/api/main.js', env));
  await waitReady(`http://127.0.0.1:${PORT}/ready`, api().child, 180_000);
  await supervise('worker', nodeService('dist/apps/worker/main.js', env));
  const demo = toBool(env.DEMO_SEED) ?? false;
  console.log(`
  SPBE Desk is running: http://localhost:${PORT}
  API docs:             http://localhost:${PORT}/api/docs
${
  demo
    ? `
  Demo logins (password for all: Demo#2026)
    admin@demo.go.id              administrator
    supervisor@demo.go.id         Dinas supervisor
    tier2@demo.go.id              Tier 2 engineer (network, data centre)
    tier2.apps@demo.go.id         Tier 2 engineer (applications)
    csirt@demo.go.id              CSIRT
    tier1@demo.go.id              Tier 1 technician, Dinas Kesehatan
    kepala@demo.go.id             head of Dinas Kesehatan
    pegawai@demo.go.id            staff (requester), Dinas Kesehatan
    pegawai.disdikbud@demo.go.id  staff (requester), Dinas Pendidikan dan Kebudayaan
`
    : ''
}
  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(`[start] ${error.message}`);
  await shutdown(1);
}
