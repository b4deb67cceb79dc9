// Documents a directive implements or cites ("Thực hiện Thông báo số 272/TB-VPCP ngày 03/8/2020 của Văn phòng
// Chính phủ", "Căn cứ Luật … ngày 21 tháng 11 năm 2007"). A number and symbol follows Decree 30 Điều 8 c
// (DOMAIN.md §3.3): "<number>/<symbol>" or, for legal normative documents, "<number>/<year>/<symbol>".
import type { DirectiveReference } from '../../../contracts/directives.ts';
import { readAgency, type AgencyLexicon } from './agencies.ts';
import { firstDate, readDateAt } from './dates.ts';
import { clean, foldKey, tokenize } from './text.ts';

const NUMBER_RE = /(\d{1,5})\s*\/\s*(?:(\d{4})\s*\/\s*)?(\p{Lu}[\p{L}\d&]*(?:-[\p{L}\d&]+)*)(?![\p{L}\d])/gu;
const DOC_WORDS = /^(luật|bộ luật|pháp lệnh|nghị quyết|nghị định|quyết định|chỉ thị|thông tư|thông tư liên tịch|thông báo|công điện|công văn|kế hoạch|hướng dẫn|văn bản|tờ trình|báo cáo|kết luận)\b/iu;

/** The agency or official after "của"/"do" or before "tại": "Văn phòng Chính phủ", "Bộ trưởng Bộ Y tế". */
function readIssuer(text: string, lex: AgencyLexicon): string | null {
  const s = text.split('\n')[0]!;
  const toks = tokenize(s.slice(0, 200));
  if (!toks.length || DOC_WORDS.test(s)) return null;
  const a = readAgency(toks, 0, lex, { first: false, support: false });
  if (a && a.end > 0) return clean(s.slice(0, toks[a.end - 1]!.end));
  // An official's title before an agency ("Bộ trưởng Bộ Y tế").
  const m = /^(Bộ trưởng|Thứ trưởng|Chủ nhiệm|Tổng cục trưởng|Cục trưởng)\s+/u.exec(s);
  if (m) {
    const rest = readIssuer(s.slice(m[0].length), lex);
    return rest ? `${m[1]} ${rest}` : null;
  }
  return null;
}

interface Found extends DirectiveReference { at: number; end?: number }

export function findReferences(text: string, ownNumber: string | null, lex: AgencyLexicon): DirectiveReference[] {
  const found: Found[] = [];
  const own = ownNumber ? foldKey(ownNumber).replace(/\s/g, '') : null;
  for (const m of text.matchAll(NUMBER_RE)) {
    if (!m[2] && !m[3]!.includes('-')) continue;
    const number = `${m[1]}/${m[2] ? `${m[2]}/` : ''}${m[3]}`;
    if (own && foldKey(number) === own) continue;
    let rest = text.slice(m.index + m[0].length);
    let date: string | null = null;
    const d = /^\s*,?\s*(?:ban hành\s+)?ngày\s*/iu.exec(rest);
    if (d) {
      const r = readDateAt(rest.slice(d[0].length), null);
      if (r) {
        date = r.iso;
        rest = rest.slice(d[0].length + r.length);
      }
    }
    let issuer: string | null = null;
    const of = /^\s*,?\s*(?:của|do)\s+/u.exec(rest);
    if (of) issuer = readIssuer(rest.slice(of[0].length), lex);
    const before = text.slice(Math.max(0, m.index - 160), m.index);
    if (!issuer) {
      // "… đề nghị của Giám đốc Sở Y tế tại Tờ trình số 98/TTr-SYT"
      const pre = /(?:của|do)\s+([^,;.()]{3,90}?)\s+(?:tại|theo)\s+(?:\p{L}+\s+){0,3}(?:số\s*:?\s*)?$/u.exec(before);
      if (pre) issuer = readIssuer(pre[1]!, lex);
    }
    // "Ngày 24/9/2021, Bộ Y tế có Công văn số 7890/BYT-TB-CT …"
    const dated = /(?:^|[.;:\n]\s*)Ngày\s+([\d/.\- ]{6,12}),\s*([^,;.]{3,80}?)\s+(?:có|ban hành|đã ban hành|gửi)\s+(?:\p{L}+\s+){0,3}(?:số\s*:?\s*)?$/u.exec(before);
    if (dated) {
      date ??= firstDate(dated[1]!);
      issuer ??= readIssuer(dated[2]!, lex);
    }
    found.push({ number, date, issuer, at: m.index, end: m.index + m[0].length });
  }
  // "Chỉ thị số 15/CT-TTg, 16/CT-TTg và 19/CT-TTg của Thủ tướng Chính phủ": the issuer named after the last of a
  // list of numbers is the issuer of each.
  for (let i = found.length - 2; i >= 0; i--) {
    const a = found[i]!;
    const b = found[i + 1]!;
    if (a.issuer || !b.issuer || a.end === undefined) continue;
    const between = text.slice(a.end, b.at);
    if (/^(?:\s*(?:,|và|;)\s*|\s*ngày\s*[\d/.\- ]{6,12}\s*)+(?:số\s*)?$/u.test(between) || /^\s*(?:,|và)\s*(?:số\s*)?$/u.test(between)) a.issuer = b.issuer;
  }
  // "Căn cứ Luật … ngày …": the basis of a decision, cited without a number.
  for (const m of text.matchAll(/(?:^|\n)\s*Căn cứ\s+([^\n]+)/gu)) {
    let offset = m.index + m[0].length - m[1]!.length;
    for (const clause of m[1]!.split(';')) {
      const c = clause.trim().replace(/^(?:Căn cứ|và)\s+/u, '');
      const at = offset;
      offset += clause.length + 1;
      NUMBER_RE.lastIndex = 0;
      if (!DOC_WORDS.test(c) || /\d{1,5}\s*\/\s*(?:\d{4}\s*\/\s*)?\p{Lu}/u.test(c)) continue;
      const date = firstDate(c);
      if (!date) continue;
      const of = /\s(?:của|do)\s+(.+)$/u.exec(c.replace(/\s+ngày\s+.*$/u, ''));
      found.push({ number: null, date, issuer: of ? readIssuer(of[1]!, lex) : null, at });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const out: DirectiveReference[] = [];
  const byNumber = new Map<string, DirectiveReference>();
  for (const f of found) {
    const ref = { number: f.number, date: f.date, issuer: f.issuer };
    if (!f.number) {
      if (!out.some((r) => !r.number && r.date === f.date)) out.push(ref);
      continue;
    }
    const key = foldKey(f.number);
    const prev = byNumber.get(key);
    if (prev) {
      prev.date ??= f.date;
      prev.issuer ??= f.issuer;
      continue;
    }
    byNumber.set(key, ref);
    out.push(ref);
  }
  return out;
}
