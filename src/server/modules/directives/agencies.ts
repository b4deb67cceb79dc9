// Agency names in running text: where a name starts and ends, how a list of them splits, and which registry
// agency (or group of agencies) a name stands for. Names are returned as printed (the seeds' convention); the
// registry helps find them and resolves them to codes.
import type { AgencyEntry } from '../../../contracts/directives.ts';
import { PROVINCE_AGENCIES } from '../reference/seed/agencies.ts';
import {
  AGENCY_HEADS, GENERIC_NOUNS, HEAD_TITLES, ISSUER_LIKE, LOCALITY_NOUNS, LOCALITY_TAILS, NON_STATE_NOUNS, PREDICATES,
  QUALIFIERS, STANDARD_AGENCIES,
} from './lexicon.ts';
import { PhraseSet, foldKey, lowKey, type Tok } from './text.ts';

/** The reference module's agency seed as a registry: code, name, and every other name texts use. */
export const DEFAULT_AGENCY_REGISTRY: AgencyEntry[] = PROVINCE_AGENCIES.map((a) => ({
  code: a.code,
  name: a.name,
  aliases: [...new Set([a.shortName, ...a.aliases])],
}));

export interface AgencyLexicon {
  registry: readonly AgencyEntry[];
  /** Registry names, aliases and the standard provincial bodies, written as they should be capitalised. */
  names: readonly string[];
  known: PhraseSet;
}

const lexiconCache = new WeakMap<readonly AgencyEntry[], AgencyLexicon>();

export function agencyLexicon(registry: readonly AgencyEntry[]): AgencyLexicon {
  const cached = lexiconCache.get(registry);
  if (cached) return cached;
  const names = new Set<string>();
  for (const a of registry) for (const n of [a.name, ...a.aliases]) if (n.trim()) names.add(n.trim());
  for (const n of STANDARD_AGENCIES) names.add(n);
  // "Bộ Chỉ huy Quân sự tỉnh" is also written without "tỉnh"; the locality is read separately.
  for (const n of [...names]) {
    const bare = n.replace(/\s+tỉnh$/u, '');
    if (bare !== n && bare.split(' ').length > 1) names.add(bare);
  }
  const lex = { registry, names: [...names], known: new PhraseSet([...names], 'fold') };
  lexiconCache.set(registry, lex);
  return lex;
}

const PRED = new PhraseSet(PREDICATES, 'low');
const GENERIC = new PhraseSet([...GENERIC_NOUNS, ...LOCALITY_NOUNS.filter((n) => n !== 'tp')], 'low');
const NON_STATE = new PhraseSet(NON_STATE_NOUNS, 'low');
const LOCALITY = new PhraseSet(LOCALITY_NOUNS, 'low');
const TAILS = new PhraseSet(LOCALITY_TAILS, 'low');
const QUAL = new PhraseSet(QUALIFIERS, 'low');
const TITLES = new PhraseSet(HEAD_TITLES, 'low');
const HEADS = new PhraseSet(AGENCY_HEADS, 'fold');
const ISSUERS = new Set(ISSUER_LIKE);
const DETERMINERS = new Set(['các', 'những', 'mỗi', 'từng']);
/** Nouns after which an agency's name is a genitive, not a new agency: "thành viên Ban Chỉ đạo tỉnh". */
const GENITIVE_NOUNS = new Set(['thành viên', 'đồng chí thành viên']);
/** Nouns that distribute over the names after them: "Các lực lượng Công an, Quân sự…", "Giám đốc các sở: Y tế, …". */
const DISTRIBUTIVE = new Set(['lực lượng', 'sở', 'ngành', 'sở, ngành', 'sở ngành', 'đơn vị', 'cơ quan']);
const DOC_WORDS = new PhraseSet(['chỉ thị', 'thông báo', 'kế hoạch', 'quyết định', 'công điện', 'công văn', 'nghị quyết', 'nghị định', 'thông tư', 'luật', 'hướng dẫn', 'tờ trình', 'báo cáo'], 'low');
const STOP_LOWER = new Set(['các', 'của', 'cho', 'với', 'những', 'mọi', 'và', 'hoặc', 'là', 'nhất', 'như', 'gồm', 'này', 'đó']);

export const isPredicateAt = (toks: readonly Tok[], i: number): boolean => PRED.match(toks, i) > 0;

const isAcronym = (t: Tok | undefined): boolean =>
  !!t && t.word && /^[\p{Lu}\d&-]{2,}$/u.test(t.text) && (t.text.match(/\p{Lu}/gu)?.length ?? 0) >= 2;

