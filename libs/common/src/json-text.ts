declare const jsonOf: unique symbol;

/**
 * Text that is already the JSON of a `T` (written by PostgreSQL for the hot reads). The brand keeps
 * the type it stands for, so a route declaring its contract can still be checked by the compiler;
 * the route answers the text as it is, with `Content-Type: application/json`.
 */
export type JsonText<T> = string & { readonly [jsonOf]: T };

/** Marks `text` as the JSON of a `T`; the caller vouches for it (and a test compares the two). */
export const jsonText = <T>(text: string) => text as JsonText<T>;
