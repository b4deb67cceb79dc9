// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  adviceFor, clearPending, declarationBody, emptyDeclaration, emptyLeg, emptyReport, groupAreas, loadPending, savePending, serverErrors,
  validateDeclaration, validateReport, type DeclarationValues,
} from './declaration.ts';

const filled = (o: Partial<DeclarationValues> = {}): DeclarationValues => ({
  ...emptyDeclaration('04'), fullName: '  Nông   Thị Khai ', birthYear: '1990', sex: 'female', idType: 'cccd', idNumber: '004 190 000 123',
  phone: '+84 912 345 678', communeCode: '01273', address: 'Tổ 5', truthful: true, ...o,
});

describe('the declaration form', () => {
  it('turns a filled form into a normalised declaration', () => {
    const r = validateDeclaration(filled({ travel: [{ ...emptyLeg(), provinceCode: '48', from: '2020-07-20', to: '' }] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ fullName: 'Nông Thị Khai', phone: '0912345678', idNumber: '004190000123', idType: 'cccd', nationality: 'VN' });
    // A one-day stay needs only its first date.
    expect(r.data.travel).toEqual([{ countryCode: 'VN', provinceCode: '48', place: null, from: '2020-07-20', to: '2020-07-20' }]);
    expect(r.data.domestic).toBeNull();
  });

  it('reports each problem under its field path with its code', () => {
    const r = validateDeclaration(filled({
      birthYear: '19x0', phone: '123', sex: '', truthful: false,
      travel: [{ ...emptyLeg(), provinceCode: '', from: '2020-02-30', to: '2020-03-01' }],
    }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toMatchObject({
      birthYear: 'declaration.invalid_birth', phone: 'declaration.invalid_phone', sex: 'declaration.required', truthful: 'declaration.commitment_required',
      'travel.0.from': 'declaration.invalid_date', 'travel.0.provinceCode': 'declaration.invalid_leg',
    });
  });

  it('sends only the details of the kind chosen, and asks for them', () => {
    const v = filled({ kind: 'domestic' });
    expect(declarationBody(v).entry).toBeNull();
    const r = validateDeclaration(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors['domestic.fromProvinceCode']).toBe('declaration.required');
    const ok = validateDeclaration(filled({ kind: 'domestic', domestic: { ...v.domestic, fromProvinceCode: '48', departOn: '2020-07-30' } }));
    expect(ok.ok && ok.data.domestic).toMatchObject({ fromProvinceCode: '48', toProvinceCode: '04', departOn: '2020-07-30', arriveOn: '2020-07-30' });
  });

  it('drops the identity number when the declarant has none', () => {
    const r = validateDeclaration(filled({ idType: '', idNumber: 'whatever' }));
    expect(r.ok && [r.data.idType, r.data.idNumber]).toEqual([null, null]);
  });

  it('reads server field errors', () => {
    expect(serverErrors({ fields: [{ path: 'travel.1.from', code: 'declaration.invalid_date' }, { path: 'travel.1.from', code: 'x' }] }))
      .toEqual({ 'travel.1.from': 'declaration.invalid_date' });
    expect(serverErrors(null)).toEqual({});
  });
});

describe('the report form', () => {
  it('needs a commune and a description; the phone is optional but must be a mobile', () => {
    const bad = validateReport({ ...emptyReport(), reporterPhone: '12' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toMatchObject({ communeCode: 'declaration.required', description: 'declaration.required', reporterPhone: 'declaration.invalid_phone' });
    const ok = validateReport({ ...emptyReport(), communeCode: '01273', description: 'Có người lạ', reporterPhone: '0912345678' });
    expect(ok.ok).toBe(true);
  });
});

describe('a pending submission', () => {
  it('is kept on the device with its key until answered', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    savePending(storage, 'declaration', { key: 'k-123456789', body: { a: 1 }, savedAt: '2020-08-03T00:00:00Z' });
    expect(loadPending(storage, 'declaration')).toEqual({ key: 'k-123456789', body: { a: 1 }, savedAt: '2020-08-03T00:00:00Z' });
    clearPending(storage, 'declaration');
    expect(loadPending(storage, 'declaration')).toBeNull();
    expect(loadPending(undefined, 'declaration')).toBeNull();
    store.set('phongdich.pending.declaration', '{broken');
    expect(loadPending(storage, 'declaration')).toBeNull();
  });
});

describe('advice after screening', () => {
  const fmt = (d: string) => d.split('-').reverse().join('/');
  it('puts the strongest measure first, each once, with its latest end', () => {
    const advice = adviceFor({
      flags: [
        { flag: 'epidemic_area', ruleKey: 'a', ruleVersion: '1', legalRef: '', areas: [], symptoms: [], actions: [
          { kind: 'test', dueFrom: '2020-08-03', dueTo: '2020-08-04', days: null },
          { kind: 'quarantine_home', dueFrom: '2020-08-03', dueTo: '2020-08-07', days: 14 },
        ] },
        { flag: 'symptoms', ruleKey: 'b', ruleVersion: '1', legalRef: '', areas: [], symptoms: ['fever'], actions: [{ kind: 'test', dueFrom: '2020-08-03', dueTo: '2020-08-03', days: null }] },
      ],
    }, fmt);
    expect(advice).toEqual([
      { key: 'decl.action.quarantine_home', params: { to: '07/08/2020', from: '03/08/2020' } },
      { key: 'decl.action.test', params: { to: '04/08/2020', from: '03/08/2020' } },
    ]);
  });
  it('lets concentrated quarantine stand for home quarantine', () => {
    const a = (kind: 'quarantine_home' | 'quarantine_concentrated') => ({ kind, dueFrom: '2020-08-03', dueTo: '2020-08-16', days: 14 });
    const advice = adviceFor({ flags: [{ flag: 'illegal_entry', ruleKey: 'x', ruleVersion: '1', legalRef: '', areas: [], symptoms: [], actions: [a('quarantine_home'), a('quarantine_concentrated')] }] }, fmt);
    expect(advice.map((x) => x.key)).toEqual(['decl.action.quarantine_concentrated']);
  });
});

describe('the public list of areas', () => {
  it('shows areas in force (riskiest first) apart from those over', () => {
    const area = (id: number, riskLevel: number, dateFrom: string, dateTo: string | null) => ({
      id, kind: 'unit' as const, unitLevel: 'province' as const, unitCode: '48', name: `Vùng ${id}`, communeCode: null, dateFrom, dateTo, riskLevel, declaredBy: '', legalRef: '',
    });
    const g = groupAreas([area(1, 2, '2020-07-01', null), area(2, 4, '2020-07-01', '2020-08-10'), area(3, 4, '2020-07-01', '2020-07-31')], '2020-08-03');
    expect(g.current.map((a) => a.id)).toEqual([2, 1]);
    expect(g.past.map((a) => a.id)).toEqual([3]);
  });
});
