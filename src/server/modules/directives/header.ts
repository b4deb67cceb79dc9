// The document's header, read in the order of Decree 30/2020/NĐ-CP Điều 8 (DOMAIN.md §3.2): Quốc hiệu and
// Tiêu ngữ (a), issuing body (b), number and symbol (c), place and date (d), type name and trích yếu (đ), and
// the "Kính gửi" addressees of a công văn. OCR may print the two header columns side by side, in either order,
// or interleaved with the "ĐẾN" stamp and handwritten routing notes; each component is recognised by its own
// form rather than by its position.
import { DOC_TYPES } from './lexicon.ts';
import { isoDate } from './dates.ts';
import { capitalize, clean, foldKey, isUpperText, lowKey, officialCase } from './text.ts';

/** Folds a line keeping a map from folded positions back to the original (for cutting parts out). */
function foldWithMap(s: string): { f: string; map: number[] } {
  let f = '';
  const map: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const k = /\s/.test(ch) ? ' ' : foldKey(ch);
    const piece = k.length === 1 ? k : k.length === 0 && /\p{M}/u.test(ch) ? '' : ch.toLowerCase().slice(0, 1);
    for (const c of piece) { f += c; map.push(i); }
  }
  map.push(s.length);
  return { f, map };
}

/** Removes the matches of a folded pattern from a line; returns the rest and whether anything matched. */
function cutFolded(line: string, re: RegExp): { rest: string; hit: RegExpExecArray | null; before: string; after: string } {
  const { f, map } = foldWithMap(line);
  const m = re.exec(f);
  if (!m) return { rest: line, hit: null, before: line, after: '' };
  const a = map[m.index]!;
  const b = map[m.index + m[0].length] ?? line.length;
  const before = line.slice(0, a);
  const after = line.slice(b);
  return { rest: clean(`${before} ${after}`), hit: m, before, after };
}

const NATIONAL = [/cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam/, /doc\s*lap\s*[-,.]?\s*tu\s*do\s*[-,.]?\s*hanh\s*phuc/];
const URGENCY = /^(hoa toc|thuong khan|khan|mat|toi mat|tuyet mat|hen gio)( hoa toc| khan)?$/;
// "Số:" with its colon anywhere on the line (side-by-side columns), or at the start of the line without it.
const SO = /(?:^|[^a-z])s ?o\s*[:;]\s*|^so\s+(?=\d)/;
const PLACE_DATE = /(?:^|[,.]?\s*)ngay\s*([0-9oli.…_ ]{0,6}?)\s*thang\s*([0-9oli.…_ ]{0,6}?)\s*nam\s*(\d{4})/;
const PLACE_DATE_NUMERIC = /,\s*ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/;
/** Lines that cannot continue a subject (a subject may wrap before "ngày 24/8/2020 của …"). */
const SUBJECT_STOP = /^(can cu|thuc hien|theo (de nghi|chi dao|y kien)|kinh gui)\b/;
const KINH_GUI = /^kinh\s*gui\s*:?\s*/;
const DIEN = /\bdien\s*:\s*$/;
// Openers of a body's first paragraph (lower case, diacritics kept: "diễn biến" is not "Điện Biên").
const OPENERS = /^(căn cứ|thực hiện|theo (đề nghị|chỉ đạo|ý kiến|quy định)|ngày \d|chiều ngày|sáng ngày|tối ngày|trong (thời gian|những ngày|tuần)|trước (tình hình|diễn biến)|nhằm|để (chủ động|kịp thời|tiếp tục|thực hiện|đảm bảo|bảo đảm|triển khai|có cơ sở)|hiện nay|tiếp theo|thời gian (qua|vừa qua)|vừa qua|tình hình|sau khi|qua (theo dõi|kiểm tra)|diễn biến|từ ngày)/u;
const isOpener = (l: string): boolean => OPENERS.test(lowKey(l));

export interface Header {
  issuer: string | null;
  number: string | null;
  place: string | null;
  date: string | null;
  docType: string | null;
  subject: string | null;
  recipients: string[];
  /** Index of the first line of the body (after the subject and the addressees). */
  bodyStart: number;
}

/** The number and symbol after "Số:" ("1883 /UBND-VX" → "1883/UBND-VX"); null when the number is blank. */
function readNumber(line: string): { number: string | null; rest: string } | null {
  const c = cutFolded(line, SO);
  if (!c.hit) return null;
  const m = /^\s*([0-9oOlI][0-9oOlI\s.]*?)?\s*\/\s*(?:(\d{4})\s*\/\s*)?(\p{Lu}[\p{L}\d&]*(?:\s*-\s*[\p{L}\d&]+)*)/u.exec(c.after);
  if (!m) return null;
  // A stamp's arrival number ("ĐẾN Số: 461") has no symbol; a real number always has one.
  const digits = (m[1] ?? '').replace(/[\s.]/g, '').replace(/[oO]/g, '0').replace(/[lI]/g, '1');
  const symbol = m[3]!.replace(/\s+/g, '');
  const number = /^\d+$/.test(digits) ? `${digits}/${m[2] ? `${m[2]}/` : ''}${symbol}` : null;
  return { number, rest: clean(`${c.before} ${c.after.slice(m[0].length)}`) };
}