/** Whether a new agency's name starts at i (a capitalised head word or an acronym), for splitting lists. */
function headAt(toks: readonly Tok[], i: number, lex: AgencyLexicon): boolean {
  const t = toks[i];
  if (!t?.word || !(t.cap || isAcronym(t))) return false;
  return HEADS.match(toks, i) > 0 || lex.known.match(toks, i) > 0;
}

/** Capitalised words, acronyms and joined parts of a proper name: "Văn hóa, Thể thao và Du lịch",
 * "Lao động - Thương binh và Xã hội". With `lower`, up to three lower-case words after a capital ("Kiểm soát
 * bệnh tật"), never a predicate word. Stops at a soft line break before a capital (a heading's end). */
function extendName(toks: readonly Tok[], j: number, lex: AgencyLexicon, lower: boolean): number {
  let end = j;
  let lowerRun = 0;
  for (let k = j; k < toks.length; ) {
    const t = toks[k]!;
    const next = toks[k + 1];
    if (t.nl && t.cap) break;
    if (TAILS.match(toks, k) || DOC_WORDS.match(toks, k)) break;
    if ((t.text === '-' || t.text === '&') && next?.word && next.cap && !next.nl) { end = k + 2; lowerRun = 0; k += 2; continue; }
    // After a complete known name come capitalised words ("Bệnh viện Đa khoa" + "Trung ương"), or a few
    // lower-case words leading to one ("Ban Quản lý Khu kinh tế" + "cửa khẩu Đồng Đăng"); not joined parts.
    if (!lower && !(t.word && (t.cap || isAcronym(t)))) {
      let n = k;
      while (n < k + 2 && toks[n]?.word && !toks[n]!.cap && !STOP_LOWER.has(toks[n]!.low) && !isPredicateAt(toks, n) && !TAILS.match(toks, n)) n++;
      const after = toks[n];
      if (n > k && after?.word && after.cap && !after.nl && !headAt(toks, n, lex)) { end = n; k = n; continue; }
      break;
    }
    if (t.word && (t.cap || isAcronym(t))) { end = k + 1; lowerRun = 0; k++; continue; }
    if (t.low === 'và' && next?.word && next.cap && !headAt(toks, k + 1, lex)) { end = k + 2; lowerRun = 0; k += 2; continue; }
    if (t.text === ',' && next?.word && next.cap && !headAt(toks, k + 1, lex)) {
      // Only inside a name that goes on with "và": "Sở Văn hóa, Thể thao và Du lịch".
      const window = toks.slice(k + 2, k + 6);
      const va = window.findIndex((x) => x.low === 'và');
      if (va >= 0 && window[va + 1]?.cap) { end = k + 2; k += 2; continue; }
      break;
    }
    if (lower && t.word && !t.cap && lowerRun < 3 && !/^\d/.test(t.text) && !STOP_LOWER.has(t.low) && !isPredicateAt(toks, k)) {
      lowerRun++;
      end = k + 1;
      k++;
      continue;
    }
    break;
  }
  return end;
}

/** A word of a place name ("Cao Bằng", "Phong Thổ"): capitalised, not an acronym body, on the same line. */
const isPlaceWord = (t: Tok | undefined): boolean => !!t?.word && t.cap && !t.nl && !isAcronym(t) && !/^\d/.test(t.text);

/** A locality after a name: "tỉnh", "huyện Việt Yên", "cấp xã", or a group "các huyện, thành phố" with its
 * qualifier ("UBND các huyện có đường biên giới"). */
function extendLocality(toks: readonly Tok[], j: number): { end: number; group: boolean } {
  let k = j;
  const t = toks[k];
  if (t && (t.low === 'các' || t.low === 'những') && LOCALITY.match(toks, k + 1)) {
    k += 1 + LOCALITY.match(toks, k + 1);
    for (;;) {
      const sep = toks[k];
      if (sep && (sep.text === ',' || sep.low === 'và') && LOCALITY.match(toks, k + 1)) { k += 1 + LOCALITY.match(toks, k + 1); continue; }
      if (sep?.text === ',' && toks[k + 1]?.low === 'và' && LOCALITY.match(toks, k + 2)) { k += 2 + LOCALITY.match(toks, k + 2); continue; }
      if (LOCALITY.match(toks, k) && !toks[k]!.nl) { k += LOCALITY.match(toks, k); continue; }
      break;
    }
    // Named members: "các huyện Yên Phong, Quế Võ".
    const named = (at: number): number => {
      let e = at;
      while (isPlaceWord(toks[e])) e++;
      return e;
    };
    let e = named(k);
    if (e > k) {
      k = e;
      while ((toks[k]?.text === ',' || toks[k]?.low === 'và') && (e = named(k + 1)) > k + 1) k = e;
    }
    return { end: readQualifiers(toks, k, false).end, group: true };
  }
  const m = TAILS.match(toks, k);
  if (!m) return { end: j, group: false };
  k += m;
  const named = k;
  while (isPlaceWord(toks[k])) k++;
  // "Trạm Y tế xã, phường, thị trấn": a locality written as a list of unit kinds.
  if (k === named) {
    while ((toks[k]?.text === ',' || toks[k]?.low === 'và') && LOCALITY.match(toks, k + 1) && !toks[k + 1]!.nl && !toks[k + 1]!.cap) k += 1 + LOCALITY.match(toks, k + 1);
  }
  return { end: k, group: false };
}

