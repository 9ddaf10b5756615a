import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTime } from 'pino-http';
import { requestLogLevel, SLOW_REQUEST_MS } from './logging.module';

/** A finished response as pino-http sees it: its status and when the request started. */
const answer = (statusCode: number, startedAt: number) =>
  ({ statusCode, [startTime]: startedAt }) as unknown as ServerResponse;
const req = {} as IncomingMessage;

describe('requestLogLevel', () => {
  const now = 1_000_000;
  const notable = requestLogLevel('notable', () => now);

  it('should leave out a quick successful answer by default', () => {
    expect(notable(req, answer(200, now - 3))).toBe('silent');
    expect(notable(req, answer(304, now - 3))).toBe('silent');
  });

  it('should log refused requests, failures and slow answers', () => {
    expect(notable(req, answer(401, now - 3))).toBe('info');
    expect(notable(req, answer(404, now - 3))).toBe('info');
    expect(notable(req, answer(500, now - 3))).toBe('error');
    expect(notable(req, answer(200, now - 3), new Error('boom'))).toBe('error');
    expect(notable(req, answer(200, now - SLOW_REQUEST_MS))).toBe('info');
  });

  it('should log every request with LOG_REQUESTS=all', () => {
    expect(requestLogLevel('all', () => now)(req, answer(200, now - 3))).toBe('info');
  });
});
