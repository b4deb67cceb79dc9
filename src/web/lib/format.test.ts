// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDateTimeMinutes, formatNumber, formatTimeDay, parseYear } from './format.ts';

describe('format', () => {
  it('writes plain dates as dd/MM/yyyy without time-zone shifts', () => {
    expect(formatDate('1990-05-01')).toBe('01/05/1990');
    expect(formatDate('')).toBe('');
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('writes timestamps as dd/MM/yyyy HH:mm:ss in Vietnam time', () => {
    const d = new Date('2024-01-02T03:04:05+07:00');
    expect(formatDateTime(d.toISOString())).toBe('02/01/2024 03:04:05');
    expect(formatDateTime(undefined)).toBe('');
  });

  it('writes timestamps to the minute, long and short', () => {
    const d = new Date('2021-01-30T08:05:59+07:00');
    expect(formatDateTimeMinutes(d.toISOString())).toBe('30/01/2021 08:05');
    expect(formatDateTimeMinutes(d.getTime())).toBe('30/01/2021 08:05');
    expect(formatTimeDay(d.getTime())).toBe('08:05 30/01');
    expect(formatTimeDay(undefined)).toBe('');
    expect(formatDateTimeMinutes('nope')).toBe('');
  });

  it('uses Vietnamese separators in vi', () => {
    expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });

  it('parses years', () => {
    expect(parseYear(' 1990 ')).toBe(1990);
    expect(parseYear('')).toBeNull();
    expect(parseYear('19x0')).toBeNaN();
  });
});