/** The place and date line (Decree 30 Điều 8 d): "Cao Bằng, ngày 03 tháng 8 năm 2020". When OCR merged it with
 * the subject printed beside it ("V/v … cửa khẩu Lào Cai, ngày 05 tháng 02 năm 2021"), the place is the run of
 * capitalised words before the comma and the rest of the line is given back. A blank day or month gives a
 * null date (an unsigned draft). */
function readPlaceDate(line: string): { place: string | null; date: string | null; rest: string } | null {
  let c = cutFolded(line, PLACE_DATE);
  let date: string | null = null;
  if (c.hit) {
    const day = c.hit[1]!.trim();
    const month = c.hit[2]!.trim();
    date = /^[0-9oli]{1,2}$/.test(day) && /^[0-9oli]{1,2}$/.test(month) ? isoDate(day, month, c.hit[3]!) : null;
  } else {
    c = cutFolded(line, PLACE_DATE_NUMERIC);
    if (!c.hit) return null;
    date = isoDate(c.hit[1]!, c.hit[2]!, c.hit[3]!);
  }
  let before = c.before;
  const num = readNumber(before);
  if (num) before = num.rest;
  before = before.replace(/^[^\p{L}]+/u, '');
  const comma = /[,.]\s*$/.test(before) || /^[,.]/.test(c.hit[0]);
  before = clean(before.replace(/[,.]\s*$/, ''));
  const after = clean(c.after);
  if (!before) return { place: null, date, rest: after };
  // Without a comma the date must end the line ("Cao Bằng ngày 03 tháng 8 năm 2020"), not open a sentence
  // ("Sáng ngày 13 tháng 5 năm 2021, đồng chí …").
  if (!comma && after) return null;
  const words = before.split(' ');
  if (words.length <= 6 && /^\p{Lu}/u.test(before)) return { place: before, date, rest: after };
  const run = /((?:\p{Lu}[\p{L}\p{M}]*\.?\s*){1,5})$/u.exec(before);
  if (!run || !comma) return null;
  return { place: clean(run[1]!), date, rest: clean(`${before.slice(0, run.index)} ${after}`) };
}

function docTypeOf(line: string): { type: string; rest: string } | null {
  const s = line.replace(/^[#\s]+/, '');
  const f = foldKey(s);
  for (const [key, name] of DOC_TYPES) {
    if (f !== key && !f.startsWith(`${key} `) && !f.startsWith(`${key}:`)) continue;
    const head = s.split(/\s+/).slice(0, key.split(' ').length).join(' ');
    if (!isUpperText(head)) continue;
    return { type: name, rest: s.slice(head.length).trim() };
  }
  return null;
}

const isBullet = (l: string): boolean => /^[-+]\s*/.test(l) && l.length > 1;
const stripBullet = (l: string): string => l.replace(/^[-+]\s*/, '');
const endsTerminal = (l: string): boolean => /[.;:!?]["”)]?$|\/\.?$/.test(l);
const wordCount = (l: string): number => l.split(/\s+/).filter(Boolean).length;
export const isLabelLine = (l: string): boolean =>
  /^(\d{1,2}(\.\d{1,2})*\s*[.)/]|[IVXL]{1,6}\s*[.)]\s|[a-zđ]\s*\)|Điều\s+\d+\s*[.:])/u.test(l);

/** A line that starts the body: an item label, a usual opener ("Căn cứ", "Thực hiện", "Ngày …"), or a long
 * sentence that is not in capitals. */
function isBodyLine(l: string): boolean {
  if (!l || isUpperText(l)) return false;
  if (isLabelLine(l)) return true;
  if (isOpener(l)) return true;
  return wordCount(l) >= 12 && !/^v\s*[/.]\s*v\b/.test(foldKey(l));
}

function cleanRecipient(s: string): string {
  return clean(stripBullet(s)).replace(/[;,.]+$/, '').trim();
}

/** The "Kính gửi" block (or a công điện's "… ĐIỆN:" block): bullet lines, or lines ending in ";" until the
 * one ending in "."; an inline list is split at ";". */
