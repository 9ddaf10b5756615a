import { AppConfig, RequestLog, requestIdOf } from '@desk/config';
import { INestApplication, LoggerService, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import fastifyEtag from '@fastify/etag';
import fastifyMultipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { ApiModule } from './api.module';
import { registerBodyParsers } from './http/body-parsers';
import { clientErrorProblem, routerProblem } from './http/problem-details.filter';
import { registerSecurityHeaders } from './http/security-headers';
import { createValidationPipe } from './http/validation';
import { apiDocument } from './openapi/api-docs';
import { registerApiCompression, registerWebApp } from './http/web-assets';

export const API_PREFIX = 'api/v1';

/** Routes that stay outside /api/v1 (load balancers probe them). */
const PROBES = [
  { path: 'health', method: RequestMethod.GET },
  { path: 'ready', method: RequestMethod.GET },
];

/**
 * Builds the configured api application (used by main.ts and by the tests). The HTTP layer is
 * Fastify: per request it costs a fraction of Express's routing and response path (measured in
 * docs/read-path-performance.md), which every screen of the web desk pays several times.
 */
export async function createApiApp(
  config: AppConfig,
  logger?: LoggerService | false,
  { shutdownHooks = true }: { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    // The X-Forwarded-* headers of a reverse proxy on this host are believed, nobody else's.
    trustProxy: 'loopback',
    // A sane X-Request-Id is kept (logs and 500 references quote it), otherwise a new one.
    genReqId: (req: IncomingMessage) =>
      ((req as { id?: string }).id = requestIdOf(req.headers['x-request-id'])),
    // Long enough for any id or number in a path; a longer segment is not found (404).
    routerOptions: { maxParamLength: 500 },
    // The router's refusals (a bad percent-encoding, an overlong segment) answer problem+json too.
    frameworkErrors: routerProblem,
    clientErrorHandler: clientErrorProblem,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bodyParser: false,
    // No logger given: Nest's own lines go through pino (JSON or readable, see LoggingModule).
    ...(logger === undefined ? { bufferLogs: true } : { logger }),
  });
  if (logger === undefined) app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();

  const requestLog = app.get(RequestLog);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    // Each request's logger, made only when something logs, and its closing line when notable.
    requestLog.handle(request.raw, reply.raw, done);
  });
  // Lines logged by the route carry its request id (bound once the body is read).
  fastify.addHook('preHandler', (request, _reply, done) => requestLog.bind(request.raw, done));
  registerSecurityHeaders(fastify);
  // A browser revalidating an answer it holds gets 304 by its weak ETag (of the uncompressed body:
  // registered first, so it runs before compression).
  await app.register(fastifyEtag, { weak: true });
  // JSON and the other dynamic answers leave compressed (the event stream never).
  await registerApiCompression(app);
  registerBodyParsers(fastify);
  await app.register(fastifyMultipart);

  app.setGlobalPrefix(API_PREFIX, { exclude: PROBES });
  app.useGlobalPipes(createValidationPipe());
  // main.ts closes on signals itself (once, also when asked by the cluster's primary).
  if (shutdownHooks) app.enableShutdownHooks();

  // The interactive docs are a development aid: in production /api/docs answers 404. The document
  // is built on its first request, not at start (it holds several MB that no read needs).
  if (!config.isProduction) {
    SwaggerModule.setup('api/docs', app, () => apiDocument(app), {
      jsonDocumentUrl: 'api/docs/openapi.json',
    });
  }

  await registerWebApp(app, resolve(config.WEB_DIST_DIR ?? join(process.cwd(), 'apps/web/dist')));
  return app;
}
