// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError, buildQuery, candidatesOf, fieldErrorsOf, toApiError } from './api.ts';

describe('api helpers', () => {
  it('builds query strings from non-empty values', () => {
    expect(buildQuery({ q: 'Nguyễn An', commune: '', page: 2, sex: undefined, x: null })).toBe('?q=Nguy%E1%BB%85n+An&page=2');
    expect(buildQuery({})).toBe('');
  });

  it('reads the error envelope', () => {
    const e = toApiError(409, {
      error: { code: 'person.possible_duplicate', message: 'm', details: { candidates: [{ id: 1 }] }, requestId: 'r1' },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'person.possible_duplicate', requestId: 'r1' });
    expect(candidatesOf(e)).toEqual([{ id: 1 }]);
  });

  it('falls back to a code from the status when the body is not the envelope', () => {
    expect(toApiError(502, '<html>').code).toBe('server.internal');
    expect(toApiError(401, null).code).toBe('auth.unauthenticated');
    expect(toApiError(429, null).code).toBe('request.rate_limited');
  });

  it('maps field errors by their first path segment', () => {
    const e = new ApiError(400, 'request.invalid', 'm', {
      fields: [
        { path: 'phone', code: 'person.invalid_phone' },
        { path: ['birthYear'], code: 'person.invalid_birth' },
        { path: 'address.0', message: 'x' },
      ],
    });
    expect(fieldErrorsOf(e)).toEqual({ phone: 'person.invalid_phone', birthYear: 'person.invalid_birth', address: 'request.invalid' });
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });
});
