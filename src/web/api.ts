// The one fetch wrapper of the web app. Same-origin cookie session, JSON in and out, errors thrown as ApiError
// carrying the stable code of src/contracts/errors.ts. A 401 on any call (except the login steps and the
// "who am I" probe, which handle it themselves) hands control to the handler installed by the app, which
// sends the user to the login page. The same happens when the session still waits for its TOTP setup.
import type { Lang } from '../contracts/errors.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, details: unknown = null, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

/** Failure before any HTTP answer (server down, offline). */
export const NETWORK_ERROR = 'client.network';

let language: Lang = 'vi';
let unauthorizedHandler: (() => void) | null = null;

export function setApiLanguage(lang: Lang): void {
  language = lang;
}

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

/** '?a=1&b=x' from the non-empty values, '' when none. */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Turns a non-2xx answer into an ApiError, whatever its body looked like. */
export function toApiError(status: number, body: unknown, statusText = ''): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === 'object') {
      const { code, message, details, requestId } = e as Record<string, unknown>;
      if (typeof code === 'string') {
        return new ApiError(
          status,
          code,
          typeof message === 'string' ? message : code,
          details ?? null,
          typeof requestId === 'string' ? requestId : null,
        );
      }
    }
  }
  const code =
    status === 401 ? 'auth.unauthenticated'
    : status === 403 ? 'auth.forbidden'
    : status === 404 ? 'request.not_found'
    : status === 429 ? 'request.rate_limited'
    : status === 503 ? 'server.unavailable'
    : status >= 500 ? 'server.internal'
    : 'request.invalid';
  return new ApiError(status, code, statusText || code);
}

/** No session, or a session that is still waiting for its second factor (or its TOTP setup). */
export function needsLogin(err: ApiError): boolean {
  return err.status === 401 || err.code === 'auth.totp_setup_required';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialised as JSON; when absent no body and no content-type are sent. */
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the unauthorized handler on 401 (login steps, session probe). */
  noAuthRedirect?: boolean;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  const init: RequestInit = { method: opts.method ?? 'GET', credentials: 'same-origin', headers, signal: opts.signal };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : String(err));
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const error = toApiError(res.status, body, res.statusText);
    if (needsLogin(error) && !opts.noAuthRedirect) unauthorizedHandler?.();
    throw error;
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'GET' }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'PATCH', body }),
};

/** Field errors of a 400 answer: details.fields[{path, code}] → { path: code }. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError) || !err.details || typeof err.details !== 'object') return out;
  const fields = (err.details as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return out;
  for (const f of fields) {
    if (!f || typeof f !== 'object') continue;
    const { path, code } = f as { path?: unknown; code?: unknown };
    const first = Array.isArray(path) ? path[0] : typeof path === 'string' ? path.split(/[.[]/)[0] : undefined;
    if (first === undefined || first === '') continue;
    const key = String(first);
    if (!(key in out)) out[key] = typeof code === 'string' ? code : err.code;
  }
  return out;
}

/** The `details.candidates` of a 409 duplicate answer. */
export function candidatesOf<C>(err: unknown): C[] {
  if (!(err instanceof ApiError) || !err.details || typeof err.details !== 'object') return [];
  const c = (err.details as { candidates?: unknown }).candidates;
  return Array.isArray(c) ? (c as C[]) : [];
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
