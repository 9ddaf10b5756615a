import { requestIdOf } from '@desk/config';
import type { NextFunction, Request, Response } from 'express';

/**
 * Tags each request with an id (kept from X-Request-Id when sane) for logs and 500 references; the
 * request logger (`RequestLog` of LoggingModule) writes it on every line of the request as `requestId`.
 */
export function requestId(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  req.id = requestIdOf(req.headers['x-request-id']);
  res.setHeader('X-Request-Id', req.id);
  next();
}
