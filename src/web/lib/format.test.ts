// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, parseYear } from './format.ts';

describe('format', () => {
  it('writes plain dates as dd/MM/yyyy without time-zone shifts', () => {
    expect(formatDate('1990-05-01')).toBe('01/05/1990');
    expect(formatDate('')).toBe('');
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('writes timestamps as dd/MM/yyyy HH:mm:ss in local time', () => {
    const d = new Date(2024, 0, 2, 3, 4, 5);
    expect(formatDateTime(d.toISOString())).toBe('02/01/2024 03:04:05');
    expect(formatDateTime(undefined)).toBe('');
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
