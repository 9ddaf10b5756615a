import { AppConfig, processMemorySettings } from '@desk/config';
import cluster, { Worker } from 'node:cluster';
import pino from 'pino';

/** The message the primary sends a worker to make it close gracefully (signals may not reach it). */
export const SHUTDOWN_MESSAGE = 'desk:shutdown';

/** A worker given this long to close after SHUTDOWN_MESSAGE is killed. */
const STOP_GRACE_MS = 10_000;

type Log = (message: string) => void;

/**
 * The primary's few lines: JSON like every other line in production (LOG_FORMAT json), a readable
 * line otherwise. The primary loads neither Nest nor the api's modules.
 */
function primaryLog(config: AppConfig): { info: Log; error: Log } {
  if (config.logFormat === 'json') {
    const logger = pino({ name: 'api', level: config.logLevel });
    return {
      info: (msg) => logger.info({ context: 'cluster' }, msg),
      error: (msg) => logger.error({ context: 'cluster' }, msg),
    };
  }
  const silent = config.logLevel === 'silent';
  const line = (level: string, msg: string) =>
    !silent && console.log(`[${new Date().toTimeString().slice(0, 8)}] ${level} (api): [cluster] ${msg}`);
  return { info: (msg) => line('INFO', msg), error: (msg) => line('ERROR', msg) };
}

/**
 * The primary of `API_PROCESSES` api processes sharing one port (node:cluster hands each new
 * connection to one of them). It starts one process first and the others only once that one
 * listens, so pending migrations and the demo seed run while no other api process is starting;
 * a process that exits unexpectedly is replaced (backoff 1 s doubling to 30 s). On SIGTERM or
 * SIGINT it asks every process to close gracefully and exits when all have (each is killed after
 * 10 s). If the first process never comes up, the primary exits with its code, so a supervisor
 * (npm start, docker) sees the failure.
 */
export function runPrimary(config: AppConfig, processes: number): void {
  const log = primaryLog(config);
  let stopping = false;
  let everListened = false;
  let delay = 1000;
  const startedAt = new Map<Worker, number>();
  // Every api process starts with the memory settings (malloc arenas, V8 heap growth) unless the
  // operator chose their own; see process-memory.ts in libs/config.
  const memory = processMemorySettings(process.env, process.execArgv);
  cluster.setupPrimary({ execArgv: memory.execArgv });

  const fork = (): Worker => {
    const worker = cluster.fork(memory.env);
    startedAt.set(worker, Date.now());
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const started = startedAt.get(worker) ?? Date.now();
    startedAt.delete(worker);
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    if (!everListened) {
      log.error(`api process ${worker.process.pid} exited (${signal ?? code}) before it listened`);
      process.exit(typeof code === 'number' && code !== 0 ? code : 1);
    }
    if (Date.now() - started > 60_000) delay = 1000;
    log.error(
      `api process ${worker.process.pid} exited (${signal ?? code}); replacing it in ${delay / 1000} s`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
    delay = Math.min(delay * 2, 30_000);
  });

  const first = fork();
  first.once('listening', () => {
    everListened = true;
    for (let i = 1; i < processes; i++) fork();
  });
  log.info(`primary ${process.pid} starting ${processes} api processes`);

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (!workers.length) process.exit(0);
    for (const worker of workers) {
      if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
      else worker.process.kill('SIGTERM');
      setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS).unref();
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGHUP', shutdown);
}

/**
 * Closes the api once, however the request comes: SIGTERM or SIGINT (from a supervisor, or to the
 * whole process group), or the primary's SHUTDOWN_MESSAGE. Repeated requests while closing are
 * ignored (a second signal must not kill the process half way through closing).
 */
export function closeOnSignal(close: () => Promise<void>, log: Log): void {
  let closing = false;
  const stop = (why: string) => {
    if (closing) return;
    closing = true;
    log(`closing (${why})`);
    const force = setTimeout(() => process.exit(1), STOP_GRACE_MS - 1000);
    force.unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) stop('asked by the primary');
  });
}
