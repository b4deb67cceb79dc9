// The body (Decree 30 Điều 8 e, nội dung): paragraphs, their item labels ("I.", "1.", "1.1.", "a)", "Điều 2."),
// the item tree, and for each item the agencies it gives work to. Conventions (shared/seeds/README.md): "lead"
// are the agencies an item gives work to (the subject of a clause, "Giao …", "Đề nghị …", "… chủ trì", a
// heading "Sở Y tế:"), "support" those after "phối hợp với"; bullets and unnumbered paragraphs belong to the
// item above them; a sub-item that names no new agency is part of its parent; an item naming no agency is
// left out.
import type { DirectiveTask } from '../../../contracts/directives.ts';
import { agencyKey, isIssuerLike, isPredicateAt, readAgencyList, type AgencyLexicon, type AgencySpan } from './agencies.ts';
import { findDeadline } from './dates.ts';
import { clean, foldKey, isUpperText, tokenize, type Tok } from './text.ts';

// ---------------------------------------------------------------------------------------------------------------
// Labels and paragraphs

type LabelKind = 'roman' | 'dieu' | 'num' | 'num2' | 'letter';
export interface Label { kind: LabelKind; printed: string; ord: number }
const RANK: Record<LabelKind, number> = { roman: 0, dieu: 0, num: 1, num2: 2, letter: 3 };
/** The Vietnamese alphabet, the order of lettered items (a, b, c, d, đ, e, g, …). */
const LETTERS = 'abcdđeghiklmnopqrstuvxy';

function romanValue(s: string): number {
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i]!]!;
    const b = v[s[i + 1] ?? ''] ?? 0;
    total += a < b ? -a : a;
  }
  return total;
}

/** The item label at the start of a line and the text after it. */
export function detectLabel(line: string): { label: Label; rest: string } | null {
  let m = /^Điều\s+(\d{1,3})\s*[.:]\s*(.*)$/u.exec(line);
  if (m) return { label: { kind: 'dieu', printed: `Điều ${Number(m[1])}`, ord: Number(m[1]) }, rest: m[2]! };
  m = /^([IVXL]{1,6})\s*[.)]\s+(.*)$|^([IVXL]{1,6})\s*[.)]$/u.exec(line);
  if (m) {
    const r = m[1] ?? m[3]!;
    return { label: { kind: 'roman', printed: r, ord: romanValue(r) }, rest: m[2] ?? '' };
  }
  m = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(.*)$/u.exec(line);
  if (m) return { label: { kind: 'num2', printed: m[1]!, ord: Number(m[1]!.split('.').pop()) }, rest: m[2]! };
  m = /^(\d{1,2})\s*[.)]\s+(.*)$|^(\d{1,2})\s*[.)]$|^(\d{1,2})\s*\/\s+(\p{Lu}.*)$/u.exec(line);
  if (m) {
    const n = m[1] ?? m[3] ?? m[4]!;
    return { label: { kind: 'num', printed: String(Number(n)), ord: Number(n) }, rest: m[2] ?? m[5] ?? '' };
  }
  m = /^([a-zđ])\s*\)\s*(.*)$|^([a-zđ])\.\s+(\p{Lu}.*)$/u.exec(line);
  if (m) {
    const l = m[1] ?? m[3]!;
    return { label: { kind: 'letter', printed: l, ord: LETTERS.indexOf(l) + 1 }, rest: m[2] ?? m[4] ?? '' };
  }
  return null;
}

export interface Para {
  index: number;
  /** The paragraph's text without its label or bullet; physical lines joined by spaces. */
  content: string;
  /** Offsets in `content` where a joined physical line starts (soft line breaks). */
  lineStarts: number[];
  label: Label | null;
  bullet: boolean;
}

