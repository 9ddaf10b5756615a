// CPU of a request's logging when it logs nothing (a quick 200), in this process: pino-http's
// middleware (two child loggers a request) against `RequestLog` (a logger made on first use),
// each in front of the same node:http handler, requests sent from this process over keep-alive,
// the two alternated (docs/read-path-performance.md). Both write to a stream that drops the lines.
//
//   TS_NODE_PROJECT=tsconfig.json TS_NODE_TRANSPILE_ONLY=1 node -r ts-node/register \
//     -r tsconfig-paths/register test/bench/reads-logger.bench.ts [requests]
import { RequestLog, requestLogLevel } from '@desk/config';
import { Agent, createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp } from 'pino-http';

const requests = Number(process.argv[2] ?? 4000);
const sink = new Writable({ write: (_c, _e, done) => done() });
const serializers = {
  req: (req: { id: unknown; method: string; url: string }) => ({
    id: req.id,
    method: req.method,
    url: req.url,
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
const viaPinoHttp = pinoHttp(
  {
    serializers,
    genReqId: () => 'req-0000-0001',
    customProps: (req: IncomingMessage & { id?: unknown }) => ({ requestId: req.id }),
    customLogLevel: requestLogLevel('notable'),
  },
  sink,
) as unknown as Middleware;
const viaRequestLog = new RequestLog({ root: pino({ serializers }, sink) }, 'notable').handle as Middleware;

async function serve(middleware: Middleware) {
  const server = createServer((req, res) =>
    middleware(req, res, () => {
      res.setHeader('Content-Type', 'application/json');
      res.end('{"ok":true}');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

async function cpu(port: number, agent: Agent): Promise<number> {
  const t = process.cpuUsage();
  for (let i = 0; i < requests; i++)
    await new Promise<void>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/api/v1/tickets', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end(),
    );
  const d = process.cpuUsage(t);
  return ((d.user + d.system) / 1000 / requests) * 1000; // µs
}

void (async () => {
  const servers = { 'pino-http': await serve(viaPinoHttp), RequestLog: await serve(viaRequestLog) };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const results: Record<string, number[]> = { 'pino-http': [], RequestLog: [] };
  for (let round = 0; round < 6; round++)
    for (const [name, server] of Object.entries(servers)) {
      const us = await cpu((server.address() as AddressInfo).port, agent);
      if (round > 0) results[name].push(us);
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `a quick 200 that logs nothing, server and client in one process: pino-http ${median(results['pino-http']).toFixed(1)} µs CPU, ` +
      `RequestLog ${median(results.RequestLog).toFixed(1)} µs CPU (medians of 5 x ${requests})`,
  );
  agent.destroy();
  for (const s of Object.values(servers)) s.close();
})();
