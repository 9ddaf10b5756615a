import { FieldError, isPureQuery } from '@desk/common';
import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * Deeper than any request DTO nests. The pipe walks bodies recursively (its prototype-key stripping,
 * class-transformer, class-validator), so a 1 MB body of nested brackets would overflow the stack
 * and answer 500; such input is refused first, by an iterative walk.
 */
const MAX_DEPTH = 32;

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      // whitelist errors read "property x should not exist"; say it plainly.
      message: message.startsWith('property ') ? `${field} is not an accepted field` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Input no DTO can accept, found by an iterative walk: nesting deeper than MAX_DEPTH (named by its
 * top-level field), and strings holding NUL characters, which PostgreSQL text cannot store.
 */
function hostile(value: unknown): FieldError[] {
  if (typeof value !== 'object' || value === null) return [];
  const errors: FieldError[] = [];
  const pending: [unknown, number, string][] = Object.entries(value).map(([key, v]) => [v, 1, key]);
  while (pending.length) {
    const [node, depth, field] = pending.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000'))
        errors.push({ field, message: `${field} must not contain NUL characters` });
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) {
      const top = field.split('.')[0];
      return [{ field: top, message: `${top} is nested too deeply` }];
    }
    for (const [key, child] of Object.entries(node)) pending.push([child, depth + 1, `${field}.${key}`]);
  }
  return errors.reverse();
}

/** Validated queries remembered per DTO class marked `PureQuery`, at most this many each. */
const REMEMBERED_QUERIES = 500;

/** A fresh copy of a remembered DTO, so a handler changing its query cannot change the next one's. */
function copyOf<T extends object>(dto: T): T {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(dto) as object) as T, dto);
  for (const [key, value] of Object.entries(copy))
    if (Array.isArray(value)) (copy as Record<string, unknown>)[key] = [...(value as unknown[])];
  return copy;
}

/** The global pipe: refuses hostile input (see above) before the recursive validation sees it. */
class DeskValidationPipe extends ValidationPipe {
  private readonly remembered = new Map<unknown, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && isPureQuery(metadata.metatype)) {
      // The same query text validates the same way every time: remember what it gave.
      const key = JSON.stringify(value);
      let known = this.remembered.get(metadata.metatype);
      if (!known) this.remembered.set(metadata.metatype, (known = new Map()));
      const hit = known.get(key);
      if (hit) return copyOf(hit);
      const dto = (await this.validated(value, metadata)) as object;
      if (known.size >= REMEMBERED_QUERIES) known.delete(known.keys().next().value!);
      known.set(key, dto);
      return copyOf(dto);
    }
    return this.validated(value, metadata);
  }

  private async validated(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what the client sent as JSON or a query: files and the actor are not walked.
    if (metadata.type === 'body' || metadata.type === 'query') {
      const errors = hostile(value);
      if (errors.length) throw new BadRequestException({ errors });
    }
    return super.transform(value, metadata);
  }
}

/** Whitelisting, transforming validation whose 400 names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new DeskValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException({ errors: flatten(errors) }),
  });
}
