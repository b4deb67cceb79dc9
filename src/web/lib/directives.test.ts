// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { en, translateDirectives, vi, type DirectivesKey } from '../i18n.directives.ts';
import {
  agencyOptions, choiceOf, cleanDraft, confirmBodyFrom, deadlineText, draftMissing, emptyDraft, listOfLines, marksOf, refOfChoice, reviewFromResult,
  segmentText, suggestSymbolSuffix, type ImportResult,
} from './directives.ts';

const tr = (key: DirectivesKey, params?: Record<string, string | number>) => translateDirectives('vi', key, params);

const TEXT = 'Số: 12/UBND-VX\n1. Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh xét nghiệm trước ngày 08/02/2021.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });
const RESULT: ImportResult = {
  text: TEXT,
  source: null,
  parsed: {
    issuer: null, number: '12/UBND-VX', doc_type: 'Công văn', place: null, date: null, subject: null, references: [], recipients: [], signer: null,
    tasks: [{ item: '1', lead: ['Sở Y tế'], support: ['Công an tỉnh'], deadline: '2021-02-08', summary: 'Xét nghiệm' }],
  },
  spans: {
    issuer: null, number: at('12/UBND-VX'), doc_type: null, place: null, date: null, subject: null, signer: null, references: [], recipients: [],
    tasks: [{ span: { start: TEXT.indexOf('1.'), end: TEXT.length }, lead: [at('Sở Y tế')], support: [at('Công an tỉnh')], deadline: at('08/02/2021') }],
  },
  stamp: { number: 461, date: '2020-08-06', routedTo: 'Đ/c Hoa', fileRef: null, span: null },
  resolved: [{ lead: [{ name: 'Sở Y tế', code: 'SYT', group: null }], support: [{ name: 'Công an tỉnh', code: null, group: null }] }],
  referenceTargets: [],
  duplicateOf: null,
  nextArrivalNumber: 5,
};

describe('highlighting', () => {
  it('splits the text at the marks, innermost mark first, and joins neighbours with the same marks', () => {
    const segs = segmentText(TEXT, marksOf(RESULT));
    expect(segs.map((s) => s.text).join('')).toBe(TEXT);
    expect(segs.find((s) => s.text === 'Sở Y tế')!.ids).toEqual(['task.0.lead.0', 'task.0']);
    expect(segs.find((s) => s.text === '12/UBND-VX')!.ids).toEqual(['number']);
    expect(segs[0]!.ids).toEqual([]);
    expect(segmentText('abc', [{ id: 'x', start: 2, end: 99 }])).toEqual([{ start: 0, end: 3, text: 'abc', ids: [] }]);
  });
});

describe('review and confirm', () => {
  it('starts from the parse result and the stamp, and sends back what the officer confirmed', () => {
    const s = reviewFromResult(RESULT, '2021-02-01');
    expect(s).toMatchObject({ symbol: '12/UBND-VX', arrivalNumber: '461', arrivalDate: '2020-08-06', handlerNote: 'Đ/c Hoa' });
    expect(s.tasks[0]!.lead).toEqual([{ name: 'Sở Y tế', value: 'code:SYT', mark: 'task.0.lead.0' }]);
    expect(s.tasks[0]!.support[0]!.value).toBe('none');
    s.tasks[0]!.support[0]!.value = 'code:CA';
    s.tasks.push({ key: 'x', from: null, item: '2', summary: 'Tuyên truyền', lead: [{ name: 'UBND các huyện', value: 'group:districts' }], support: [], deadline: '', figureKey: 'communication.posts' });
    s.tasks.push({ key: 'y', from: null, item: '', summary: 'Không có cơ quan', lead: [], support: [], deadline: '', figureKey: '' });
    const body = confirmBodyFrom(RESULT, s);
    expect(body.tasks).toEqual([
      { item: '1', summary: 'Xét nghiệm', lead: [{ name: 'Sở Y tế', code: 'SYT', group: null }], support: [{ name: 'Công an tỉnh', code: 'CA', group: null }], deadline: '2021-02-08', figureKey: null, span: RESULT.spans.tasks[0]!.span },
      { item: '2', summary: 'Tuyên truyền', lead: [{ name: 'UBND các huyện', code: null, group: 'districts' }], support: [], deadline: null, figureKey: 'communication.posts', span: null },
    ]);
    expect(body.arrival).toEqual({ number: 461, date: '2020-08-06', handlerId: null, handlerNote: 'Đ/c Hoa', fileRef: null });
    expect(body.document).toMatchObject({ symbol: '12/UBND-VX', signer: null, recipients: [] });
    s.arrivalNumber = '';
    expect(confirmBodyFrom(RESULT, s).arrival!.number).toBeNull();
  });

  it('encodes agency choices both ways', () => {
    expect(choiceOf({ code: 'SYT', group: null })).toBe('code:SYT');
    expect(choiceOf({ code: null, group: 'communes' })).toBe('group:communes');
    expect(refOfChoice({ name: ' X ', value: 'auto' })).toEqual({ name: 'X' });
    expect(refOfChoice({ name: 'X', value: 'group:nope' })).toEqual({ name: 'X' });
    const opts = agencyOptions(tr, [{ code: 'UBND_01273', name: 'UBND Phường Thục Phán', communeCode: '01273' }, { code: 'SYT', name: 'Sở Y tế', communeCode: null }], { auto: true });
    expect(opts.map((o) => o.value)).toEqual(['auto', 'none', 'group:districts', 'group:communes', 'group:departments', 'group:all', 'code:SYT', 'code:UBND_01273']);
    expect(listOfLines('- Sở Y tế;\n\n• Công an tỉnh.')).toEqual(['Sở Y tế', 'Công an tỉnh']);
  });
});

describe('drafting', () => {
  it('suggests the symbol by Decree 30 type abbreviations and says what is missing', () => {
    expect(suggestSymbolSuffix('Công văn')).toBe('UBND-VX');
    expect(suggestSymbolSuffix('Chỉ thị')).toBe('CT-UBND');
    expect(suggestSymbolSuffix('Quyết định', 'BCĐ')).toBe('QĐ-BCĐ');
    const d = emptyDraft('Cao Bằng');
    expect(d).toMatchObject({ issuerName: 'Ủy ban nhân dân tỉnh Cao Bằng', place: 'Cao Bằng', symbolSuffix: 'UBND-VX' });
    expect(draftMissing(d, false)).toEqual(['subject']);
    expect(draftMissing({ ...d, subject: 'V/v x', symbolSuffix: 'ubnd' }, true)).toEqual(['symbol', 'signer', 'items']);
    const c = cleanDraft({ ...d, recipients: [' Sở Y tế ', ''], items: [{ text: ' a ', lead: [{ name: '' }], support: [], deadline: null, figureKey: ' ' }, { text: '', lead: [], support: [], deadline: null }] });
    expect(c.recipients).toEqual(['Sở Y tế']);
    expect(c.items).toEqual([{ text: 'a', lead: [], support: [], deadline: null, figureKey: null }]);
  });
  it('writes deadlines in words', () => {
    expect(deadlineText(tr, 3)).toBe('còn 3 ngày');
    expect(deadlineText(tr, 0)).toBe('hạn hôm nay');
    expect(deadlineText(tr, -2)).toBe('quá 2 ngày');
    expect(deadlineText(tr, null)).toBe('không có hạn');
  });
});

describe('catalogue', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('has both languages with the same placeholders', () => {
    for (const key of Object.keys(vi) as DirectivesKey[]) {
      expect(vi[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });
});