function readRecipients(lines: readonly string[], i: number, inline: string): { items: string[]; end: number } {
  const items: string[] = [];
  if (inline) {
    const parts = /^[-+]\s/.test(inline) ? inline.split(/(?:^|\s)[-+]\s+/) : inline.split(';');
    for (const p of parts) if (cleanRecipient(p)) items.push(cleanRecipient(p));
    if (endsTerminal(inline) && inline.endsWith('.')) return { items, end: i + 1 };
  }
  let k = i + 1;
  while (k < lines.length && lines[k] === '') k++;
  let bullets = false;
  let last = items.length ? inline : '';
  let end = i + 1;
  for (; k < lines.length; k++) {
    const l = lines[k]!;
    if (l === '') {
      if (items.length) break;
      continue;
    }
    if (isBullet(l)) {
      bullets = true;
      items.push(cleanRecipient(l));
      last = l;
      end = k + 1;
      continue;
    }
    if (isBodyLine(l) && wordCount(l) >= 12) break;
    if (bullets && !endsTerminal(last) && items.length) {
      // A bullet wrapped onto the next line.
      items[items.length - 1] = cleanRecipient(`${items[items.length - 1]} ${l}`);
      last = l;
      end = k + 1;
      continue;
    }
    if (!bullets && (items.length === 0 || last.endsWith(';')) && wordCount(l) <= 20 && !isLabelLine(l)) {
      items.push(cleanRecipient(l));
      last = l;
      end = k + 1;
      if (l.endsWith('.')) break;
      continue;
    }
    break;
  }
  return { items: items.filter(Boolean), end };
}

/** Reads the subject lines after "V/v" or after the type name, until a blank line or another component. */
function readSubject(lines: readonly string[], i: number, first: string, afterType: boolean): { subject: string | null; end: number } {
  const parts: string[] = [];
  let k = i;
  if (first) parts.push(first);
  else {
    k = i + 1;
    while (k < lines.length && lines[k] === '' && k < i + 4) k++;
    const l = lines[k];
    if (!l || isLabelLine(l) || isOpener(l) || (afterType && endsTerminal(l) && !/[.]{3}$/.test(l))) return { subject: null, end: i + 1 };
    if (/^(quyet dinh|chi thi|thong bao)\s*:/.test(foldKey(l))) return { subject: null, end: i + 1 };
    parts.push(l);
  }
  const subjectUpper = isUpperText(parts[0]!);
  for (k = k + 1; k < lines.length && parts.length < 8; k++) {
    const l = lines[k]!;
    if (l === '') break;
    const f = foldKey(l);
    if (NATIONAL.some((re) => re.test(f)) || readNumber(l) || readPlaceDate(l) || KINH_GUI.test(f) || DIEN.test(f)) break;
    if (isLabelLine(l) || SUBJECT_STOP.test(f) || (!subjectUpper && isUpperText(l)) || docTypeOf(l)) break;
    parts.push(l);
  }
  const subject = clean(parts.join(' ')).replace(/[.;:,]+$/, '');
  return { subject: subject || null, end: k };
}

/** Splits the issuer lines into bodies (a superior body, then the issuing one) and names the issuer in full:
 * "ỦY BAN NHÂN DÂN / TỈNH CAO BẰNG" → "Ủy ban nhân dân tỉnh Cao Bằng"; "UBND TỈNH TUYÊN QUANG / SỞ Y TẾ" →
 * "Sở Y tế tỉnh Tuyên Quang"; "UBND TỈNH LẠNG SƠN / VĂN PHÒNG" → "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn". */
export function issuerName(issuerLines: readonly string[], names: readonly string[]): string | null {
  const BODY_HEAD = /^(uy ban|ubnd|so |ban |bcd|van phong|vp |bo |cong an|trung tam|hoi dong|hdnd|cuc |chi cuc|benh vien|tinh uy|huyen uy|thanh uy|dang uy)/;
  const bodies: string[] = [];
  for (const raw of issuerLines) {
    const line = clean(raw);
    if (!line) continue;
    const f = foldKey(line);
    if (bodies.length && BODY_HEAD.test(`${f} `) && !/^uy ban nhan dan$/.test(foldKey(bodies[bodies.length - 1]!))) bodies.push(line);
    else if (bodies.length) bodies[bodies.length - 1] += ` ${line}`;
    else bodies.push(line);
  }
  if (!bodies.length) return null;
  const expand = (s: string): string =>
    s.replace(/\bUBND\b/g, 'ỦY BAN NHÂN DÂN').replace(/\bHĐND\b/g, 'HỘI ĐỒNG NHÂN DÂN').replace(/\bBCĐ\b/g, 'BAN CHỈ ĐẠO')
      .replace(/^VP\b/, 'VĂN PHÒNG');
  const cased = bodies.map((b) => officialCase(isUpperText(b) ? expand(b) : b.replace(/\bUBND\b/g, 'Ủy ban nhân dân'), names));
  let issuer = cased[cased.length - 1]!;
  const superior = cased.length > 1 ? cased[cased.length - 2]! : null;
  if (superior) {
    const loc = /\b(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)(\s+\p{Lu}.*)?$/u.exec(superior);
    if (/^Văn phòng$/u.test(issuer)) issuer = `Văn phòng ${superior}`;
    else if (loc) {
      const own = /\b(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)(\s+\p{Lu}.*)?$/u.exec(issuer);
      if (!own) issuer = `${issuer} ${loc[0]}`;
      else if (!own[2] && own[1] === loc[1] && loc[2]) issuer = `${issuer}${loc[2]}`;
    }
  }
  return capitalize(clean(issuer));
}

