import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cccdCenturySex, cccdDigitFor, checkIdNumber, foldVietnamese, normalizeName, normalizePhone, NAME_PATTERN } from './identity.ts';

describe('CCCD (12 digits: province, century/sex, year, serial)', () => {
  it('accepts a Cao Bằng number of a man born in 1985', () => {
    expect(checkIdNumber('cccd', '004085001234', { birthYear: 1985, sex: 'male' })).toEqual({ ok: true, value: '004085001234' });
  });
  it('accepts a woman born in 2003 (century digit 3) and Bắc Kạn prefix 006 kept after the 2025 merger', () => {
    expect(checkIdNumber('cccd', '006303000001', { birthYear: 2003, sex: 'female' }).ok).toBe(true);
  });
  it('refuses a wrong length, a province prefix that never existed, and a century/sex digit that contradicts the person', () => {
    expect(checkIdNumber('cccd', '00408500123')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdNumber('cccd', '003085001234')).toEqual({ ok: false, problem: 'province' });
    expect(checkIdNumber('cccd', '004085001234', { birthYear: 1986 })).toEqual({ ok: false, problem: 'birth_year' });
    expect(checkIdNumber('cccd', '004085001234', { sex: 'female' })).toEqual({ ok: false, problem: 'sex' });
    expect(checkIdNumber('cccd', '004285001234', { birthYear: 1985 })).toEqual({ ok: false, problem: 'birth_year' });
  });
  it('CMND has 9 digits; passports are letters and digits, upper-cased', () => {
    expect(checkIdNumber('cmnd', '085 123 456').ok).toBe(true);
    expect(checkIdNumber('cmnd', '0851234567').ok).toBe(false);
    expect(checkIdNumber('passport', 'c1234567')).toEqual({ ok: true, value: 'C1234567' });
    expect(checkIdNumber('passport', 'C12<3>').ok).toBe(false);
  });
  it('the century/sex digit round-trips for every year and sex', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2399 }), fc.constantFrom('male' as const, 'female' as const), (y, s) => {
      const d = cccdDigitFor(y, s);
      const back = cccdCenturySex(d);
      return back.sex === s && back.century === Math.floor(y / 100) * 100;
    }));
  });
});

describe('mobile numbers', () => {
  it('normalises +84, 84 and 0 forms to 10 digits', () => {
    for (const raw of ['+84 912 345 678', '84912345678', '0912345678', '0912.345.678', '(091) 234-5678']) {
      expect(normalizePhone(raw)).toBe('0912345678');
    }
  });
  it('converts old 11-digit numbers to their 10-digit prefix (Viettel 0168 → 038, VinaPhone 0123 → 083)', () => {
    expect(normalizePhone('01682345678')).toBe('0382345678');
    expect(normalizePhone('01231234567')).toBe('0831234567');
  });
  it('refuses numbers that are not Vietnamese mobiles', () => {
    for (const raw of ['0212345678', '091234567', '09123456789', 'abc', '+1 650 555 0100', '0112345678']) expect(normalizePhone(raw)).toBeNull();
  });
});

describe('names and folding', () => {
  it('NFC-normalises names and collapses spaces', () => {
    const nfd = 'Nguyễn  Văn   A'.normalize('NFD');
    expect(normalizeName(nfd)).toBe('Nguyễn Văn A');
    expect(normalizeName(nfd)).toBe(normalizeName(nfd).normalize('NFC'));
  });
  it('folds diacritics so "nguyen van a" meets "Nguyễn Văn A", and "Hòa" meets "Hoà"', () => {
    expect(foldVietnamese('Nguyễn Văn A')).toBe('nguyen van a');
    expect(foldVietnamese('Hòa')).toBe(foldVietnamese('Hoà'));
    expect(foldVietnamese('Thủy')).toBe(foldVietnamese('Thuỷ'));
    expect(foldVietnamese('ĐÀM THỊ ĐÀO')).toBe('dam thi dao');
  });
  it('accepts ethnic-minority names with apostrophes and refuses markup or SQL', () => {
    expect(NAME_PATTERN.test("H'Hen Niê")).toBe(true);
    expect(NAME_PATTERN.test('Giàng Seo Páo')).toBe(true);
    expect(NAME_PATTERN.test('<script>alert(1)</script>')).toBe(false);
    expect(NAME_PATTERN.test("Robert'); DROP TABLE persons;--")).toBe(false);
  });
  it('folding is idempotent and never leaves a combining mark', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'aăâeêioôơuưyđAĂÂĐàáảãạầấẩẫậằắẳẵặèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ '.split('')) }), (s) => {
      const f = foldVietnamese(s);
      return foldVietnamese(f) === f && !/\p{M}/u.test(f) && /^[a-z ]*$/.test(f);
    }));
  });
});
