import { DomainError, ErrorCode } from '@desk/common';
import bodyParser from 'body-parser';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Parser = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** body-parser takes an answer too but writes nothing to it. */
const NO_ANSWER = { setHeader: () => undefined } as unknown as ServerResponse;

/**
 * Request bodies, read by the `body-parser` package (the one Express uses) rather than Fastify's
 * own parsers, so the rules stay those the hostile-input suite pins: JSON up to 1 MB (413 beyond),
 * objects and arrays only, UTF-8 (another charset 415), gzip or deflate inflated (another encoding
 * 415, a broken stream 400), forms up to 100 KB. A body of any other type is not read: the route's
 * validation then names the fields it misses. Multipart uploads have their own parser
 * (`@fastify/multipart`, see uploads.ts).
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  const parsers: Parser[] = [
    bodyParser.json({ limit: '1mb' }) as Parser,
    bodyParser.urlencoded({ extended: false, limit: '100kb' }) as Parser,
  ];
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const req = request.raw as IncomingMessage & { body?: unknown; complete: boolean };
    const next = (index: number) => (error?: unknown) => {
      if (error) return done(bodyError(error));
      // body-parser marks a body it read by setting req.body; the next parser skips a read stream.
      if (req.body !== undefined || index === parsers.length) {
        if (!req.complete) req.resume();
        return done(null, req.body);
      }
      parsers[index](req, NO_ANSWER, next(index + 1));
    };
    next(0)();
  });
}

/**
 * A body-parser error as the problem it answers. Nest's error handler would turn the package's own
 * errors into a bare 400 or 415 with its message; these say what was wrong and name the body.
 */
function bodyError(error: unknown): DomainError {
  const e = error as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.too.large')
    return new DomainError(ErrorCode.PayloadTooLarge, 'The request body is too large');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new DomainError(ErrorCode.UnsupportedMediaType, 'Unsupported body encoding');
  if (e.type === 'entity.parse.failed') return DomainError.invalidField('body', 'The body is not valid JSON');
  // A body that is cut short, cannot be inflated or decoded.
  return DomainError.invalidField('body', 'The body could not be read');
}