const endsTerminal = (l: string): boolean => /[.;:!?]["”)]?$|\/\.?$/.test(l);
const startsLower = (l: string): boolean => /^\p{Ll}/u.test(l);

/** Joins the body's physical lines into paragraphs: OCR breaks lines inside sentences and pages inside
 * paragraphs; a line continues the paragraph when it starts in lower case, or when the previous line does not
 * end a sentence and no blank line separates them. */
export function buildParagraphs(lines: readonly string[]): Para[] {
  const paras: Para[] = [];
  let cur: Para | null = null;
  let lastLine = '';
  let blank = false;
  for (const line of lines) {
    if (!line) { blank = true; continue; }
    const lab = detectLabel(line);
    const bullet = !lab && /^[-+]\s*\S/.test(line);
    const labelOnly = cur?.label && cur.content === '';
    if (!lab && !bullet && cur && (labelOnly || startsLower(line) || (!blank && !endsTerminal(lastLine)))) {
      if (cur.content) cur.lineStarts.push(cur.content.length + 1);
      cur.content = cur.content ? `${cur.content} ${line}` : line;
    } else {
      const content = lab ? lab.rest : bullet ? line.replace(/^[-+]\s*/, '') : line;
      cur = { index: paras.length, content, lineStarts: [], label: lab?.label ?? null, bullet };
      paras.push(cur);
    }
    lastLine = line;
    blank = false;
  }
  return paras;
}

interface Node {
  label: Label | null;
  path: string | null;
  paras: Para[];
  children: Node[];
  parent: Node | null;
  lastOrd: Map<LabelKind, number>;
}

function pathOf(parent: Node, label: Label): string {
  if (label.kind === 'num2' && parent.label?.kind === 'num' && label.printed.startsWith(`${parent.label.ord}.`)) {
    return parent.parent?.path ? `${parent.parent.path}.${label.printed}` : label.printed;
  }
  return parent.path ? `${parent.path}.${label.printed}` : label.printed;
}

/** Builds the item tree; a label out of sequence (a number inside a sentence, OCR noise) is plain text. */
function buildTree(paras: readonly Para[]): { root: Node; order: Node[] } {
  const root: Node = { label: null, path: null, paras: [], children: [], parent: null, lastOrd: new Map() };
  const order: Node[] = [];
  let cur = root;
  for (const para of paras) {
    const label = para.label;
    if (label) {
      let p = cur;
      while (p !== root && p.label && RANK[p.label.kind] >= RANK[label.kind]) p = p.parent!;
      const last = p.lastOrd.get(label.kind) ?? 0;
      const ok = label.ord >= 1 && (last === 0 ? label.ord <= 2 : label.ord === last + 1 || label.ord === last + 2);
      if (ok && !(label.kind === 'dieu' && last === 0 && label.ord !== 1)) {
        p.lastOrd.set(label.kind, label.ord);
        const node: Node = { label, path: pathOf(p, label), paras: [para], children: [], parent: p, lastOrd: new Map() };
        p.children.push(node);
        order.push(node);
        cur = node;
        continue;
      }
      para.label = null;
    }
    cur.paras.push(para);
  }
  return { root, order };
}

// ---------------------------------------------------------------------------------------------------------------
// Assignments in one paragraph

interface Hit { text: string; order: number; titled: boolean }
interface Extraction { leads: Hit[]; supports: Hit[]; texts: { order: number; text: string }[] }

const CONNECTORS = new Set(['đồng thời', 'ngoài ra', 'riêng', 'trong đó', 'đặc biệt', 'trước mắt', 'sau đó', 'tiếp đó', 'mặt khác', 'bên cạnh đó']);
const INTRO = /^(cùng với|đồng thời|ngoài ra|bên cạnh|trên cơ sở|căn cứ|để|nhằm|trước|trong|qua|sau|khi|trường hợp|riêng|đối với|thời gian|hiện nay|tại|theo|với)\b/u;
const NARRATIVE = new Set(['đã', 'vừa', 'đang']);
const PERSON = /(đồng chí|đ\/c|phó chủ tịch|chủ tịch (ubnd|ủy ban nhân dân|uỷ ban nhân dân) tỉnh|lãnh đạo)/u;
/** The issuer's leaders, named with or without their name ("Phó Chủ tịch UBND tỉnh Nguyễn Văn A"): people. */
const ISSUER_LEADERS = /^(pho )?(chu tich|lanh dao|thuong truc) (ubnd|uy ban nhan dan) tinh\b/;
const APPOSITIVE = /^,\s*(nhất là|đặc biệt là|trong đó|kể cả)/u;

function phraseAt(toks: readonly Tok[], i: number, words: string): boolean {
  const w = words.split(' ');
  return w.every((x, k) => toks[i + k]?.low === x);
}

function extractPara(para: Para, lex: AgencyLexicon): Extraction {
  const text = para.content;
  const toks = tokenize(text, para.lineStarts);
  const consumed = new Uint8Array(toks.length);
  const leads: Hit[] = [];
  const supports: Hit[] = [];
  const base = para.index * 1_000_000;
  const spanText = (s: AgencySpan): string => clean(text.slice(toks[s.start]!.start, toks[s.end - 1]!.end)).replace(/[:;,.]+$/, '');
  // `subject`: the list is a clause's subject, where the issuing side (UBND tỉnh, Thủ tướng …) narrates or
  // assigns rather than receives work. The issuer's own officials ("Phó Chủ tịch UBND tỉnh …") are people.
  const add = (list: AgencySpan[], role: 'lead' | 'support', subject = false): void => {
    for (const s of list) {
      for (let k = s.start; k < s.end; k++) consumed[k] = 1;
      const t = spanText(s);
      if (!t || (subject && isIssuerLike(t)) || ISSUER_LEADERS.test(foldKey(t))) continue;
      (role === 'lead' ? leads : supports).push({ text: t, order: base + toks[s.start]!.start, titled: s.titled });
    }
  };
  const endOf = (list: AgencySpan[]): number => list[list.length - 1]!.end;

  // Triggers: "giao X", "đề nghị X", "yêu cầu X", "do X chủ trì", "phối hợp (với) X".
  for (let i = 0; i < toks.length; i++) {
    if (consumed[i]) continue;
    const t = toks[i]!;
    if (t.low === 'giao' && !['bàn', 'họp', 'chuyển', 'được'].includes(toks[i - 1]?.low ?? '')) {
      let j = i + 1;
      if (toks[j]?.low === 'cho') j++;
      else if (phraseAt(toks, j, 'nhiệm vụ cho')) j += 3;
      const list = readAgencyList(toks, j, lex);
      if (list.length) { add(list, 'lead'); i = endOf(list) - 1; }
      continue;
    }
    if ((phraseAt(toks, i, 'đề nghị') || phraseAt(toks, i, 'yêu cầu')) && toks[i + 2]?.low !== 'của') {
      const list = readAgencyList(toks, i + 2, lex);
      if (list.length) { add(list, 'lead'); i = endOf(list) - 1; }
      continue;
    }
    if (t.low === 'do') {
      const list = readAgencyList(toks, i + 1, lex);
      if (list.length && phraseAt(toks, endOf(list), 'chủ trì')) { add(list, 'lead'); i = endOf(list) - 1; }
      continue;
    }
    if (phraseAt(toks, i, 'phối hợp')) {
      let j = i + 2;
      while (['chặt', 'chẽ', 'với', 'cùng', 'tốt', 'thường', 'xuyên'].includes(toks[j]?.low ?? '')) j++;
      const list = readAgencyList(toks, j, lex, true);
      if (list.length) { add(list, 'support'); i = endOf(list) - 1; }
    }
  }

  // Clause subjects: an agency list at the start of a clause followed by its predicate, or a heading "Sở Y tế:".
  // A clause starts after . ; : ! ?, and after a short line without final punctuation (a heading such as
  // "1. Thành lập các tổ truy vết" above its text); a long line that breaks is an OCR wrap, not a clause end.
  const clauseStarts = [0];
  let lineStart = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.nl) {
      const words = toks.slice(lineStart, i).filter((x) => x.word).length;
      if (t.cap && words < 10 && clauseStarts[clauseStarts.length - 1] !== i) clauseStarts.push(i);
      lineStart = i;
    }
    if (['.', ';', ':', '!', '?'].includes(t.text)) clauseStarts.push(i + 1);
  }
  const agencySubject = new Set<number>();
  for (let c = 0; c < clauseStarts.length; c++) {
    const start = clauseStarts[c]!;
    const clauseEnd = clauseStarts[c + 1] ?? toks.length;
    let k = start;
    while (toks[k] && ['-', '+', '*'].includes(toks[k]!.text)) k++;
    for (const conn of CONNECTORS) {
      if (phraseAt(toks, k, conn)) { k += conn.split(' ').length; if (toks[k]?.text === ',') k++; break; }
    }
    if (k >= toks.length || consumed[k]) continue;
    const candidates = [k];
    if (INTRO.test(text.slice(toks[k]!.start, toks[k]!.start + 20).toLowerCase())) {
      for (let p = k + 1; p < clauseEnd; p++) if (toks[p]!.text === ',' && !consumed[p + 1]) candidates.push(p + 1);
    }
    for (const at of candidates) {
      const list = readAgencyList(toks, at, lex);
      if (!list.length) continue;
      let e = endOf(list);
      if (toks[e]?.text === '(') {
        while (e < toks.length && toks[e]!.text !== ')') e++;
        e++;
      }
      const nx = toks[e];
      const firm = list.every((s) => s.kind === 'specific' || s.titled);
      // What may follow a subject: its predicate ("tiếp tục", "chủ trì" — not the narrative "đã"), a colon
      // (a heading "Sở Y tế:"), nothing (a heading line); after a proper name also the clause's end.
      let ok: boolean;
      if (at !== k) ok = !!nx && isPredicateAt(toks, e) && !NARRATIVE.has(nx.low);
      else if (!nx || nx.text === ':') ok = true;
      else if (isPredicateAt(toks, e)) ok = !NARRATIVE.has(nx.low);
      else if (nx.text === ',') ok = firm || APPOSITIVE.test(text.slice(nx.start, nx.start + 20).toLowerCase());
      else ok = firm && (e >= clauseEnd || nx.text === ';' || nx.text === '.' || (nx.word && !nx.cap));
      if (!ok) continue;
      // "UBND tỉnh giao Sở Y tế …": the subject assigns, the trigger above took the assignee.
      const assigns = nx && (nx.low === 'giao' || phraseAt(toks, e, 'yêu cầu') || phraseAt(toks, e, 'đề nghị'));
      if (assigns && readAgencyList(toks, e + (nx.low === 'giao' ? 1 : 2), lex).length) break;
      add(list, 'lead', true);
      agencySubject.add(c);
      break;
    }
  }

  // "Giao đồng chí … chỉ đạo Sở Tài chính, Sở Y tế … tham mưu": the directed agencies do the work when the one
  // directing them is a person; when an agency directs ("UBND các huyện chỉ đạo các lực lượng …") it is the lead.
  for (let i = 0; i < toks.length; i++) {
    if (consumed[i] || !phraseAt(toks, i, 'chỉ đạo')) continue;
    const c = clauseStarts.filter((s) => s <= i).length - 1;
    if (agencySubject.has(c)) continue;
    const before = text.slice(toks[clauseStarts[c]!]?.start ?? 0, toks[i]!.start).toLowerCase();
    if (!PERSON.test(before)) continue;
    const list = readAgencyList(toks, i + 2, lex);
    if (list.length) add(list, 'lead');
  }

  leads.sort((a, b) => a.order - b.order);
  supports.sort((a, b) => a.order - b.order);
  return { leads, supports, texts: [{ order: base, text }] };
}