function readQualifiers(toks: readonly Tok[], j: number, capitals: boolean): { end: number; qualified: boolean } {
  let k = j;
  let qualified = false;
  for (;;) {
    const q = QUAL.match(toks, k);
    if (q) { k += q; qualified = true; continue; }
    const t = toks[k];
    if (capitals && t?.word && t.cap && !t.nl && !HEADS.match(toks, k) && !isPredicateAt(toks, k)) { k++; qualified = true; continue; }
    break;
  }
  return { end: k, qualified };
}

export interface AgencySpan {
  start: number;
  end: number;
  kind: 'specific' | 'generic';
  /** Ends with a qualifier ("… liên quan", "… chức năng"): a following "các …" starts a new agency. */
  qualified: boolean;
  /** Starts with a head's title ("Thủ trưởng …", "Giám đốc …"). */
  titled: boolean;
  det: boolean;
  nonState: boolean;
  /** The group noun of a generic span ("lực lượng", "sở"). */
  noun?: string;
}

/** A proper agency name at i: a registry or standard name, or a head word followed by a capitalised name. */
function readSpecific(toks: readonly Tok[], i: number, lex: AgencyLexicon): number {
  const t = toks[i];
  // A proper name is capitalised ("công an xã" in running text is a common noun).
  if (!t?.word || !(t.cap || isAcronym(t))) return 0;
  let end = 0;
  let known = lex.known.matchAt(toks, i);
  // One-word names must match with their diacritics: "Bảo đảm" is not a body called "Báo".
  if (known.len === 1 && lowKey(known.phrase) !== t.low) known = { len: 0, phrase: '' };
  if (known.len) {
    end = extendName(toks, i + known.len, lex, false);
  } else {
    const h = HEADS.match(toks, i);
    if (!h) return 0;
    // A heading in capitals ("III. TỔ CHỨC THỰC HIỆN", "ĐỐI TƯỢNG") is no agency unless its name is known.
    const shouting = (x: Tok | undefined): boolean => !!x?.word && /\p{L}/u.test(x.text) && x.text === x.text.toUpperCase() && x.text.length > 1;
    if (shouting(t) && shouting(toks[i + h]) && !isAcronym(t)) return 0;
    if (shouting(t) && shouting(toks[i + 1]) && /[^\x00-\x7fĐ]/u.test(t.text)) return 0;
    const named = extendName(toks, i + h, lex, true);
    // A head needs a name after it, unless it is an acronym body (UBND, CDC): "Phòng, chống dịch" is no agency.
    const hasName = toks.slice(i + h, named).some((x) => x.cap || isAcronym(x));
    if (!hasName && !(h === 1 && isAcronym(t))) {
      // "Báo, Đài Phát thanh - Truyền hình tỉnh": two bodies sharing the name's end, written as one.
      if (toks[i + h]?.text === ',' && toks[i + h + 1]?.cap) {
        const next = readSpecific(toks, i + h + 1, lex);
        if (next) return next;
      }
      return 0;
    }
    end = named;
  }
  const loc = extendLocality(toks, end);
  return loc.end;
}

