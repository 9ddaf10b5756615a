/**
 * Errors thrown by domain libraries. Libraries never throw HttpException because the worker runs
 * the same code; the api's problem filter maps each code to an HTTP status.
 */
export enum ErrorCode {
  NotFound = 'not_found',
  Forbidden = 'forbidden',
  Conflict = 'conflict',
  InvalidTransition = 'invalid_transition',
  StaleVersion = 'stale_version',
  Validation = 'validation',
  Unauthorized = 'unauthorized',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  /** 429; `details.retryAfter` (seconds) becomes the Retry-After header. */
  TooManyRequests = 'too_many_requests',
}

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static forbidden(message: string): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  /** 429 with a Retry-After of `retryAfter` seconds. */
  static tooMany(message: string, retryAfter: number): DomainError {
    return new DomainError(ErrorCode.TooManyRequests, message, {
      retryAfter: Math.max(1, Math.ceil(retryAfter)),
    });
  }

  static invalidField(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.Validation, message, { errors: [{ field, message }] });
  }
}
