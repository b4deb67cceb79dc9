// Screening as a pure function: epidemic areas by place and window, symptoms, contact with a case, illegal
// entry; the actions each rule orders, with their dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTAKE_RULES } from '../reference/seed/rules.intake.ts';
import { exposureIn, screen, type ExposureLeg, type ExposureReport, type RuleRef, type RulesInForce, type ScreeningArea } from './screening.rules.ts';

const rule = (key: string, version: string, id: number): RuleRef => {
  const r = INTAKE_RULES.find((x) => x.key === key && x.version === version)!;
  return { id, key, version, value: r.value, legalRef: r.legalRef };
};
const RULES_2020: RulesInForce = {
  screening: {
    epidemic_area: rule('screening.epidemic_area', '2020', 1),
    symptoms: rule('screening.symptoms', '2020', 2),
    case_contact: rule('screening.case_contact', '2020', 3),
    illegal_entry: rule('screening.illegal_entry', '2020', 4),
  },
  related: { 'quarantine.entrant': { id: 9, key: 'quarantine.entrant', version: '2020', value: { mode: 'concentrated', days: 14 }, legalRef: 'Quy định cách ly người nhập cảnh năm 2020' } },
};
const RULES_2021 = { ...RULES_2020, screening: { ...RULES_2020.screening, epidemic_area: rule('screening.epidemic_area', '2021-10-11', 5) } };

// Đà Nẵng, from 01/7 to 31/7/2020 (CV 1883/UBND-VX of Cao Bằng).
const DA_NANG: ScreeningArea = {
  id: 7, kind: 'unit', unitLevel: 'province', unitCode: '48', venueId: null, name: 'Thành phố Đà Nẵng',
  dateFrom: '2020-07-01', dateTo: '2020-07-31', riskLevel: 4, legalRef: 'CV 1883/UBND-VX',
};
const leg = (o: Partial<ExposureLeg>): ExposureLeg => ({ countryCode: 'VN', provinceCode: null, communeCode: null, venueId: null, place: null, from: '2020-07-20', to: '2020-07-25', ...o });
const report = (o: Partial<ExposureReport> = {}): ExposureReport => ({
  source: 'declaration', sourceId: 1, sourceLabel: 'Tờ khai y tế TK1', personId: 10, communeCode: '01273', reportedOn: '2020-08-03',
  legs: [], symptoms: [], exposures: [], illegalEntry: false, ...o,
});

