import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = `<!doctype html><html lang="id"><meta charset="utf-8"><title>SPBE Desk</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto"><h1>SPBE Desk</h1>
<p>Layanan berjalan. Dokumentasi API: <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/**
 * Deep links of the single-page web app: any GET that is not the API gets index.html (or a short
 * placeholder when the web app is not built).
 */
export function webFallback(webDist: string) {
  const index = join(webDist, 'index.html');
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (req.method !== 'GET' || path.startsWith('/api/') || path === '/health' || path === '/ready')
      return next();
    // A hashed file that is not there (an old build's chunk) is missing, not a page: answering it
    // with index.html would hand the browser HTML where it expects a script.
    if (path.startsWith('/assets/')) return next();
    // index.html names the hashed assets of the current build: revalidated on every visit.
    res.setHeader('Cache-Control', 'no-cache');
    if (existsSync(index)) return res.sendFile(index, { cacheControl: false });
    res.type('html').send(PLACEHOLDER);
  };
}
