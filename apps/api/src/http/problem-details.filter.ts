import { DomainError, ErrorCode, FieldError } from '@desk/common';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { QueryFailedError } from 'typeorm';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const DOMAIN_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.InvalidTransition]: 409,
  [ErrorCode.StaleVersion]: 409,
  [ErrorCode.Validation]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.TooManyRequests]: 429,
};

// PostgreSQL error classes that mean "the database is unreachable or restarting".
const UNAVAILABLE_PG_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
/** Fastify's and @fastify/multipart's codes for a body or file over its size limit. */
const TOO_LARGE_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_ERR_CTP_BODY_TOO_LARGE']);
/** @fastify/multipart's refusals of a multipart body with more parts than allowed or a broken one. */
const MULTIPART_CODES = new Set([
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_PARTS_LIMIT',
  'FST_PROTO_VIOLATION',
]);
/** busboy's plain errors for a multipart body it cannot read. */
const MULTIPART_BROKEN =
  /^(Multipart: Boundary not found|Unexpected end of (multipart|form)|Part terminated early)/;
const UNAVAILABLE_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: extra.type ?? `https://spbe-desk.dev/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...extra,
  };
}

function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code && (UNAVAILABLE_PG_CODES.has(e.code) || UNAVAILABLE_NET_CODES.has(e.code))) return true;
  const message = e?.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Stream isn't writeable|max retries per request|Driver not Connected/i.test(
    message,
  );
}

/** Maps every error to `application/problem+json`. Unknown errors are logged and never leak detail. */
export function toProblem(error: unknown, logger: Logger, requestId?: string): Problem {
  if (error instanceof DomainError) {
    const { errors, ...rest } = error.details;
    return problem(DOMAIN_STATUS[error.code], error.message, {
      type: `https://spbe-desk.dev/problems/${error.code.replace(/_/g, '-')}`,
      ...(errors ? { errors } : {}),
      ...rest,
    });
  }
  if (error instanceof ThrottlerException)
    return problem(429, 'Too many attempts; wait a minute and try again');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse() as { message?: unknown; errors?: FieldError[] } | string;
    if (typeof body === 'object' && body.errors)
      return problem(status, 'Some fields are invalid', { errors: body.errors });
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray(body.message)
          ? body.message.join('; ')
          : String(body.message ?? error.message);
    return problem(status, message);
  }
  // Errors from uploads and Fastify itself come as plain errors (bodies: see body-parsers.ts).
  const e = error as { status?: number; statusCode?: number; code?: string; message?: string };
  if (TOO_LARGE_CODES.has(e?.code ?? '')) return problem(413, 'The request body or file is too large');
  if (e?.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return problem(415, 'Uploads must be multipart/form-data');
  // busboy (under @fastify/multipart) throws plain errors for a multipart type or header it cannot parse.
  if (typeof e?.message === 'string' && e.message.startsWith('Unsupported content type: '))
    return problem(415, 'Uploads must be multipart/form-data');
  if (e?.message === 'Malformed content type' || e?.message === 'Missing Content-Type')
    return problem(400, 'The Content-Type header is malformed');
  // A multipart body busboy cannot read (no or wrong boundary, cut short): the upload is invalid.
  if (MULTIPART_CODES.has(e?.code ?? '') || MULTIPART_BROKEN.test(e?.message ?? ''))
    return problem(400, e.message ?? 'Invalid upload', {
      errors: [{ field: 'file', message: e.message ?? 'invalid upload' }],
    });
  const clientStatus = e?.status ?? e?.statusCode;
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500)
    return problem(clientStatus, e.message ?? 'Bad request');
  if (isUnavailable(error)) {
    logger.warn(`dependency unavailable [${requestId}]: ${e?.message}`);
    return problem(503, 'A service the desk depends on is unavailable; try again shortly');
  }
  if (error instanceof QueryFailedError) {
    const code = (error as unknown as { code?: string }).code;
    // Class 22 (data exception): a value PostgreSQL refuses (bad text encoding or syntax, out of
    // range, an impossible date) came from the caller's input.
    if (code?.startsWith('22')) return problem(400, 'A value in the request is not acceptable');
    if (code === '23505') return problem(409, 'This conflicts with an existing record');
    if (code === '23503') return problem(400, 'A referenced record does not exist');
    if (code === '40001' || code === '40P01')
      return problem(409, 'A concurrent change got in the way; try again');
  }
  logger.error(`unhandled error [${requestId}]`, (error as Error)?.stack ?? String(error));
  return problem(500, `Something went wrong on our side (reference ${requestId ?? 'n/a'})`);
}

/** Sends a problem as the answer (with Retry-After for 429). */
export function sendProblem(reply: FastifyReply, body: Problem): void {
  // A stream already under way (a live stream, a download) can only be cut short.
  if (reply.sent || reply.raw.headersSent) return void reply.raw.end();
  if (body.status === 429) reply.header('Retry-After', String(body.retryAfter ?? 60));
  void reply
    .status(body.status ?? HttpStatus.INTERNAL_SERVER_ERROR)
    .type('application/problem+json')
    .send(JSON.stringify(body));
}

/** Where unknown errors and unavailable dependencies are logged. */
const logger = new Logger('HTTP');

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    sendProblem(ctx.getResponse<FastifyReply>(), toProblem(error, logger, req.id));
  }
}

/**
 * The router's own refusals, before any route or Nest filter runs: a path that is not a valid URL
 * encoding (400) and a path segment longer than any id (404, as an unknown id).
 */
export function routerProblem(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem(404, 'Not found')
      : error.code === 'FST_ERR_BAD_URL'
        ? problem(400, 'The path is not a valid URL encoding', {
            errors: [{ field: 'path', message: 'invalid percent-encoding' }],
          })
        : toProblem(error, logger, request.id);
  sendProblem(reply, body);
}

/**
 * A request Node's HTTP parser refuses (bytes not allowed in a URL or header, headers too large):
 * no route runs and the connection cannot be read further, so the answer says `Connection: close`
 * (a keep-alive client must not send its next request on this socket) before it is closed.
 */
export function clientErrorProblem(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem(431, 'The request headers are too large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problem(408, 'The request took too long to arrive')
        : problem(400, 'The request is not valid HTTP');
  const body = JSON.stringify(refusal);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${refusal.status} ${refusal.title}\r\nConnection: close\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  socket.destroy();
}
