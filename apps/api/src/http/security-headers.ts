import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the web app may load: its own scripts, styles (Mantine sets some inline), images and API. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  scriptSrc: ["'self'"],
  connectSrc: ["'self'"],
};

/**
 * Helmet's security headers (CSP, HSTS, frame, referrer and MIME-sniffing rules) for our policy.
 * None of them depends on the request (no nonces), so Helmet runs once, at start, against a
 * recording answer, and every request gets the same recorded set: building Helmet per request
 * (as the Fastify plugin does) cost a few per cent of a small read.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name] = String(value)),
    removeHeader: () => undefined,
  };
  helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error as Error;
    },
  );
  return headers;
}

/** Sets the security headers on every answer (files, API, errors). */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
