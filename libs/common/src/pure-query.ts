const PURE = Symbol('pureQuery');

/**
 * Marks a query-string DTO whose validation depends on nothing but the query itself (no clock, no
 * database, no per-request state): the api's validation pipe may then remember the validated result
 * per query text and skip class-transformer and class-validator when the same query comes again
 * (the queue views ask the same few queries all day). Refusals are never remembered.
 */
export function PureQuery(): ClassDecorator {
  return (target) => {
    Object.defineProperty(target, PURE, { value: true });
  };
}

/** Whether the class was marked with `PureQuery`. */
export function isPureQuery(type: unknown): boolean {
  return typeof type === 'function' && (type as unknown as Record<symbol, unknown>)[PURE] === true;
}
