// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type Params } from '../i18n.ts';
import {
  caseErrorsFromServer, chainIds, chainText, classificationReason, levelLabel, namesOf, stepReason, validateCaseForm,
  type Classification, type Step,
} from './tracing.ts';

const vi = (k: MessageKey, p?: Params) => translate('vi', k, p);
const en = (k: MessageKey, p?: Params) => translate('en', k, p);
const at = (d: number, h: number, m: number) => Date.UTC(2021, 0, d, h - 7, m); // Vietnam time
const names = (id: number) => ({ 1: 'Nguyễn Văn A', 2: 'Trần Thị B' })[id] ?? `#${id}`;

function row(over: Partial<Classification> & { chain?: Step[] }): Classification {
  const { chain = [], ...rest } = over;
  return {
    personId: 3, personName: 'Lê Văn C', communeCode: null, level: 1, exposedAt: new Date(at(28, 9, 0)).toISOString(),
    viaPersonId: 1, linkKind: 'contact', status: 'auto', provenance: { caseCode: 'BN1', chain }, ruleIds: [], computedAt: '',
    ...rest,
  };
}

describe('tracing reason text', () => {
  it('explains a household link with the name, or the id when the name is unknown', () => {
    const step: Step = { level: 1, personId: 3, kind: 'household', via: 1, at: at(28, 0, 0), ref: null };
    expect(stepReason(step, vi, names)).toBe('Cùng hộ gia đình với Nguyễn Văn A');
    expect(stepReason({ ...step, via: 99 }, vi, names)).toBe('Cùng hộ gia đình với #99');
    expect(stepReason(step, en, names)).toBe('Same household as Nguyễn Văn A');
  });

  it('explains a contact with its time as HH:mm dd/MM', () => {
    const step: Step = { level: 1, personId: 3, kind: 'contact', via: 2, at: at(29, 7, 5), ref: 11 };
    expect(stepReason(step, vi, names)).toBe('Tiếp xúc với Trần Thị B lúc 07:05 29/01');
  });

  it('explains a venue overlap with both stays', () => {
    const step: Step = {
      level: 1, personId: 3, kind: 'venue', via: 1, at: at(27, 10, 0), ref: 5, venueId: 42,
      targetFrom: at(27, 10, 0), targetTo: at(27, 11, 30), sourceFrom: at(27, 9, 45), sourceTo: at(27, 10, 20),
    };
    expect(stepReason(step, vi, names)).toBe(
      'Có mặt tại địa điểm #42 10:00 27/01–11:30 27/01, trùng với Nguyễn Văn A 09:45 27/01–10:20 27/01',
    );
    const open = { ...step, targetTo: undefined, sourceTo: undefined };
    expect(stepReason(open, vi, names)).toBe('Có mặt tại địa điểm #42 10:00 27/01, trùng với Nguyễn Văn A 09:45 27/01');
  });

  it("uses the person's own step of the chain, else the row itself", () => {
    const f2 = row({
      personId: 3, level: 2, viaPersonId: 2, linkKind: 'household',
      chain: [
        { level: 1, personId: 2, kind: 'contact', via: 1, at: at(28, 8, 0), ref: 1 },
        { level: 2, personId: 3, kind: 'household', via: 2, at: at(28, 9, 0), ref: null },
      ],
    });
    expect(classificationReason(f2, vi, names)).toBe('Cùng hộ gia đình với Trần Thị B');
    const bare = row({ linkKind: 'contact', viaPersonId: 1 });
    expect(classificationReason(bare, vi, names)).toBe('Tiếp xúc với Nguyễn Văn A lúc 09:00 28/01');
  });

  it('writes the chain from F0 to the person', () => {
    const f2 = row({
      personId: 3, level: 2, viaPersonId: 2,
      chain: [
        { level: 1, personId: 2, kind: 'contact', via: 1, at: 0, ref: 1 },
        { level: 2, personId: 3, kind: 'household', via: 2, at: 0, ref: null },
      ],
    });
    expect(chainIds(f2, 1)).toEqual([1, 2, 3]);
    const nameOf = namesOf({ personId: 1, personName: 'Nguyễn Văn A', classifications: [f2] });
    expect(chainText(f2, 1, nameOf)).toBe('Nguyễn Văn A (F0) → #2 (F1) → Lê Văn C (F2)');
    expect(chainIds(row({ personId: 3, viaPersonId: 2 }), 1)).toEqual([1, 2, 3]);
    expect(levelLabel(2)).toBe('F2');
  });
});

describe('case form', () => {
  const base = { personId: 7, code: ' bn12 ', confirmedAt: '2021-01-30T08:00', onsetDate: '', sampledAt: '', treatmentPlace: '' };

  it('builds the body with an ISO instant and an upper-case code', () => {
    const r = validateCaseForm(base);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.body.code).toBe('BN12');
      expect(r.body.confirmedAt).toBe('2021-01-30T01:00:00.000Z'); // 08:00 in Vietnam
      expect(r.body).not.toHaveProperty('onsetDate');
    }
  });

  it('reports every field error at once', () => {
    const r = validateCaseForm({ ...base, personId: null, code: 'BN-1', confirmedAt: '', sampledAt: 'x' });
    expect(r).toEqual({
      ok: false,
      errors: { personId: 'tracing.form.pickPerson', code: 'tracing.form.codeInvalid', confirmedAt: 'common.required', sampledAt: 'tracing.form.timeInvalid' },
    });
  });

  it('puts conflict codes under the field they concern', () => {
    expect(caseErrorsFromServer('tracing.case_code_taken', {}).errors).toEqual({ code: 'tracing.case_code_taken' });
    expect(caseErrorsFromServer('tracing.case_exists', {}).errors).toEqual({ personId: 'tracing.case_exists' });
    expect(caseErrorsFromServer('request.invalid', { confirmedAt: 'request.invalid', extra: 'x.y' })).toEqual({
      errors: { confirmedAt: 'request.invalid' }, other: ['x.y'],
    });
  });
});
