import { DomainError, ErrorCode, FieldError } from '@desk/common';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
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
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
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
  // Errors from body parsing (bad JSON, bad encoding, body too large) and multer come as plain errors.
  const e = error as { status?: number; type?: string; code?: string; message?: string; field?: string };
  if (e?.type === 'entity.too.large' || e?.code === 'LIMIT_FILE_SIZE')
    return problem(413, 'The request body or file is too large');
  if (e?.type === 'entity.parse.failed')
    return problem(400, 'The body is not valid JSON', {
      errors: [{ field: 'body', message: 'invalid JSON' }],
    });
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return problem(415, 'Unsupported body encoding');
  if (e?.code?.startsWith?.('LIMIT_'))
    return problem(400, e.message ?? 'Invalid upload', {
      errors: [{ field: e.field ?? 'file', message: e.message ?? 'invalid upload' }],
    });
  // busboy (under multer) throws plain errors for a multipart type or header it cannot parse.
  if (typeof e?.message === 'string' && e.message.startsWith('Unsupported content type: ')) {
    return problem(415, 'Uploads must be multipart/form-data');
  }
  if (e?.message === 'Malformed content type' || e?.message === 'Missing Content-Type') {
    return problem(400, 'The Content-Type header is malformed');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return problem(e.status, e.message ?? 'Bad request');
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

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = toProblem(error, this.logger, req.id);
    if (res.headersSent) return void res.end();
    if (body.status === 429) res.setHeader('Retry-After', String(body.retryAfter ?? 60));
    res
      .status(body.status ?? HttpStatus.INTERNAL_SERVER_ERROR)
      .type('application/problem+json')
      .send(JSON.stringify(body));
  }
}
