import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
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

/**
 * Logs through pino for the api and the worker: one JSON object a line in production (LOG_FORMAT
 * json), readable lines in development (pretty). Every line logged while an HTTP request runs carries
 * its `requestId`, the same id the api echoes in X-Request-Id and puts in problem+json answers.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, name: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          useFactory: async () => {
            const options: Options = {
              name,
              level: config.logLevel,
              redact: REDACTED,
              // One short line a request: who asked what, and the answer's status (no header dump).
              serializers: {
                req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                  remoteAddress: req.remoteAddress,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              // The request-id middleware ran first and set req.id; the same rule stands in if not.
              genReqId: (req: IncomingMessage & { id?: string | number | object }) =>
                (req.id as string | undefined) ?? requestIdOf(req.headers['x-request-id']),
              customProps: (req: IncomingMessage & { id?: unknown }) => ({ requestId: req.id }),
              // Probes every few seconds would drown the log; their failures still log as errors.
              autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
              // A line per request costs more CPU than a small read itself (serialising, writing):
              // by default only failed (4xx, 5xx) and slow answers get one (LOG_REQUESTS=all: every).
              customLogLevel: requestLogLevel(config.logRequests),
            };
            const stream = config.logFormat === 'pretty' ? await prettyStream() : undefined;
            return { pinoHttp: stream ? [options, stream] : options };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
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
