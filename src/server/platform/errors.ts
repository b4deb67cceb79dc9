import type { ErrorCode } from '../../contracts/errors.ts';

export type ErrorKind = 'not_found' | 'forbidden' | 'unauthenticated' | 'invalid' | 'conflict' | 'unavailable' | 'rate_limited' | 'too_large';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** The one error domain code throws. Never an HTTP error: the HTTP layer maps `kind` to a status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: unknown;
  constructor(args: { code: ErrorCode; kind: ErrorKind; details?: unknown }) {
    super(args.code);
    this.code = args.code;
    this.kind = args.kind;
    this.details = args.details ?? null;
  }
}

export const invalid = (code: ErrorCode, details?: unknown) => new AppError({ code, kind: 'invalid', details });
export const notFound = (code: ErrorCode, details?: unknown) => new AppError({ code, kind: 'not_found', details });
export const conflict = (code: ErrorCode, details?: unknown) => new AppError({ code, kind: 'conflict', details });
export const forbidden = (code: ErrorCode, details?: unknown) => new AppError({ code, kind: 'forbidden', details });
