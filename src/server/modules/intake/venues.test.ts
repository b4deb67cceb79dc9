// Posters and the map without a database: the PDF writer (embedded font subset and the core-font fallback),
// the poster layout, the commune outlines (synthetic, and Cao Bằng's real ones when ../shared/data is present).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { asciiFold, parseTtf, renderPdf, subsetTtf, systemFonts } from './venues.pdf.ts';
import { posterLayout, posterPdf, posterSvg, wrap } from './venues.poster.ts';
import { GEO_DIR, outlinesFrom } from './venues.map.ts';

const venue = { name: 'Bến xe khách Cao Bằng', kind: 'bus_station' as const, communeName: 'Phường Thục Phán', address: null, url: 'https://example.vn/c/AbCdEfGhIjKlMnOp' };

function objects(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  const rows = text.slice(startxref).split('\n');
  const size = Number(rows[1]!.split(' ')[1]);
  const offsets = rows.slice(3, 2 + size).map((r) => Number(r.slice(0, 10)));
  return { text, offsets };
}

describe('PDF poster', () => {
  it('is a PDF 1.4 whose cross-reference table points at every object', () => {
    const pdf = posterPdf(venue);
    const { text, offsets } = objects(pdf);
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    offsets.forEach((o, i) => expect(text.slice(o, o + 12).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });

  it('falls back to Helvetica without diacritics when no font with Vietnamese letters is available', () => {
    const pdf = renderPdf({ width: 200, height: 100, rects: [{ x: 10, y: 10, w: 5, h: 5 }], texts: [{ text: 'Chợ Đông Khê «A»', x: 100, y: 50, size: 12 }] }, 'Chợ', null);
    const { text } = objects(pdf);
    expect(text.includes('/BaseFont /Helvetica')).toBe(true);
    const at = text.indexOf('stream\n') + 7;
    const len = Number(/\/Length (\d+)/.exec(text.slice(0, at))![1]);
    const content = zlib.inflateSync(pdf.subarray(at, at + len)).toString('latin1');
    expect(content).toContain('(Cho Dong Khe "A") Tj');
    expect(content).toContain('10 85 5 5 re');
    expect(asciiFold('Nguyễn Văn Đức')).toBe('Nguyen Van Duc');
  });

  it.skipIf(!systemFonts())('embeds a subset of the machine\'s font that still maps every letter used', () => {
    const f = systemFonts()!.regular;
    const used = [...'Chợ Đông Khê'].map((c) => f.glyphOf(c.codePointAt(0)!));
    const sub = subsetTtf(f.data, new Set(used));
    expect(sub.length).toBeLessThan(f.data.length / 4);
    const again = parseTtf(sub, 'sub')!;
    for (const c of 'Chợ Đông Khê') expect(again.glyphOf(c.codePointAt(0)!)).toBe(f.glyphOf(c.codePointAt(0)!));
    expect(posterPdf(venue).length).toBeLessThan(200_000);
  });
});

describe('poster layout', () => {
  it('wraps a long name on two lines at most', () => {
    expect(wrap('Trường Trung học phổ thông chuyên Cao Bằng cơ sở hai', 30, 2)).toEqual(['Trường Trung học phổ thông', 'chuyên Cao Bằng cơ sở hai']);
    expect(wrap('a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g', 10, 2)).toHaveLength(2);
  });

  it('draws the QR code as dark runs inside its square and escapes text in SVG', () => {
    const l = posterLayout(venue);
    for (const r of l.modules) {
      expect(r.x).toBeGreaterThanOrEqual(l.qrBox.x - 1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(l.qrBox.x + l.qrBox.w + 1e-9);
    }
    expect(posterSvg({ ...venue, name: 'Quán <Cơm> & Phở' })).toContain('Quán &lt;Cơm&gt; &amp; Phở');
  });
});

describe('venue map outlines', () => {
  it('projects commune polygons of the province into one frame and skips other provinces', () => {
    const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
    const o = outlinesFrom({ features: [
      { properties: { code: '01001', name: 'Xã A', province_code: '04' }, geometry: { type: 'Polygon', coordinates: square(106, 22.5) } },
      { properties: { code: '01002', name: 'Xã B', province_code: '04' }, geometry: { type: 'MultiPolygon', coordinates: [square(106.1, 22.6)] } },
      { properties: { code: '99999', name: 'Elsewhere', province_code: '01' }, geometry: { type: 'Polygon', coordinates: square(105, 21) } },
    ] }, '04')!;
    expect(o.communes.map((c) => c.code)).toEqual(['01001', '01002']);
    expect(o.communes[0]!.path).toMatch(/^M0 [\d.]+L/);
    expect(outlinesFrom({ features: [] }, '04')).toBeNull();
  });

  const real = path.join(GEO_DIR, 'cao-bang-communes-2025.geojson');
  it.skipIf(!fs.existsSync(real))('reads Cao Bằng\'s 56 communes from the shared reference data, at a fraction of its size', () => {
    const o = outlinesFrom(JSON.parse(fs.readFileSync(real, 'utf8')), '04')!;
    expect(o.communes).toHaveLength(56);
    const bytes = o.communes.reduce((a, c) => a + c.path.length, 0);
    expect(bytes).toBeLessThan(fs.statSync(real).size / 4);
  });
});