describe('screening an exposure report', () => {
  it('flags a return from Đà Nẵng inside 01/7–31/7/2020: home quarantine 14 days from leaving, and a test, naming the rule', () => {
    const out = screen(report({ legs: [leg({ provinceCode: '48' })] }), RULES_2020, [DA_NANG]);
    expect(out).toHaveLength(1);
    const f = out[0]!;
    expect(f.flag).toBe('epidemic_area');
    expect(f.rule.id).toBe(1);
    expect(f.actions).toEqual([
      { kind: 'quarantine_home', dueFrom: '2020-08-03', dueTo: '2020-08-07', days: 14 },
      { kind: 'test', dueFrom: '2020-08-03', dueTo: '2020-08-04', days: null },
    ]);
    expect(f.reason).toContain('Tờ khai y tế TK1: ở Thành phố Đà Nẵng (vùng dịch cấp 4, 01/07/2020–31/07/2020) từ 20/07/2020 đến 25/07/2020');
    expect(f.reason).toContain('quy định screening.epidemic_area (2020): Công văn 1883/UBND-VX');
    expect(f.details.areas![0]).toMatchObject({ id: 7, exposedFrom: '2020-07-20', exposedTo: '2020-07-25' });
  });

  it('does not flag a stay in Đà Nẵng before the window, nor a stay elsewhere inside it', () => {
    expect(screen(report({ legs: [leg({ provinceCode: '48', from: '2020-06-20', to: '2020-06-30' })] }), RULES_2020, [DA_NANG])).toEqual([]);
    expect(screen(report({ legs: [leg({ provinceCode: '01' })] }), RULES_2020, [DA_NANG])).toEqual([]);
    expect(screen(report({ legs: [leg({ countryCode: 'CN', provinceCode: '48' })] }), RULES_2020, [DA_NANG])).toEqual([]);
  });

  it('orders only the test when the 14 days since leaving are over', () => {
    const out = screen(report({ reportedOn: '2020-08-20', legs: [leg({ provinceCode: '48', from: '2020-07-01', to: '2020-07-02' })] }), RULES_2020, [DA_NANG]);
    expect(out[0]!.actions.map((a) => a.kind)).toEqual(['test']);
  });

  it('under Resolution 128 flags only areas of level 3 or more, and only within 14 days', () => {
    const yellow = { ...DA_NANG, id: 8, riskLevel: 2, dateFrom: '2021-11-01', dateTo: null };
    const red = { ...yellow, id: 9, riskLevel: 4 };
    const r = report({ reportedOn: '2021-11-20', legs: [leg({ provinceCode: '48', from: '2021-11-10', to: '2021-11-12' })] });
    expect(screen(r, RULES_2021, [yellow])).toEqual([]);
    expect(screen(r, RULES_2021, [red]).map((f) => f.flag)).toEqual(['epidemic_area']);
    const old = report({ reportedOn: '2021-12-20', legs: [leg({ provinceCode: '48', from: '2021-11-10', to: '2021-11-12' })] });
    expect(screen(old, RULES_2021, [red])).toEqual([]);
  });

  it('matches a commune area by commune code and a venue area by venue', () => {
    const commune: ScreeningArea = { ...DA_NANG, id: 2, unitLevel: 'commune', unitCode: '01273', name: 'Phường Thục Phán' };
    const venue: ScreeningArea = { ...DA_NANG, id: 3, kind: 'venue', unitLevel: null, unitCode: null, venueId: 55, name: 'Chợ Xanh' };
    expect(exposureIn(leg({ provinceCode: '04', communeCode: '01273' }), commune)).toEqual({ from: '2020-07-20', to: '2020-07-25' });
    expect(exposureIn(leg({ provinceCode: '04', communeCode: '01279' }), commune)).toBeNull();
    expect(exposureIn(leg({ provinceCode: '04', venueId: 55, from: '2020-07-31', to: '2020-08-02' }), venue)).toEqual({ from: '2020-07-31', to: '2020-07-31' });
  });

  it('flags fever, cough or breathing difficulty, but not fatigue alone', () => {
    expect(screen(report({ symptoms: ['fatigue'] }), RULES_2020, [])).toEqual([]);
    const out = screen(report({ symptoms: ['fatigue', 'cough', 'fever'] }), RULES_2020, []);
    expect(out.map((f) => f.flag)).toEqual(['symptoms']);
    expect(out[0]!.details.symptoms).toEqual(['fever', 'cough']);
    expect(out[0]!.reason).toContain('có triệu chứng sốt, ho');
    expect(out[0]!.actions[0]).toEqual({ kind: 'test', dueFrom: '2020-08-03', dueTo: '2020-08-03', days: null });
  });

  it('flags contact with a case for an interview and a test', () => {
    const out = screen(report({ exposures: ['confirmed_case'] }), RULES_2020, []);
    expect(out.map((f) => [f.flag, f.actions.map((a) => a.kind)])).toEqual([['case_contact', ['interview', 'test']]]);
  });

  it('orders concentrated quarantine for an illegal entry, for the days of the entrant rule in force', () => {
    const out = screen(report({ illegalEntry: true }), RULES_2020, []);
    expect(out[0]!.flag).toBe('illegal_entry');
    expect(out[0]!.actions[0]).toEqual({ kind: 'quarantine_concentrated', dueFrom: '2020-08-03', dueTo: '2020-08-16', days: 14 });
  });

  it('raises no flag for a rule that is not in force', () => {
    const none: RulesInForce = { screening: {}, related: {} };
    expect(screen(report({ symptoms: ['fever'], illegalEntry: true, legs: [leg({ provinceCode: '48' })] }), none, [DA_NANG])).toEqual([]);
  });

  it('keeps every reason within 1,000 characters, the rule named in full', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...DA_NANG, id: 100 + i, name: `Địa điểm có ca bệnh số ${i} với một cái tên rất dài` }));
    const out = screen(report({ legs: [leg({ provinceCode: '48' })] }), RULES_2020, many);
    expect(out[0]!.reason.length).toBeLessThanOrEqual(980);
    expect(out[0]!.reason).toContain('quy định screening.epidemic_area (2020)');
  });

  it('flags a leg exactly when it shares a day and the place with the area, whatever the order of the legs', () => {
    const day = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2020, 5, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const legArb = fc.record({ a: day, b: day, province: fc.constantFrom('48', '01', '04') }).map(({ a, b, province }) => leg({ provinceCode: province, from: a < b ? a : b, to: a < b ? b : a }));
    fc.assert(fc.property(fc.array(legArb, { maxLength: 6 }), (legs) => {
      const expected = legs.some((l) => l.provinceCode === '48' && l.from <= '2020-07-31' && l.to >= '2020-07-01');
      const got = screen(report({ reportedOn: '2020-10-01', legs }), RULES_2020, [DA_NANG]);
      const reversed = screen(report({ reportedOn: '2020-10-01', legs: [...legs].reverse() }), RULES_2020, [DA_NANG]);
      expect(got.length === 1).toBe(expected);
      expect(reversed).toEqual(got);
    }));
  });
});
