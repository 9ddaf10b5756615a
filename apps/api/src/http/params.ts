import { DomainError } from '@desk/common';
import { ParseUUIDPipe } from '@nestjs/common';

/** A path id that is not a UUID cannot exist: answer 404 like any other unknown id. */
export const uuidParam = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound(what) });
