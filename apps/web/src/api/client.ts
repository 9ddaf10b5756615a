import type { Problem } from '@desk/contracts';

export const API_BASE = '/api/v1';
const TOKEN_KEY = 'desk.token';

let token: string | null = readToken();

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return token;
}

export function setToken(value: string | null): void {
  token = value;
  delete window.__deskEarly; // started with the session that ends here
  try {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: keep the token in memory */
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when the api answers 401 to a signed-in request (expired or revoked token). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** An API failure: a problem+json body when the server answered, `network` when it did not. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly network = false,
  ) {
    super(problem?.detail ?? (network ? 'network error' : `HTTP ${status}`));
    this.name = 'ApiError';
  }

  fieldErrors(): { field: string; message: string }[] {
    return this.problem?.errors ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = path.startsWith('/api/') ? path : `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function parseProblem(res: Response): Promise<Problem | null> {
  const text = await res.text().catch(() => '');
  if (!text) return null;
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object' && typeof body.status === 'number') return body as Problem;
  } catch {
    /* not JSON (a proxy's error page) */
  }
  return null;
}

declare global {
  interface Window {
    /** The reads `public/boot.js` started before the app's scripts arrived, by URL. */
    __deskEarly?: { token: string; at: number; answers: Record<string, Promise<Response> | undefined> };
  }
}

/** Boot reads older than this are not used (a page opened later reads afresh). */
const EARLY_MAX_AGE_MS = 30_000;

/** The answer boot.js already asked for, once: same URL, same session, still fresh. */
function takeEarly(url: string): Promise<Response> | undefined {
  const early = window.__deskEarly;
  const answer = early?.answers[url];
  if (!early || !answer) return undefined;
  early.answers[url] = undefined;
  return early.token === token && Date.now() - early.at < EARLY_MAX_AGE_MS ? answer : undefined;
}

/** JSON request to the api with the bearer token; throws ApiError on failure. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...authHeaders(),
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  // A 401 ends the session only if it answers the token in use now, not one replaced meanwhile
  // (a password change signs in again while older requests are still coming back).
  const sentWith = token;
  const url = buildUrl(path, options.query);
  const method = options.method ?? 'GET';
  const early = method === 'GET' && !options.headers ? takeEarly(url) : undefined;
  let res: Response;
  try {
    res = await (early?.catch(() => fetch(url, { method, headers, signal: options.signal })) ??
      fetch(url, { method, headers, body, signal: options.signal }));
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, null, true);
  }
  if (!res.ok) {
    const problem = await parseProblem(res);
    if (res.status === 401 && token && token === sentWith) unauthorizedListeners.forEach((l) => l());
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

/** Fetches a protected file (attachments, CSV) with the token and hands it to the browser as a download. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path), { headers: authHeaders() });
  } catch {
    throw new ApiError(0, null, true);
  }
  if (!res.ok) throw new ApiError(res.status, await parseProblem(res));
  const disposition = res.headers.get('content-disposition') ?? '';
  // RFC 6266: filename*=UTF-8''... when the name needs encoding, else a plain filename="...".
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = encoded ? decodeURIComponent(encoded[1]) : (plain?.[1] ?? fallbackName);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
