import type { JsonText } from '@desk/common';
import { ApiExtension, ApiOkResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ApiContracts } from './contract-names';
import GENERATED from './contract-schemas.json';

export type ContractName = keyof ApiContracts;
/** What JSON.stringify makes of a value's type: dates become strings, undefined properties vanish. */
type Json<T> =
  T extends JsonText<infer U>
    ? Json<U>
    : T extends Date
      ? string
      : T extends readonly unknown[]
        ? { [I in keyof T]: Json<T[I]> }
        : T extends object
          ? { [K in keyof T]: Json<Exclude<T[K], undefined>> }
          : T;
/** Compiles when A (a handler's answer as JSON) is a T; otherwise names the expected contract. */
type Fits<A, T> = [A] extends [T] ? unknown : { 'the handler does not answer the declared contract': T };
type Decorator<T> = <M extends (...args: never[]) => unknown>(
  target: object,
  key: string | symbol,
  descriptor: { value?: M } & Fits<Json<Awaited<ReturnType<M>>>, T>,
) => void;

const EXTENSION = 'x-contract';
type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;
const CONTRACT_SCHEMAS = GENERATED as unknown as Schemas;

/**
 * Declares a route's answer as a type of libs/contracts. The compiler checks the handler returns
 * that type; the OpenAPI document gets its schema (generated from the same type) under the route's
 * success status (201 for a POST unless @HttpCode says otherwise).
 */
export function Returns<K extends ContractName>(name: K): Decorator<ApiContracts[K]> {
  return (target, key, descriptor) =>
    ApiExtension(EXTENSION, { name })(target, key, descriptor as PropertyDescriptor);
}

/**
 * Returns for a route that may also answer 204 (declared with ApiNoContentResponse): the contract is
 * the 200 answer's.
 */
export function ReturnsOrNoContent<K extends ContractName>(name: K): Decorator<ApiContracts[K] | undefined> {
  return (target, key, descriptor) =>
    ApiExtension(EXTENSION, { name, status: '200' })(target, key, descriptor as PropertyDescriptor);
}

/** Returns for a route whose answer may be JSON `null` (nothing set up yet). */
export function ReturnsNullable<K extends ContractName>(name: K): Decorator<ApiContracts[K] | null> {
  return (target, key, descriptor) =>
    ApiExtension(EXTENSION, { name, nullable: true })(target, key, descriptor as PropertyDescriptor);
}

/**
 * Declares the answer's schema where the handler's type cannot be checked yet (its service returns
 * an untyped database row). Each use is a debt: type the row, then switch to Returns.
 */
export function ReturnsUnchecked(name: ContractName) {
  return ApiExtension(EXTENSION, { name });
}

/** A route that answers a file (a download), not JSON. */
export function ReturnsFile(contentType = 'application/octet-stream') {
  return ApiOkResponse({
    description: 'The file',
    content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
  });
}

/** Declares a route's answer as an array of a type of libs/contracts (see Returns). */
export function ReturnsList<K extends ContractName>(name: K): Decorator<ApiContracts[K][]> {
  return (target, key, descriptor) =>
    ApiExtension(EXTENSION, { name, list: true })(target, key, descriptor as PropertyDescriptor);
}

/** The error body of every route (RFC 9457 problem details). */
const PROBLEM_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Each bad field of a 400',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/**
 * Completes the document nestjs/swagger built: the contract schemas join its components, each
 * route marked with Returns gets its schema on its success answer, and every route declares its
 * errors as application/problem+json.
 */
export function withContracts(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const name of Object.keys(CONTRACT_SCHEMAS)) {
    if (name in schemas) throw new Error(`OpenAPI schema ${name} is both a class and a contract type`);
  }
  document.components.schemas = {
    ...schemas,
    ...CONTRACT_SCHEMAS,
    ProblemDetails: PROBLEM_SCHEMA,
  } as Schemas;
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method];
      if (!operation) continue;
      const contract = (operation as unknown as Record<string, unknown>)[EXTENSION] as
        { name: ContractName; list?: boolean; status?: string; nullable?: boolean } | undefined;
      if (contract) {
        const status =
          contract.status ?? Object.keys(operation.responses).find((code) => code.startsWith('2')) ?? '200';
        const ref = { $ref: `#/components/schemas/${contract.name}` };
        operation.responses[status] = {
          description: status === '201' ? 'Created' : 'OK',
          content: {
            'application/json': {
              schema: contract.list
                ? { type: 'array', items: ref }
                : contract.nullable
                  ? { allOf: [ref], nullable: true }
                  : ref,
            },
          },
        };
      }
      operation.responses['4XX'] = problem('Refused: the problem names its cause (a 400 each bad field)');
      operation.responses['5XX'] = problem('Failed on our side or a dependency is down');
    }
  }
  return document;
}
