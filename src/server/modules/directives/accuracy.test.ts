// The parser's accuracy on the seed documents (when shared/seeds is there) and the fixtures, against the
// targets: metadata ≥ 95 % of fields, task-assignment F1 ≥ 0.90, deadlines exact ≥ 95 %.
import { describe, expect, it } from 'vitest';
import type { ParsedDirective } from '../../../contracts/directives.ts';
import { accuracySummary, defaultDirectiveSets, type AccuracyReport, directiveAccuracyReport, formatAccuracyReport, scoreDirective } from './accuracy.ts';

const base: ParsedDirective = {
  issuer: 'Ủy ban nhân dân tỉnh Cao Bằng', number: '1883/UBND-VX', doc_type: 'Công văn', place: 'Cao Bằng', date: '2020-08-03',
  subject: 'V/v thực hiện', references: [{ number: '272/TB-VPCP', date: '2020-08-03', issuer: 'Văn phòng Chính phủ' }],
  recipients: ['Các sở, ban, ngành'], signer: { name: 'Lê Hải Hòa', title: 'Phó Chủ tịch', authority: 'KT. Chủ tịch' },
  tasks: [
    { item: '1', lead: ['Sở Y tế'], support: ['Công an tỉnh'], deadline: '2021-08-15', summary: 'a' },
    { item: '2', lead: ['Sở Tài chính'], support: [], deadline: null, summary: 'b' },
  ],
};

describe('scoreDirective', () => {
  it('gives full marks to an output equal to the expectation, whatever the summaries and spacing', () => {
    const got = { ...base, subject: ' V/v  thực hiện ', issuer: 'Ủy ban nhân dân tỉnh Cao Bằng'.normalize('NFD'), tasks: base.tasks.map((t) => ({ ...t, summary: 'x' })) };
    const s = scoreDirective('doc', got, base);
    expect(s.metadata).toEqual({ correct: 11, total: 11, pct: 100 });
    expect(s.tasks).toMatchObject({ tp: 3, fp: 0, fn: 0, f1: 1 });
    expect(s.deadlines).toEqual({ correct: 1, total: 1, pct: 100 });
  });
  it('counts a wrong field, a missing and an extra agency, and a wrong deadline', () => {
    const got: ParsedDirective = {
      ...base,
      place: 'Lạng Sơn',
      tasks: [
        { item: '1', lead: ['Sở Y tế', 'Sở Công Thương'], support: [], deadline: '2021-08-16', summary: '' },
        { item: '2', lead: ['sở tài chính'], support: [], deadline: null, summary: '' },
      ],
    };
    const s = scoreDirective('doc', got, base);
    expect(s.wrongFields).toEqual(['place']);
    expect(s.tasks).toMatchObject({ tp: 2, fp: 1, fn: 1, precision: 0.667, recall: 0.667 });
    expect(s.deadlines).toEqual({ correct: 0, total: 1, pct: 0 });
  });
});

describe('accuracy on the seeds and fixtures', () => {
  const report = directiveAccuracyReport(defaultDirectiveSets());
  it('meets the targets', () => {
    const sets: [string, AccuracyReport][] = [...Object.entries(report.sets), ['all', report.all]];
    console.log(JSON.stringify(Object.fromEntries(sets.map(([k, r]) => [k, accuracySummary(r)]))));
    if (report.all.metadata.pct < 95 || report.all.tasks.f1 < 0.9 || report.all.deadlines.pct < 95) console.log(formatAccuracyReport(report));
    expect(report.all.documents).toBeGreaterThanOrEqual(12);
    expect(report.all.metadata.pct).toBeGreaterThanOrEqual(95);
    expect(report.all.tasks.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.all.deadlines.pct).toBeGreaterThanOrEqual(95);
  });
});
