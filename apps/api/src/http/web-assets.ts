import compression from 'compression';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { ServerResponse } from 'node:http';
import { sep } from 'node:path';

/** Vite writes content-hashed file names under assets/: they never change, so caches keep them a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files: always revalidated, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';
/** Dynamic answers smaller than this are sent as they are (compressing them saves nothing). */
const THRESHOLD = 1024;

/**
 * The built web app: the brotli or gzip file the build wrote next to each asset, whichever the
 * browser accepts (brotli first), with `Vary: Accept-Encoding`; hashed assets immutable for a year,
 * anything else revalidated. No compression work happens per request.
 */
export function webAssets(webDist: string): RequestHandler {
  const serve = expressStaticGzip(webDist, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      cacheControl: false,
      setHeaders: (res: ServerResponse, path: string) => {
        const hashed = path.includes(`${sep}assets${sep}`);
        res.setHeader('Cache-Control', hashed ? IMMUTABLE : REVALIDATE);
      },
    },
  }) as RequestHandler;
  // Only reads of web files: the api's routes, other methods and paths that are not valid URI
  // encodings go on to the api, which answers them as problem+json.
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/')) return next();
    try {
      decodeURIComponent(req.path);
    } catch {
      return next();
    }
    return serve(req, res, next);
  };
}

/** The live event stream is endless and flushed event by event: it is never compressed. */
function isEventStream(req: Request, res: Response): boolean {
  const type = String(res.getHeader('Content-Type') ?? '');
  return type.startsWith('text/event-stream') || req.path.endsWith('/events/stream');
}

/**
 * On-the-fly compression of the api's answers (JSON, CSV, HTML) above 1 KB: brotli at quality 4
 * or gzip, both in zlib's thread pool, so the event loop never waits for them. Responses that are
 * already encoded (the prebuilt web assets) or marked `no-transform` pass through untouched.
 */
export function apiCompression(): RequestHandler {
  const middleware = compression({
    threshold: THRESHOLD,
    filter: (req, res) => !isEventStream(req, res) && compression.filter(req, res),
  });
  return (req: Request, res: Response, next: NextFunction) => middleware(req, res, next);
}
