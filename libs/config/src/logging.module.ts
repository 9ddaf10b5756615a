import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
// nestjs-pino's request context (not re-exported from its index): see RequestLog.bind.
import { storage, Store } from 'nestjs-pino/storage';
import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { startTime } from 'pino-http';
import { AppConfig } from './app-config';

/** A request that took at least this long is logged even when it succeeded. */
export const SLOW_REQUEST_MS = 1000;

/** Headers that carry secrets: never written to a log (the serializers below drop headers too). */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/**
 * Readable lines for a person at a terminal (pino-pretty, a development package). Where it is not
 * installed (a production install) the logs stay JSON.
 */
async function prettyStream(): Promise<DestinationStream | undefined> {
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({
      sync: true,
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      // One line each: `[10:32:21] INFO (worker): [NotificationService] 2 mail queued {...}`.
      messageFormat: '{if context}[{context}] {end}{msg}',
      ignore: 'pid,hostname,context',
      singleLine: true,
    });
  } catch {
    return undefined;
  }
}

/** The api's request logging (see `RequestLog`), given the root logger once the module made it. */
interface RootHolder {
  root?: Logger;
}

/**
 * Logs through pino for the api and the worker: one JSON object a line in production (LOG_FORMAT
 * json), readable lines in development (pretty). Every line logged while an HTTP request runs carries
 * its `requestId`, the same id the api echoes in X-Request-Id and puts in problem+json answers.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, name: string): DynamicModule {
    const holder: RootHolder = {};
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          useFactory: async () => {
            const options: LoggerOptions = {
              name,
              level: config.logLevel,
              redact: REDACTED,
              // One short line a request: who asked what, and the answer's status (no header dump).
              serializers: {
                req: (req: LoggedRequest) => ({
                  id: req.id,
                  method: req.method,
                  url: req.originalUrl ?? req.url,
                  remoteAddress: req.socket?.remoteAddress,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
                err: pino.stdSerializers.err,
              },
            };
            const stream = config.logFormat === 'pretty' ? await prettyStream() : undefined;
            holder.root = stream ? pino(options, stream) : pino(options);
            // The api's own hook (RequestLog) gives each request its logger and binds it where
            // nestjs-pino's loggers find it, so nestjs-pino adds no middleware (`forRoutes: []`).
            return { pinoHttp: { logger: holder.root }, useExisting: true, forRoutes: [] };
          },
        }),
      ],
      providers: [{ provide: RequestLog, useFactory: () => new RequestLog(holder, config.logRequests) }],
      exports: [LoggerModule, RequestLog],
    };
  }
}

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string; log?: Logger };

/** Probes every few seconds would drown the log; their failures still log as errors. */
const QUIET_PATHS = new Set(['/health', '/ready']);

/**
 * Each api request's logger and its closing line. The logger (the root's child bound to the
 * request and its `requestId`) is made only when something logs: building it costs more than a
 * small read's JSON, and most requests log nothing. The closing line is written for failed (4xx,
 * 5xx, an error), slow or, with LOG_REQUESTS=all, every request, as pino-http would write it.
 * The api's `genReqId` has set the request id (req.id) by then; without it the same rule makes one.
 */
export class RequestLog {
  private readonly levelOf: ReturnType<typeof requestLogLevel>;

  constructor(
    private readonly holder: RootHolder,
    which: 'all' | 'notable',
  ) {
    this.levelOf = requestLogLevel(which);
  }

  readonly handle = (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    const root = this.holder.root;
    if (!root) return next();
    const started = Date.now();
    (res as unknown as Record<symbol, number>)[startTime] = started;
    req.id ??= requestIdOf(req.headers['x-request-id']);
    let own: Logger | undefined;
    const logger = () => (own ??= root.child({ req, requestId: req.id }));
    req.log = lazyLogger(logger);
    const done = (err?: Error) => {
      res.off('close', done);
      res.off('finish', done);
      res.off('error', done);
      const level = this.levelOf(req, res, err);
      if (level === 'silent') return;
      const responseTime = Date.now() - started;
      if (err || res.statusCode >= 500) {
        const error = err ?? new Error(`failed with status code ${res.statusCode}`);
        logger()[level]({ res, err: error, responseTime }, 'request errored');
        return;
      }
      const message = !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
      logger()[level]({ res, responseTime }, message);
    };
    if (!QUIET_PATHS.has(req.url ?? '')) {
      res.on('close', done);
      res.on('finish', done);
    }
    res.on('error', done);
    next();
  };

  /**
   * Runs `next` (the route) with the request's logger as the one Nest's loggers (nestjs-pino's
   * Logger and PinoLogger) write through, across awaits and timers. Called once the body is read:
   * its stream's callbacks run outside any request's context.
   */
  readonly bind = (req: LoggedRequest, next: () => void): void => {
    if (!req.log) return next();
    storage.run(new Store(req.log), next);
  };
}

/** A logger that becomes `make()` on its first use. */
function lazyLogger(make: () => Logger): Logger {
  return new Proxy({} as Logger, {
    get(_target, property) {
      const real = make();
      const value = Reflect.get(real, property, real) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
    set(_target, property, value) {
      return Reflect.set(make(), property, value);
    },
  });
}

/**
 * The level of a request's closing line: `error` for a failure of ours (5xx, or an error thrown),
 * `info` for a refused request (4xx), a slow one or, with `all`, any; otherwise none (`silent`).
 */
export function requestLogLevel(
  which: 'all' | 'notable',
  now: () => number = Date.now,
): (req: IncomingMessage, res: ServerResponse, error?: Error) => 'error' | 'info' | 'silent' {
  return (_req, res, error) => {
    if (error || res.statusCode >= 500) return 'error';
    if (res.statusCode >= 400 || which === 'all') return 'info';
    const started = (res as unknown as Record<symbol, number | undefined>)[startTime];
    return started !== undefined && now() - started >= SLOW_REQUEST_MS ? 'info' : 'silent';
  };
}

/** X-Request-Id kept when sane (8-64 word characters or dashes), otherwise a new random UUID. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
}
