// The printable QR poster of a venue (A4 portrait), as SVG and as PDF from one layout: a heading, the venue's
// name, the QR code of its check-in URL, how to check in (Vietnamese first, English under it) and the URL in
// print for someone who types it.
import QRCode from 'qrcode';
import { VENUE_KIND_LABELS, type VenueKind } from '../../../contracts/intake.checkins.ts';
import { renderPdf, type PdfRect, type PdfText } from './venues.pdf.ts';

export type PosterVenue = { name: string; kind: VenueKind; communeName: string | null; address: string | null; url: string };

const A4 = { w: 210, h: 297 }; // millimetres
const PT_PER_MM = 72 / 25.4;

/** Splits text into at most `maxLines` lines of about `width` characters, on spaces (an over-long word is cut). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (!line) line = word;
    else if ((line + ' ' + word).length <= width) line += ' ' + word;
    else { lines.push(line); line = word; }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(0, width - 1))}…`;
    return kept;
  }
  return lines.map((l) => (l.length > width + 8 ? `${l.slice(0, width + 7)}…` : l));
}

type Layout = { texts: PdfText[]; modules: PdfRect[]; frame: PdfRect; qrBox: PdfRect };

/** The poster in millimetres from the top left. Dark QR modules are merged into horizontal runs. */
export function posterLayout(v: PosterVenue): Layout {
  const qr = QRCode.create(v.url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const qrSize = 120;
  const qrX = (A4.w - qrSize) / 2;
  const texts: PdfText[] = [];
  const cx = A4.w / 2;
  texts.push({ text: 'QUÉT MÃ QR ĐỂ KHAI BÁO ĐIỂM ĐẾN', x: cx, y: 24, size: 8, bold: true });
  texts.push({ text: 'Scan the QR code to check in', x: cx, y: 31, size: 5 });
  const nameLines = wrap(v.name, 30, 2);
  nameLines.forEach((l, i) => texts.push({ text: l, x: cx, y: 46 + i * 10, size: 9, bold: true }));
  let y = 46 + nameLines.length * 10;
  const place = [VENUE_KIND_LABELS[v.kind].vi, v.communeName].filter(Boolean).join(' · ');
  texts.push({ text: place, x: cx, y, size: 5 });
  y += 7;
  if (v.address) {
    for (const l of wrap(v.address, 60, 1)) { texts.push({ text: l, x: cx, y, size: 4 }); y += 6; }
  }
  const qrY = Math.max(y + 2, 72);
  const m = qrSize / n;
  const modules: PdfRect[] = [];
  for (let r = 0; r < n; r++) {
    let start = -1;
    for (let c = 0; c <= n; c++) {
      const dark = c < n && qr.modules.get(r, c);
      if (dark && start < 0) start = c;
      if (!dark && start >= 0) {
        modules.push({ x: qrX + start * m, y: qrY + r * m, w: (c - start) * m, h: m });
        start = -1;
      }
    }
  }
  let ty = qrY + qrSize + 14;
  texts.push({ text: 'Mở camera điện thoại, quét mã, nhập số điện thoại và bấm «Xác nhận»', x: cx, y: ty, size: 4.2 });
  ty += 6;
  texts.push({ text: 'Open the phone camera, scan, enter your phone number and tap “Confirm”', x: cx, y: ty, size: 3.6 });
  ty += 10;
  texts.push({ text: 'Không có điện thoại thông minh? Báo nhân viên để được ghi giúp.', x: cx, y: ty, size: 3.8 });
  ty += 5.5;
  texts.push({ text: 'No smartphone? Ask the staff to record your visit.', x: cx, y: ty, size: 3.4 });
  texts.push({ text: v.url, x: cx, y: 270, size: 3.6 });
  texts.push({ text: 'Phòng Dịch — Ban Chỉ đạo phòng, chống dịch', x: cx, y: 284, size: 3.2 });
  return { texts, modules, frame: { x: 8, y: 8, w: A4.w - 16, h: A4.h - 16 }, qrBox: { x: qrX, y: qrY, w: qrSize, h: qrSize } };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n2 = (x: number) => Math.round(x * 1000) / 1000;

export function posterSvg(v: PosterVenue): string {
  const l = posterLayout(v);
  const path = l.modules.map((r) => `M${n2(r.x)} ${n2(r.y)}h${n2(r.w)}v${n2(r.h)}h${n2(-r.w)}z`).join('');
  const texts = l.texts.map((t) => `<text x="${n2(t.x)}" y="${n2(t.y)}" font-size="${t.size}"${t.bold ? ' font-weight="700"' : ''} text-anchor="middle">${esc(t.text)}</text>`).join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${A4.w}mm" height="${A4.h}mm" viewBox="0 0 ${A4.w} ${A4.h}" font-family="'Be Vietnam Pro', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif" role="img" aria-label="${esc(`QR: ${v.name}`)}">
  <title>${esc(v.name)}</title>
  <rect width="${A4.w}" height="${A4.h}" fill="#fff"/>
  <rect x="${l.frame.x}" y="${l.frame.y}" width="${l.frame.w}" height="${l.frame.h}" fill="none" stroke="#000" stroke-width="0.4"/>
  <path d="${path}" fill="#000" shape-rendering="crispEdges"/>
  ${texts}
</svg>
`;
}

export function posterPdf(v: PosterVenue): Buffer {
  const l = posterLayout(v);
  const s = (r: PdfRect): PdfRect => ({ x: r.x * PT_PER_MM, y: r.y * PT_PER_MM, w: r.w * PT_PER_MM, h: r.h * PT_PER_MM });
  return renderPdf({
    width: A4.w * PT_PER_MM,
    height: A4.h * PT_PER_MM,
    rects: l.modules.map(s),
    strokeRects: [s(l.frame)],
    // Font sizes above are in millimetres of the SVG's user space: ×2.835 for points.
    texts: l.texts.map((t) => ({ ...t, x: t.x * PT_PER_MM, y: t.y * PT_PER_MM, size: t.size * PT_PER_MM })),
  }, v.name);
}
