import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startTime } from 'pino-http';
import { storage } from 'nestjs-pino/storage';
import { RequestLog, requestLogLevel, SLOW_REQUEST_MS } from './logging.module';

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

describe('RequestLog', () => {
  /** A real HTTP server whose requests go through RequestLog, logging into `lines`. */
  async function serve(which: 'all' | 'notable', handler: (req: LoggedReq, res: ServerResponse) => void) {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const root = pino(
      { name: 'api', serializers: { req: (r: LoggedReq) => ({ id: r.id, url: r.url }) } },
      stream,
    );
    const log = new RequestLog({ root }, which);
    const server = createServer((req, res) =>
      log.handle(req as LoggedReq, res, () =>
        log.bind(req as LoggedReq, () => handler(req as LoggedReq, res)),
      ),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const get = async (path: string, id: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'X-Request-Id': id } });
      await res.text();
      await new Promise((r) => setTimeout(r, 20));
      return res.status;
    };
    return { lines, get, close: () => new Promise((r) => server.close(r)) };
  }
  type LoggedReq = IncomingMessage & { id?: string; log: { info: (o: object, m: string) => void } };

  it('should write nothing for a quick success, and every line of a request with its requestId', async () => {
    const s = await serve('notable', (req, res) => {
      if (req.url === '/talk') req.log.info({ step: 1 }, 'working');
      res.statusCode = req.url === '/missing' ? 404 : req.url === '/broken' ? 500 : 200;
      res.end('x');
    });
    try {
      expect(await s.get('/quiet', 'req-quiet-0001')).toBe(200);
      expect(s.lines).toEqual([]);
      await s.get('/talk', 'req-talk-0001');
      expect(s.lines).toEqual([
        expect.objectContaining({
          msg: 'working',
          step: 1,
          requestId: 'req-talk-0001',
          req: { id: 'req-talk-0001', url: '/talk' },
        }),
      ]);
      s.lines.length = 0;
      expect(await s.get('/missing', 'req-missing-01')).toBe(404);
      expect(s.lines).toEqual([
        expect.objectContaining({
          msg: 'request completed',
          level: 30,
          requestId: 'req-missing-01',
          res: expect.anything(),
        }),
      ]);
      s.lines.length = 0;
      await s.get('/broken', 'req-broken-001');
      expect(s.lines).toEqual([
        expect.objectContaining({
          msg: 'request errored',
          level: 50,
          requestId: 'req-broken-001',
          err: expect.anything(),
        }),
      ]);
    } finally {
      await s.close();
    }
  });

  it("should give Nest's loggers the request's logger, across awaits and timers", async () => {
    // nestjs-pino's Logger and PinoLogger write through the logger of this store.
    const s = await serve('notable', (_req, res) => {
      setTimeout(async () => {
        await Promise.resolve();
        storage.getStore()?.logger.info({ step: 2 }, 'later');
        res.end('x');
      }, 5);
    });
    try {
      await s.get('/later', 'req-later-0001');
      expect(s.lines).toEqual([
        expect.objectContaining({ msg: 'later', step: 2, requestId: 'req-later-0001' }),
      ]);
    } finally {
      await s.close();
    }
  });

  it('should close every request with a line under LOG_REQUESTS=all, health probes aside', async () => {
    const s = await serve('all', (_req, res) => res.end('ok'));
    try {
      await s.get('/health', 'req-health-001');
      await s.get('/api/v1/tickets', 'req-tickets-01');
      expect(s.lines.map((l) => [l.msg, l.requestId])).toEqual([['request completed', 'req-tickets-01']]);
    } finally {
      await s.close();
    }
  });
});
