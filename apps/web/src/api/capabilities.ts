import { useQuery } from '@tanstack/react-query';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface OpenApiDoc {
  paths?: Record<string, Partial<Record<Method, unknown>>>;
}

/**
 * What the running api offers, read from its OpenAPI document. Features whose endpoints are not
 * there yet (escalation, queues, reports, calendar, ...) show an "akan tersedia" state instead of a
 * control that would fail, and light up by themselves once the api has them.
 */
export function useCapabilities() {
  const query = useQuery({
    queryKey: ['openapi'],
    queryFn: async (): Promise<OpenApiDoc> => {
      const res = await fetch('/api/docs/openapi.json', { headers: { Accept: 'application/json' } });
      if (!res.ok) return {};
      return (await res.json()) as OpenApiDoc;
    },
    staleTime: 10 * 60_000,
    gcTime: Infinity,
    retry: 1,
  });
  const paths = query.data?.paths ?? {};
  /** e.g. has('post', '/tickets/{id}/escalate') (path relative to /api/v1). */
  const has = (method: Method, path: string): boolean => !!paths[`/api/v1${path}`]?.[method];
  return { has, ready: query.isSuccess || query.isError };
}