/** Reads the header; `names` are the agency names whose written form is used when casing capitals. */
export function readHeader(lines: readonly string[], names: readonly string[]): Header {
  const h: Header = { issuer: null, number: null, place: null, date: null, docType: null, subject: null, recipients: [], bodyStart: 0 };
  const issuerLines: string[] = [];
  let issuerOpen = true;
  let closeIssuer = false;
  let numberSeen = false;
  let hasVv = false;
  let i = 0;
  for (; i < lines.length; i++) {
    let line = lines[i]!;
    if (closeIssuer) issuerOpen = false;
    if (!line) continue;
    if (/^noi\s*nhan\b/.test(foldKey(line))) break;
    // (a) Quốc hiệu, Tiêu ngữ: cut out, whatever shares the line.
    for (const re of NATIONAL) {
      const c = cutFolded(line, re);
      if (c.hit) line = c.rest;
    }
    if (!line) continue;
    // (c) Số, ký hiệu.
    const num = !numberSeen ? readNumber(line) : null;
    if (num) {
      h.number = num.number;
      numberSeen = true;
      // The issuer may share the number's line ("UBND TỈNH CAO BẰNG Số: 123/UBND-VX"): close after this line.
      closeIssuer = true;
      line = num.rest;
      if (!line) continue;
    }
    // (d) Địa danh, ngày tháng.
    const pd = !h.date && !h.place ? readPlaceDate(line) : null;
    if (pd) {
      h.place = pd.place;
      h.date = pd.date;
      line = pd.rest;
      if (!line) continue;
    }
    const f = foldKey(line);
    // Kính gửi (công văn), or the addressees of a công điện ("CHỦ TỊCH UBND TỈNH ĐIỆN:").
    const kg = KINH_GUI.test(f);
    if (kg || (DIEN.test(f) && !/^cong dien/.test(f))) {
      const inline = kg ? clean(cutFolded(line, KINH_GUI).after) : '';
      const r = readRecipients(lines, i, inline);
      h.recipients.push(...r.items);
      issuerOpen = false;
      i = r.end - 1;
      continue;
    }
    // (đ) Tên loại và trích yếu.
    const type = !h.docType ? docTypeOf(line) : null;
    if (type && !/:\s*$/.test(line)) {
      h.docType = type.type;
      issuerOpen = false;
      const rest = URGENCY.test(foldKey(type.rest)) ? '' : type.rest;
      const s = readSubject(lines, i, rest, true);
      if (s.subject && !h.subject) h.subject = s.subject;
      i = s.end - 1;
      continue;
    }
    if (/^v\s*[/.]\s*v\b|^ve viec\b/.test(f) && !h.subject) {
      hasVv = /^v\s*[/.]\s*v/.test(f);
      const s = readSubject(lines, i, line, false);
      h.subject = s.subject;
      issuerOpen = false;
      i = s.end - 1;
      continue;
    }
    if (isBodyLine(line)) break;
    // (b) Tên cơ quan ban hành: lines in capitals above the number, type and date.
    if (issuerOpen && isUpperText(line) && !URGENCY.test(foldKey(line)) && !/\bden\b/.test(foldKey(line))) {
      issuerLines.push(line);
      continue;
    }
  }
  h.bodyStart = i;
  h.issuer = issuerName(issuerLines, names);
  if (!h.docType) {
    const abbr = h.number ? /^\d+\/(?:\d{4}\/)?([\p{L}]+)-/u.exec(h.number)?.[1] : undefined;
    const byAbbr = abbr ? DOC_TYPES.find(([, , a]) => a === abbr && a !== 'CV') : undefined;
    if (byAbbr && !hasVv) h.docType = byAbbr[1];
    else if (hasVv || h.number || h.recipients.length || h.issuer) h.docType = 'Công văn';
  }
  return h;
}
