import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { constants as zlib } from 'node:zlib';

/** Vite writes content-hashed file names under assets/: they never change, so caches keep them a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files: always revalidated, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';
/** Dynamic answers smaller than this are sent as they are (compressing them saves nothing). */
const THRESHOLD = 1024;

const PLACEHOLDER = `<!doctype html><html lang="id"><meta charset="utf-8"><title>SPBE Desk</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto"><h1>SPBE Desk</h1>
<p>Layanan berjalan. Dokumentasi API: <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/**
 * On-the-fly compression of the api's answers (JSON, CSV, HTML) above 1 KB: brotli at quality 4
 * or gzip, both in zlib's thread pool, so the event loop never waits for them. Answers that are
 * already encoded (the prebuilt web assets) pass through untouched, and the live event stream
 * (written to the socket directly) is never compressed. Request bodies are inflated by the body
 * parsers (body-parsers.ts), which refuse an encoding they do not know with 415.
 */
export async function registerApiCompression(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCompress, {
    threshold: THRESHOLD,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    globalDecompression: false,
  });
}

/**
 * The built web app and its deep links. Files: the brotli or gzip file the build wrote next to each
 * asset, whichever the browser accepts (brotli first), with `Vary: Accept-Encoding`; hashed assets
 * immutable for a year, anything else revalidated; no compression work per request. Every other GET
 * outside the api gets index.html (or a short placeholder when the web app is not built), except a
 * hashed asset that is not there (an old build's chunk): answering it with index.html would hand the
 * browser HTML where it expects a script, so it is a 404 like any unknown api path.
 */
export async function registerWebApp(app: NestFastifyApplication, webDist: string): Promise<void> {
  const index = join(webDist, 'index.html');
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      // One route per file of the build, made at start: no file-system lookups for other paths.
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply: FastifyReply, path: string) => {
        reply.header('Cache-Control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : REVALIDATE);
      },
    });
  }
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?', 1)[0];
    if (path.startsWith('/api/') || path.startsWith('/assets/')) return reply.callNotFound();
    reply.header('Cache-Control', REVALIDATE);
    if (built) return reply.sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
  });
}
