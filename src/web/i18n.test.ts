// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../contracts/errors.ts';
import { en, messageFor, translate, vi, type MessageKey } from './i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogue', () => {
  it('has both languages, non-empty, for every key', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries(vi)) {
      expect(text.trim(), `vi ${key}`).not.toBe('');
      expect(en[key as MessageKey].trim(), `en ${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(vi) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('has the labels the end-to-end test relies on', () => {
    expect(vi['people.search']).toBe('Tìm kiếm');
    expect(en['people.search']).toBe('Search');
    expect(vi['person.fullName']).toBe('Họ và tên');
    expect(vi['person.commune']).toBe('Xã/phường');
    expect(vi['person.save']).toBe('Lưu');
    expect(vi['person.createAnyway']).toBe('Vẫn tạo mới');
    expect(en['person.createAnyway']).toBe('Create anyway');
  });

  it('keeps catalogue keys apart from API error codes', () => {
    for (const code of Object.keys(ERROR_MESSAGES)) expect(code in vi, code).toBe(false);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('vi', 'people.total', { n: '1.234' })).toBe('1.234 người');
    expect(translate('en', 'common.recordNo', {})).toBe('Record #{id}');
  });

  it('shows API error codes and catalogue keys alike', () => {
    expect(messageFor('person.invalid_phone', 'vi')).toBe('Số điện thoại không hợp lệ');
    expect(messageFor('common.required', 'en')).toBe('Required');
    expect(messageFor('some.unknown_code', 'vi')).toBe('some.unknown_code');
  });
});