// ---------------------------------------------------------------------------------------------------------------
// Items → tasks

/** Whether two names are one agency: the same words, or (when one names the agency's head: "Chủ tịch UBND các
 * huyện", "Người đứng đầu các cơ quan, đơn vị") the same agency under the title. */
function isDup(a: Hit, list: readonly Hit[]): boolean {
  const fa = foldKey(a.text);
  const ka = agencyKey(a.text);
  return list.some((b) => {
    if (foldKey(b.text) === fa) return true;
    if (!a.titled && !b.titled) return false;
    const kb = agencyKey(b.text);
    return ka === kb || ka.startsWith(`${kb},`) || ka.startsWith(`${kb} `) || kb.startsWith(`${ka},`) || kb.startsWith(`${ka} `);
  });
}

function merge(into: Extraction, from: Extraction): Extraction {
  const leads = [...into.leads];
  for (const h of from.leads) if (!isDup(h, leads)) leads.push(h);
  const supports = [...into.supports];
  for (const h of from.supports) if (!supports.some((s) => foldKey(s.text) === foldKey(h.text))) supports.push(h);
  return { leads, supports, texts: [...into.texts, ...from.texts].sort((a, b) => a.order - b.order) };
}

function extractAll(paras: readonly Para[], lex: AgencyLexicon): Extraction {
  return paras.map((p) => extractPara(p, lex)).reduce((acc, e) => merge(acc, e), { leads: [], supports: [], texts: [] } as Extraction);
}

