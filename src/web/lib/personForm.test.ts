// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { duplicateCheckBody, emptyPersonForm, formErrorsFromServer, formToRaw, validatePersonForm } from './personForm.ts';

const base = { ...emptyPersonForm('12345'), fullName: 'Nguyễn Văn An' };

describe('person form', () => {
  it('accepts a minimal person and normalises it', () => {
    const r = validatePersonForm({ ...base, fullName: '  Nguyễn   Văn An ', phone: '+84 912 345 678' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data.fullName).toBe('Nguyễn Văn An');
      expect(r.data.phone).toBe('0912345678');
      expect(r.data.idType).toBeNull();
      expect(r.data.nationality).toBe('VN');
    }
  });

  it('reports each invalid field with its error code', () => {
    const r = validatePersonForm({ ...base, phone: '12345', idNumber: '123', birthYear: '19x0' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.phone).toBe('person.invalid_phone');
      expect(r.errors.idNumber).toBe('person.invalid_id_number');
      expect(r.errors.birthYear).toBe('person.invalid_birth');
    }
  });

  it('asks for the name and the commune', () => {
    const r = validatePersonForm({ ...emptyPersonForm(''), fullName: '  ' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toMatchObject({ fullName: 'common.required', communeCode: 'common.required' });
  });

  it('checks a CCCD against birth year and sex', () => {
    // 001 Hà Nội, digit 0 = male born 1900s, year 90
    const ok = validatePersonForm({ ...base, idNumber: '001090123456', birthYear: '1990', sex: 'male' });
    expect(ok.ok).toBe(true);
    const bad = validatePersonForm({ ...base, idNumber: '001090123456', birthYear: '1991', sex: 'male' });
    expect(!bad.ok && bad.errors.idNumber).toBe('person.invalid_id_number');
  });

  it('drops the ID type when there is no ID number', () => {
    expect(formToRaw({ ...base, idType: 'passport' })).toMatchObject({ idType: null, idNumber: null });
  });

  it('splits server field errors', () => {
    expect(formErrorsFromServer({ phone: 'person.invalid_phone', version: 'request.invalid' })).toEqual({
      errors: { phone: 'person.invalid_phone' },
      other: ['request.invalid'],
    });
  });

  it('builds the duplicate check only when there is enough to compare', () => {
    expect(duplicateCheckBody({ ...base, fullName: 'An' })).toBeNull();
    expect(duplicateCheckBody({ ...base, birthDate: '1990-05-01' })).toEqual({
      fullName: 'Nguyễn Văn An',
      birthYear: 1990,
      communeCode: '12345',
    });
    expect(duplicateCheckBody({ ...base, fullName: '', idNumber: '001 090 123 456' })).toEqual({
      communeCode: '12345',
      idType: 'cccd',
      idNumber: '001090123456',
    });
  });
});
