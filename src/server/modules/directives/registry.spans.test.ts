// Spans of the review screen: each value of a parse result located in the text it came from. Checked on the
// seed documents (when ../shared/seeds is present) and on every test directive: a span, when found, holds the
// value (after folding), a task's span starts at its item label, and most values are found.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../../contracts/identity.ts';
import { parseDirective } from './parse.ts';
import { locateSpans, readArrivalStamp, TightText, type Span } from './registry.spans.ts';
import { importText } from './registry.import.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SEEDS = path.resolve(ROOT, '../shared/seeds');
const FIXTURES = path.join(ROOT, 'test/fixtures/directives');
const files = [
  ...(fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => path.join(SEEDS, f)) : []),
  ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).map((f) => path.join(FIXTURES, f)),
];
const seed000 = path.join(SEEDS, '000_1c434e4f1fac6d87.txt');

const tight = (s: string) => foldVietnamese(s).replace(/[^a-z0-9]/g, '')
  .replace(/uybannhandan/g, 'ubnd').replace(/hoidongnhandan/g, 'hdnd').replace(/banchidao/g, 'bcd').replace(/vanphong/g, 'vp')
  .replace(/thanhpho/g, 'tp').replace(/baohiemxahoi/g, 'bhxh').replace(/giaoducvadaotao/g, 'gddt').replace(/thongtinvatruyenthong/g, 'tttt');

describe('locating parsed values in the text', () => {
  it('finds every header value and task of seed 000 where the document prints it', () => {
    if (!fs.existsSync(seed000)) return;
    const text = importText(fs.readFileSync(seed000, 'utf8'));
    const p = parseDirective(text);
    const s = locateSpans(text, p);
    const at = (x: Span | null) => (x ? text.slice(x.start, x.end) : null);
    expect(at(s.issuer)).toBe('ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG');
    expect(at(s.number)).toBe('1883 /UBND-VX');
    expect(at(s.date)).toBe('ngày 03 tháng 8 năm 2020');
    expect(at(s.place)).toBe('Cao Bằng');
    expect(at(s.subject)).toMatch(/^V\/v thực hiện ý kiến chỉ đạo[\s\S]*của Văn phòng Chính phủ$/);
    expect(at(s.references[0]!)).toBe('272/TB-VPCP');
    expect(s.recipients.map(at)).toEqual(['Các Sở, Ban ngành, đoàn thể', 'Ủy ban nhân dân các huyện, thành phố']);
    expect(s.signer && [at(s.signer.authority), at(s.signer.title), at(s.signer.name)]).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Lê Hải Hòa']);
    expect(s.tasks.map((t) => at(t.span)?.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', '4. ', '5. ', '6. ', '7. ', '8. ', '9. ']);
    // Item 2 spans its three bullets and ends before item 3; item 9 ends before the closing formula.
    expect(at(s.tasks[1]!.span)).toMatch(/^2\. Sở Y tế[\s\S]*bảo đảm an toàn tốt nhất cho đội ngũ nhân viên y tế\.$/);
    expect(at(s.tasks[8]!.span)).toMatch(/cung cấp dịch vụ công trực tuyến,\.\.\.\)\.$/);
    expect(at(s.tasks[2]!.lead[0]!)).toBe('Sở Thông tin và Truyền thông');
    expect(s.tasks[2]!.support.map(at)).toEqual(['Sở Y tế', 'UBND các huyện, thành phố']);
    // Spans of a task lie inside the task's span.
    for (const t of s.tasks) for (const x of [...t.lead, ...t.support]) if (x && t.span) expect(x.start >= t.span.start && x.end <= t.span.end).toBe(true);
  });

  it('reads the arrival stamp of a received copy (ĐẾN, Số, Ngày, Chuyển)', () => {
    if (fs.existsSync(seed000)) {
      const text = importText(fs.readFileSync(seed000, 'utf8'));
      expect(readArrivalStamp(text)).toMatchObject({ number: 461, date: '2020-08-06', routedTo: 'Đ/c Hoa', fileRef: null });
    }
    expect(readArrivalStamp('SỞ Y TẾ\nĐẾN   Số: 12\nNgày: 5/1/21   Chuyển: Phòng NVY\nLưu hồ sơ số: 03')).toMatchObject({ number: 12, date: '2021-01-05', routedTo: 'Phòng NVY', fileRef: '03' });
    expect(readArrivalStamp('Kính gửi: Sở Y tế. Đến ngày 5/1 hoàn thành.')).toBeNull();
  });

  it('on every test directive: a span holds its value, task spans start at their labels, and most values are found', () => {
    let values = 0;
    let found = 0;
    for (const f of files) {
      const text = importText(fs.readFileSync(f, 'utf8'));
      const p = parseDirective(text);
      const s = locateSpans(text, p);
      const check = (value: string | null, span: Span | null, what: string) => {
        if (!value) return;
        values++;
        if (!span) return;
        found++;
        expect(span.start, `${path.basename(f)} ${what}`).toBeLessThan(span.end);
        expect(span.end).toBeLessThanOrEqual(text.length);
        expect(tight(text.slice(span.start, span.end)), `${path.basename(f)} ${what}`).toContain(tight(value).replace(/^cac/, '').slice(0, 40));
      };
      // The issuer may be printed over two columns: its span is then the longest start of it found.
      if (p.issuer && s.issuer) expect(tight(p.issuer).startsWith(tight(text.slice(s.issuer.start, s.issuer.end))), `${path.basename(f)} issuer`).toBe(true);
      if (p.issuer) { values++; if (s.issuer) found++; }
      check(p.number, s.number, 'number');
      check(p.subject, s.subject, 'subject');
      p.references.forEach((r, i) => check(r.number, s.references[i]!, 'reference'));
      p.recipients.forEach((r, i) => check(r, s.recipients[i]!, 'recipient'));
      p.tasks.forEach((t, i) => {
        const ts = s.tasks[i]!;
        if (t.item && ts.span && !t.item.includes('.') && !t.item.startsWith('Điều')) {
          expect(text.slice(ts.span.start, ts.span.start + 6), `${path.basename(f)} item ${t.item}`).toMatch(new RegExp(`^${t.item}\\s*\\\\?[.)/|]`));
        }
        t.lead.forEach((n, k) => check(n, ts.lead[k]!, `task ${t.item} lead`));
        t.support.forEach((n, k) => check(n, ts.support[k]!, `task ${t.item} support`));
      });
    }
    expect(files.length).toBeGreaterThan(25);
    expect(found / values).toBeGreaterThan(0.95); // 97.9% when written
  });

  it('matches across line breaks, Markdown marks and spacing, preferring whole words', () => {
    const tt = new TightText('**Số: 12 /UBND-VX**\nSở Y tế; Sở Y tế tỉnh');
    expect(tt.find('12/UBND-VX')).toEqual({ start: 6, end: 17 });
    const s = tt.find('Sở Y tế', 18)!;
    expect(tt.text.slice(s.start, s.end)).toBe('Sở Y tế');
    expect(tt.find('Sở Y tế', 0, 99, { last: true })!.start).toBe(29);
    expect(tt.find('không có')).toBeNull();
  });
});