function summaryOf(e: Extraction): string {
  const text = clean(e.texts.map((t) => t.text).join(' '));
  if (text.length <= 200) return text;
  const cut = text.slice(0, 200);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 120))} …`;
}

function toTask(item: string | null, e: Extraction, year: number | null): DirectiveTask {
  let deadline: string | null = null;
  for (const t of e.texts) {
    deadline = findDeadline(t.text, year);
    if (deadline) break;
  }
  return {
    item,
    lead: e.leads.map((h) => h.text),
    support: e.supports.map((h) => h.text),
    deadline,
    summary: summaryOf(e),
  };
}

/** A closing formula after the last item ("… nghiêm túc triển khai thực hiện./.", "Văn phòng UBND tỉnh thông
 * báo để … biết, thực hiện", "Trong quá trình thực hiện, nếu có khó khăn …"): addressed to everyone, no task. */
const CLOSING =
  /(trien khai|to chuc|nghiem tuc|khan truong) thuc hien|thuc hien nghiem|duoc biet|\bbiet,? (va )?(thuc hien|trien khai)|thi hanh|thong bao de|tren day la|^day la|trong qua trinh (thuc hien|trien khai)|nhan duoc (cong van|van ban|chi thi|ke hoach|thong bao|cong dien)|voi noi dung tren|^can cu (noi dung|y kien)|^thua lenh/;

function isClosing(p: Para): boolean {
  return CLOSING.test(foldKey(p.content));
}

/** Tasks of the body: one per item that gives work to an agency; unnumbered work in a text without items,
 * or after the last item, is a task without an item label. */
export function extractTasks(paras: readonly Para[], lex: AgencyLexicon, year: number | null): DirectiveTask[] {
  const { root, order } = buildTree(paras);
  const tasks: DirectiveTask[] = [];
  const unnumbered: DirectiveTask[] = [];

  // After the last item: closing formulas are dropped, explicit assignments are unnumbered tasks. Under a
  // decision's last article ("Điều 3. … Chánh Văn phòng …, Giám đốc … chịu trách nhiệm thi hành") the
  // paragraphs are the article's own.
  const lastTop = root.children[root.children.length - 1];
  const last = order[order.length - 1];
  if (last && lastTop?.label?.kind !== 'dieu') {
    // A heading-only last item ("III. TỔ CHỨC THỰC HIỆN") keeps its first paragraph: that is its content.
    const headingOnly = !last.paras[0]!.content || (isUpperText(last.paras[0]!.content) && !endsTerminal(last.paras[0]!.content));
    while (last.paras.length > (headingOnly ? 2 : 1)) {
      const p = last.paras[last.paras.length - 1]!;
      if (p.bullet || p.label) break;
      if (isClosing(p)) { last.paras.pop(); continue; }
      const e = extractPara(p, lex);
      const firm = /^(giao|de nghi)\b/.test(foldKey(p.content)) || /\bchu tri\b/.test(foldKey(p.content));
      if (firm && e.leads.length) {
        unnumbered.unshift(toTask(null, e, year));
        last.paras.pop();
        continue;
      }
      break;
    }
  }

  if (!order.length) {
    // No numbered items: each paragraph that gives work is a task (closing formulas aside).
    let prev: { e: Extraction } | null = null;
    const drafts: Extraction[] = [];
    for (const p of root.paras) {
      if (isClosing(p)) continue;
      const e = extractPara(p, lex);
      if (e.leads.length) { prev = { e }; drafts.push(e); }
      else if (prev && e.supports.length) drafts[drafts.length - 1] = merge(drafts[drafts.length - 1]!, e);
    }
    return drafts.map((e) => toTask(null, e, year));
  }

  const visit = (node: Node): { tasks: DirectiveTask[]; merged: Extraction } => {
    let merged = extractAll(node.paras, lex);
    const below: DirectiveTask[] = [];
    for (const child of node.children) {
      const r = visit(child);
      const stands = r.merged.leads.some((h) => !isDup(h, merged.leads));
      if (stands) below.push(toTask(child.path, r.merged, year), ...r.tasks);
      else {
        merged = merge(merged, r.merged);
        below.push(...r.tasks);
      }
    }
    return { tasks: below, merged };
  };
  for (const top of root.children) {
    const r = visit(top);
    if (r.merged.leads.length || r.merged.supports.length) tasks.push(toTask(top.path, r.merged, year));
    tasks.push(...r.tasks);
  }
  return [...tasks, ...unnumbered];
}
