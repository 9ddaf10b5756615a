import { AppConfig, RequestLog } from '@desk/config';
import { INestApplication, LoggerService, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, urlencoded } from 'express';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiModule } from './api.module';
import { createValidationPipe } from './http/validation';
import { apiDocument } from './openapi/api-docs';
import { requestId } from './http/request-id.middleware';
import { apiCompression, webAssets } from './http/web-assets';
import { webFallback } from './http/web-fallback';

export const API_PREFIX = 'api/v1';

/** Builds the configured api application (used by main.ts and by the tests). */
export async function createApiApp(
  config: AppConfig,
  logger?: LoggerService | false,
  { shutdownHooks = true }: { shutdownHooks?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    // No logger given: Nest's own lines go through pino (JSON or readable, see LoggingModule).
    ...(logger === undefined ? { bufferLogs: true } : { logger }),
  });
  if (logger === undefined) app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestId);
  // Each request's logger, made only when something logs, and its closing line when notable.
  app.use(app.get(RequestLog).handle);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  // Before the routes: JSON and the other dynamic answers leave compressed (the event stream never).
  app.use(apiCompression());
  app.use(json({ limit: '1mb' }));
  app.use(urlencoded({ extended: false, limit: '100kb' }));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'ready', method: RequestMethod.GET },
    ],
  });
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

  const webDist = resolve(config.WEB_DIST_DIR ?? join(process.cwd(), 'apps/web/dist'));
  if (existsSync(join(webDist, 'index.html'))) app.use(webAssets(webDist));
  app.use(webFallback(webDist));
  return app;
}