function readGeneric(toks: readonly Tok[], i: number, lex: AgencyLexicon, support: boolean): { end: number; qualified: boolean; nonState: boolean; noun: string } | null {
  let m = GENERIC.matchAt(toks, i);
  let nonState = false;
  const ns = NON_STATE.matchAt(toks, i);
  if (ns.len > m.len) { m = ns; nonState = true; }
  if (!m.len || (nonState && !support)) return null;
  let k = i + m.len;
  const noun = m.phrase;
  let qualified = false;
  if (GENITIVE_NOUNS.has(noun)) {
    const s = readSpecific(toks, k, lex);
    if (s) { k = s; qualified = true; }
  }
  // Qualifiers, in any order: "chức năng", "liên quan", "Nhà nước", "thuộc UBND thành phố".
  for (;;) {
    const q = readQualifiers(toks, k, true);
    if (q.end > k) { k = q.end; qualified = true; continue; }
    const t = toks[k];
    if (t?.low === 'thuộc' || (t?.low === 'trực' && toks[k + 1]?.low === 'thuộc')) {
      const s = readSpecific(toks, t.low === 'trực' ? k + 2 : k + 1, lex);
      if (s) { k = s; qualified = true; continue; }
    }
    break;
  }
  if (!qualified) {
    // Up to three unknown lower-case words qualify the group when a predicate follows them:
    // "Các chốt kiểm soát dịch bệnh | thực hiện".
    let n = k;
    while (n < k + 3 && toks[n]?.word && !toks[n]!.cap && !isPredicateAt(toks, n) && !STOP_LOWER.has(toks[n]!.low)) n++;
    if (n > k && isPredicateAt(toks, n)) { k = n; qualified = true; }
  }
  return { end: k, qualified, nonState, noun };
}

/** One agency at i: [title] [các] (proper name | group noun [qualifiers]). */
export function readAgency(toks: readonly Tok[], i: number, lex: AgencyLexicon, opts: { first: boolean; support: boolean }): AgencySpan | null {
  let k = i;
  let titled = false;
  const title = TITLES.match(toks, k);
  if (title && !lex.known.match(toks, k)) {
    k += title;
    titled = true;
  }
  let det = false;
  if (toks[k] && DETERMINERS.has(toks[k]!.low)) { det = true; k++; }
  const spec = readSpecific(toks, k, lex);
  if (spec) return { start: i, end: spec, kind: 'specific', qualified: false, titled, det, nonState: false };
  const gen = readGeneric(toks, k, lex, opts.support);
  if (!gen) return null;
  // A lone group noun is a word, not an agency ("giao ban", "cấp"): it needs "các", a title, or a list.
  if (opts.first && !det && !titled) return null;
  return { start: i, end: gen.end, kind: 'generic', qualified: gen.qualified, titled, det, nonState: gen.nonState, noun: gen.noun };
}

/** A name after a distributive noun: "Công an", "Y tế", "Giao thông vận tải". */
function readBareName(toks: readonly Tok[], i: number, lex: AgencyLexicon): number {
  const t = toks[i];
  if (!t?.word || !(t.cap || isAcronym(t))) return 0;
  const known = lex.known.match(toks, i);
  const end = known ? extendName(toks, i + known, lex, false) : extendName(toks, i + 1, lex, true);
  return extendLocality(toks, end).end;
}

/**
 * A list of agencies starting at i, split as the genre writes them: specific names separate ("Sở Y tế và UBND
 * các huyện, thành phố" → 2), group nouns join into one group ("các cấp, các ngành" → 1, "Các sở, ngành có liên
 * quan" → 1) until a qualified group is followed by another "các …" ("các cơ quan chức năng, các doanh nghiệp"
 * → 2); "Các lực lượng Công an, Quân sự, …" and "Giám đốc các sở: Y tế, Công Thương" give the names.
 */
export function readAgencyList(toks: readonly Tok[], i: number, lex: AgencyLexicon, support = false): AgencySpan[] {
  const first = readAgency(toks, i, lex, { first: true, support });
  if (!first) return [];
  const out: AgencySpan[] = [];
  let cur: AgencySpan = first;
  const distribute = (span: AgencySpan): AgencySpan => {
    const names = distributed(toks, span, lex);
    if (!names.length) return span;
    out.push(...names.slice(0, -1));
    return names[names.length - 1]!;
  };
  cur = distribute(cur);
  for (;;) {
    let k = cur.end;
    const sep = toks[k];
    if (!sep || !(sep.text === ',' || sep.low === 'và')) break;
    k++;
    if (sep.text === ',' && toks[k]?.low === 'và') k++;
    const next = readAgency(toks, k, lex, { first: false, support });
    if (!next) break;
    const joins = cur.kind === 'generic' && next.kind === 'generic' && !next.titled && (!next.det || !cur.qualified);
    if (joins) {
      cur = { ...cur, end: next.end, qualified: next.qualified, nonState: cur.nonState && next.nonState };
      continue;
    }
    // A bare group noun cannot stand alone after a proper name ("Sở Y tế và địa phương" reads as one phrase).
    if (next.kind === 'generic' && !next.det && !next.titled) break;
    out.push(cur);
    cur = distribute(next);
  }
  out.push(cur);
  return out.filter((s) => support || !s.nonState);
}

/** The names a distributive group introduces: "Các lực lượng Công an, Quân sự, …" and "Giám đốc các sở: Y tế,
 * Công Thương" give "Công an", "Quân sự", … and "Y tế", "Công Thương". */
function distributed(toks: readonly Tok[], span: AgencySpan, lex: AgencyLexicon): AgencySpan[] {
  if (span.kind !== 'generic' || !span.det || span.qualified) return [];
  const noun = span.noun ?? '';
  const colon = toks[span.end]?.text === ':';
  if (!((colon && DISTRIBUTIVE.has(noun)) || (!colon && noun === 'lực lượng'))) return [];
  const names: AgencySpan[] = [];
  let k = colon ? span.end + 1 : span.end;
  for (;;) {
    const e = readBareName(toks, k, lex);
    if (!e) break;
    names.push({ start: k, end: e, kind: 'specific', qualified: false, titled: false, det: false, nonState: false });
    const sep = toks[e];
    if (sep && (sep.text === ',' || sep.low === 'và') && readBareName(toks, e + 1, lex)) { k = e + 1; continue; }
    break;
  }
  return names;
}

/** Whether a name is the issuing side (UBND tỉnh, Chủ tịch UBND tỉnh, Thủ tướng …), never a task's lead. */
export function isIssuerLike(name: string): boolean {
  return ISSUERS.has(foldKey(name).replace(/^(cac|ca) /, ''));
}

// ---------------------------------------------------------------------------------------------------------------
// Resolution to registry codes

const TITLE_PREFIX = new RegExp(`^(?:${[...HEAD_TITLES].map((t) => foldKey(t)).sort((a, b) => b.length - a.length).join('|')}) `);

/** The key two names of one agency share: folded, without a head's title, "các", or the province suffix;
 * "Ủy ban nhân dân" written UBND. "Chủ tịch UBND các huyện, thành phố" → "ubnd cac huyen, thanh pho". */
export function agencyKey(name: string): string {
  return foldKey(name)
    .replace(/[.;:]+$/, '')
    .replace(/\buy ban nhan dan\b/g, 'ubnd')
    .replace(/\bhoi dong nhan dan\b/g, 'hdnd')
    .replace(/\bban chi dao\b/g, 'bcd')
    .replace(TITLE_PREFIX, '')
    .replace(/^(cac|nhung|moi|tung) /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type AgencyGroup = 'districts' | 'communes' | 'departments' | 'all';
export interface ResolvedAgency { name: string; code: string | null; group: AgencyGroup | null }

/** Resolves a name as printed to a registry code by folded name, abbreviation or alias, or to a group of
 * agencies ("UBND các huyện, thành phố" → districts, "các sở, ban, ngành" → departments). */
export function resolveAgency(name: string, registry: readonly AgencyEntry[] = DEFAULT_AGENCY_REGISTRY): ResolvedAgency {
  const key = agencyKey(name);
  const bare = key.replace(/ tinh$/, '');
  for (const a of registry) {
    for (const n of [a.name, ...a.aliases]) {
      const k = agencyKey(n);
      if (k === key || k.replace(/ tinh$/, '') === bare) return { name, code: a.code, group: null };
    }
  }
  let group: AgencyGroup | null = null;
  if (/^(ubnd|chu tich ubnd|ban chi dao|bcd|trung tam y te|cong an)?\s*cac (huyen|thanh pho|thi xa|quan)\b/.test(key) || /^cac huyen\b/.test(key)) group = 'districts';
  else if (/^(ubnd|chu tich ubnd|tram y te|cong an)?\s*cac (xa|phuong|thi tran)\b/.test(key)) group = 'communes';
  else if (/^(cac )?(so|ban|nganh|so nganh|ban nganh)\b/.test(key) && !/ (y te|cong an)/.test(key)) group = 'departments';
  else if (/^(cac )?(co quan|don vi|cap|dia phuong)\b/.test(key)) group = 'all';
  return { name, code: null, group };
}

/** The agencies of each task resolved to registry codes or groups, for assigning the tasks to agencies. */
export function resolveTaskAgencies(
  tasks: readonly { item: string | null; lead: readonly string[]; support: readonly string[] }[],
  registry: readonly AgencyEntry[] = DEFAULT_AGENCY_REGISTRY,
): { item: string | null; lead: ResolvedAgency[]; support: ResolvedAgency[] }[] {
  return tasks.map((t) => ({
    item: t.item,
    lead: t.lead.map((n) => resolveAgency(n, registry)),
    support: t.support.map((n) => resolveAgency(n, registry)),
  }));
}
