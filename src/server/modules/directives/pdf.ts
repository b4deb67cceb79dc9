// Best-effort text of a PDF, without a library: the text-showing operators (Tj, TJ, ', ") of the pages'
// content streams, uncompressed or FlateDecode, objects inside object streams included; strings decoded
// through the font's ToUnicode map when it has one (how Vietnamese text is written in PDFs made by Word or
// LibreOffice: Type0 fonts with 2-byte glyph codes), else as WinAnsi. A scanned PDF has no text operators at
// all: that is reported as 'no_text_layer' (OCR it first), never as an empty document.
import zlib from 'node:zlib';

export type PdfTextStatus = 'ok' | 'partial' | 'no_text_layer' | 'unsupported';
export interface PdfText { text: string; status: PdfTextStatus; pages: number; note: string | null }

interface PdfObject { dict: string; raw: Buffer | null }

const latin1 = (b: Buffer): string => b.toString('latin1');
const win1252 = new TextDecoder('windows-1252');

/** Splits the file into its numbered objects (dictionary text, raw stream bytes). */
function readObjects(buf: Buffer): Map<number, PdfObject> {
  const s = latin1(buf);
  const objs = new Map<number, PdfObject>();
  const re = /(\d+)\s+\d+\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const num = Number(m[1]);
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    const streamAt = s.indexOf('stream', start);
    if (streamAt >= 0 && (end < 0 || streamAt < end) && s.slice(start, streamAt).includes('<<')) {
      const dict = s.slice(start, streamAt);
      let dataStart = streamAt + 6;
      if (s[dataStart] === '\r') dataStart++;
      if (s[dataStart] === '\n') dataStart++;
      const len = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(dict);
      let dataEnd = len ? dataStart + Number(len[1]) : -1;
      if (dataEnd < 0 || dataEnd > s.length || !/^\s*endstream/.test(s.slice(dataEnd, dataEnd + 20))) {
        dataEnd = s.indexOf('endstream', dataStart);
        if (dataEnd < 0) dataEnd = s.length;
        while (dataEnd > dataStart && (s[dataEnd - 1] === '\n' || s[dataEnd - 1] === '\r')) dataEnd--;
      }
      objs.set(num, { dict, raw: buf.subarray(dataStart, dataEnd) });
      re.lastIndex = Math.max(re.lastIndex, dataEnd);
    } else {
      objs.set(num, { dict: s.slice(start, end < 0 ? s.length : end), raw: null });
      if (end > 0) re.lastIndex = end;
    }
  }
  return objs;
}

function filtersOf(dict: string): string[] {
  const f = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '';
  return [...f.matchAll(/\/(\w+)/g)].map((x) => x[1]!);
}

function asciiHex(b: Buffer): Buffer {
  const hex = latin1(b).replace(/>.*$/s, '').replace(/[^0-9a-fA-F]/g, '');
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}

function ascii85(b: Buffer): Buffer {
  const s = latin1(b).replace(/^<~/, '').replace(/~>.*$/s, '').replace(/\s/g, '');
  const out: number[] = [];
  let group: number[] = [];
  for (const ch of s) {
    if (ch === 'z' && group.length === 0) { out.push(0, 0, 0, 0); continue; }
    group.push(ch.charCodeAt(0) - 33);
    if (group.length === 5) {
      let v = 0;
      for (const g of group) v = v * 85 + g;
      out.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
      group = [];
    }
  }
  if (group.length) {
    const n = group.length;
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const g of group) v = v * 85 + g;
    out.push(...[(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].slice(0, n - 1));
  }
  return Buffer.from(out);
}

/** The decoded bytes of a stream, or null when a filter is not one we read (images: DCT, JBIG2 …). */
function decodeStream(o: PdfObject): Buffer | null {
  if (!o.raw) return null;
  let data: Buffer = o.raw;
  for (const f of filtersOf(o.dict)) {
    try {
      if (f === 'FlateDecode' || f === 'Fl') {
        try {
          data = zlib.inflateSync(data, { maxOutputLength: 64 * 1024 * 1024 });
        } catch {
          // Streams cut short or with trailing garbage still give their beginning.
          data = zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 64 * 1024 * 1024 });
        }
      } else if (f === 'ASCIIHexDecode' || f === 'AHx') data = asciiHex(data);
      else if (f === 'ASCII85Decode' || f === 'A85') data = ascii85(data);
      else return null;
    } catch {
      return null;
    }
  }
  return data;
}

/** Objects stored inside object streams (PDF 1.5): their dictionaries join the map. */
function expandObjectStreams(objs: Map<number, PdfObject>): void {
  for (const o of [...objs.values()]) {
    if (!/\/Type\s*\/ObjStm\b/.test(o.dict)) continue;
    const data = decodeStream(o);
    if (!data) continue;
    const n = Number(/\/N\s+(\d+)/.exec(o.dict)?.[1] ?? 0);
    const first = Number(/\/First\s+(\d+)/.exec(o.dict)?.[1] ?? 0);
    const s = latin1(data);
    const head = s.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i < n; i++) {
      const num = head[2 * i]!;
      const off = first + head[2 * i + 1]!;
      const next = i + 1 < n ? first + head[2 * i + 3]! : s.length;
      if (!objs.has(num)) objs.set(num, { dict: s.slice(off, next), raw: null });
    }
  }
}

const refOf = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** The part of a dictionary under a key: "<< … >>" (balanced), "[ … ]", or an indirect object's dictionary. */
function subDict(dict: string, key: string, objs: Map<number, PdfObject>): string {
  const at = new RegExp(`/${key}(?![A-Za-z0-9])\\s*`).exec(dict);
  if (!at) return '';
  let i = at.index + at[0].length;
  if (dict.startsWith('<<', i)) {
    let depth = 0;
    for (let j = i; j < dict.length - 1; j++) {
      if (dict.startsWith('<<', j)) { depth++; j++; } else if (dict.startsWith('>>', j)) { depth--; j++; if (depth === 0) return dict.slice(i, j + 1); }
    }
    return dict.slice(i);
  }
  const ref = /^(\d+)\s+\d+\s+R/.exec(dict.slice(i));
  if (ref) return objs.get(Number(ref[1]))?.dict ?? '';
  if (dict[i] === '[') return dict.slice(i, dict.indexOf(']', i) + 1);
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts

interface Font { bytes: 1 | 2; map: Map<number, string> | null }

function hexToString(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  if (hex.length === 2) out = String.fromCharCode(parseInt(hex, 16));
  return out;
}

function parseCMap(s: string): { map: Map<number, string>; bytes: 1 | 2 } {
  const map = new Map<number, string>();
  let bytes: 1 | 2 = 2;
  const cs = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(s);
  if (cs && cs[1]!.length <= 2) bytes = 1;
  for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(m[1]!, 16), hexToString(m[2]!));
  }
  for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = Math.min(parseInt(m[2]!, 16), lo + 65535);
      const dst = m[3]!;
      if (dst.startsWith('[')) {
        const list = [...dst.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => hexToString(x[1]!));
        for (let c = lo; c <= hi && c - lo < list.length; c++) map.set(c, list[c - lo]!);
      } else {
        const base = dst.slice(1, -1);
        const str = hexToString(base);
        const last = str.charCodeAt(str.length - 1);
        for (let c = lo; c <= hi; c++) map.set(c, str.slice(0, -1) + String.fromCharCode(last + (c - lo)));
      }
    }
  }
  return { map, bytes };
}

function readFont(o: PdfObject | undefined, objs: Map<number, PdfObject>): Font {
  if (!o) return { bytes: 1, map: null };
  const type0 = /\/Subtype\s*\/Type0\b/.test(o.dict) || /\/Encoding\s*\/Identity-[HV]\b/.test(o.dict);
  const tu = refOf(o.dict, 'ToUnicode');
  if (tu !== null) {
    const cm = objs.get(tu);
    const data = cm ? decodeStream(cm) : null;
    if (data) {
      const { map, bytes } = parseCMap(latin1(data));
      return { bytes: type0 ? 2 : bytes, map };
    }
  }
  return { bytes: type0 ? 2 : 1, map: null };
}

/** Font resource names ("/F1") → font objects, from every /Font resource dictionary of the file. */
function fontResources(objs: Map<number, PdfObject>): Map<string, Font> {
  const fonts = new Map<string, Font>();
  const cache = new Map<number, Font>();
  for (const o of objs.values()) {
    if (!/\/Font\b/.test(o.dict) || /\/Type\s*\/Font\b/.test(o.dict)) continue;
    const res = subDict(o.dict, 'Font', objs);
    for (const m of res.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)) {
      const num = Number(m[2]);
      if (!cache.has(num)) cache.set(num, readFont(objs.get(num), objs));
      fonts.set(m[1]!, cache.get(num)!);
    }
  }
  return fonts;
}

// ---------------------------------------------------------------------------------------------------------------
// Content streams

type Operand = { t: 'num'; v: number } | { t: 'str'; v: Buffer } | { t: 'name'; v: string } | { t: 'arr'; v: Operand[] } | { t: 'other' };

/** Tokens of a content stream, grouped as operator calls: operands then the operator. */
function* operations(data: Buffer): Generator<{ op: string; args: Operand[] }> {
  const s = latin1(data);
  let i = 0;
  let stack: Operand[] = [];
  const arrays: Operand[][] = [];
  const push = (x: Operand) => (arrays.length ? arrays[arrays.length - 1]!.push(x) : stack.push(x));
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0') { i++; continue; }
    if (c === '%') { while (i < n && s[i] !== '\n' && s[i] !== '\r') i++; continue; }
    if (c === '(') {
      const bytes: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const ch = s[i]!;
        if (ch === '\\') {
          const nx = s[i + 1] ?? '';
          const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
          if (nx in esc) { bytes.push(esc[nx]!); i += 2; continue; }
          if (/[0-7]/.test(nx)) {
            const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4))![0];
            bytes.push(parseInt(oct, 8) & 255);
            i += 1 + oct.length;
            continue;
          }
          if (nx === '\r') { i += s[i + 2] === '\n' ? 3 : 2; continue; }
          if (nx === '\n') { i += 2; continue; }
          i++;
          continue;
        }
        if (ch === '(') depth++;
        else if (ch === ')') { depth--; if (depth === 0) { i++; break; } }
        bytes.push(ch.charCodeAt(0));
        i++;
      }
      push({ t: 'str', v: Buffer.from(bytes) });
      continue;
    }
    if (c === '<' && s[i + 1] === '<') { i += 2; push({ t: 'other' }); continue; }
    if (c === '>' && s[i + 1] === '>') { i += 2; continue; }
    if (c === '<') {
      const end = s.indexOf('>', i);
      const hex = s.slice(i + 1, end < 0 ? n : end).replace(/[^0-9a-fA-F]/g, '');
      push({ t: 'str', v: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex') });
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '[') { arrays.push([]); i++; continue; }
    if (c === ']') { const a = arrays.pop() ?? []; push({ t: 'arr', v: a }); i++; continue; }
    if (c === '/') {
      let j = i + 1;
      while (j < n && !/[\s/<>[\]()%{}]/.test(s[j]!)) j++;
      push({ t: 'name', v: s.slice(i + 1, j) });
      i = j;
      continue;
    }
    let j = i;
    while (j < n && !/[\s/<>[\]()%{}]/.test(s[j]!)) j++;
    if (j === i) { i++; continue; }
    const word = s.slice(i, j);
    i = j;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) { push({ t: 'num', v: Number(word) }); continue; }
    if (word === 'true' || word === 'false' || word === 'null') { push({ t: 'other' }); continue; }
    if (word === 'BI') {
      // An inline image: skip its data up to "EI".
      const id = s.indexOf(' ID', i);
      const ei = id < 0 ? -1 : s.indexOf('EI', id + 3);
      i = ei < 0 ? n : ei + 2;
      stack = [];
      continue;
    }
    if (arrays.length) { stack.push({ t: 'other' }); continue; }
    yield { op: word, args: stack };
    stack = [];
  }
}

interface Extracted { text: string; shown: number; undecoded: number }

function decodeString(b: Buffer, font: Font | undefined, counts: { undecoded: number }): string {
  if (font?.map) {
    let out = '';
    const step = font.bytes;
    for (let i = 0; i + step <= b.length; i += step) {
      const code = step === 2 ? b.readUInt16BE(i) : b[i]!;
      const u = font.map.get(code);
      if (u === undefined) counts.undecoded++;
      else out += u;
    }
    return out;
  }
  if (font?.bytes === 2) { counts.undecoded += b.length / 2; return ''; }
  return win1252.decode(b);
}

function extractFromContent(data: Buffer, fonts: Map<string, Font>): Extracted {
  let text = '';
  let font: Font | undefined;
  let shown = 0;
  const counts = { undecoded: 0 };
  let lastY: number | null = null;
  const newline = () => { if (text && !text.endsWith('\n')) text += '\n'; };
  const space = () => { if (text && !/\s$/.test(text)) text += ' '; };
  for (const { op, args } of operations(data)) {
    switch (op) {
      case 'Tf': { const nm = args.find((a) => a.t === 'name'); font = nm && nm.t === 'name' ? fonts.get(nm.v) : undefined; break; }
      case 'Tj': case "'": case '"': {
        if (op !== 'Tj') newline();
        const str = args.filter((a): a is { t: 'str'; v: Buffer } => a.t === 'str').pop();
        if (str) { text += decodeString(str.v, font, counts); shown++; }
        break;
      }
      case 'TJ': {
        const arr = args.find((a) => a.t === 'arr');
        if (arr && arr.t === 'arr') {
          for (const el of arr.v) {
            if (el.t === 'str') { text += decodeString(el.v, font, counts); shown++; }
            else if (el.t === 'num' && el.v < -180) space();
          }
        }
        break;
      }
      case 'Td': case 'TD': {
        const nums = args.filter((a) => a.t === 'num').map((a) => (a as { v: number }).v);
        if (nums.length >= 2 && Math.abs(nums[1]!) > 0.01) newline();
        else if (nums.length >= 2 && nums[0]! > 0.01) space();
        break;
      }
      case 'T*': newline(); break;
      case 'Tm': {
        const nums = args.filter((a) => a.t === 'num').map((a) => (a as { v: number }).v);
        const y = nums[5];
        if (y !== undefined) {
          if (lastY !== null && Math.abs(y - lastY) > 0.5) newline();
          else space();
          lastY = y;
        }
        break;
      }
      case 'ET': space(); break;
      default: break;
    }
  }
  return { text, shown, undecoded: counts.undecoded };
}

/** Page content streams in page order (page tree from the catalog), or every content-like stream as fallback. */
function pageContents(objs: Map<number, PdfObject>): { pages: number; streams: PdfObject[] } {
  const pages: number[] = [];
  const seen = new Set<number>();
  const walk = (num: number, depth: number) => {
    if (seen.has(num) || depth > 50) return;
    seen.add(num);
    const o = objs.get(num);
    if (!o) return;
    if (/\/Type\s*\/Pages\b/.test(o.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(k[1]), depth + 1);
    } else if (/\/Type\s*\/Page\b/.test(o.dict)) pages.push(num);
  };
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  const root = catalog ? refOf(catalog.dict, 'Pages') : null;
  if (root !== null) walk(root, 0);
  if (!pages.length) for (const [num, o] of [...objs.entries()].sort((a, b) => a[0] - b[0])) if (/\/Type\s*\/Page\b/.test(o.dict)) pages.push(num);
  const streams: PdfObject[] = [];
  for (const p of pages) {
    const dict = objs.get(p)!.dict;
    const c = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(dict)?.[1] ?? '';
    for (const r of c.matchAll(/(\d+)\s+\d+\s+R/g)) {
      const o = objs.get(Number(r[1]));
      if (o?.raw) streams.push(o);
    }
    // Text drawn inside form XObjects of the page.
    const xo = subDict(subDict(dict, 'Resources', objs) || dict, 'XObject', objs);
    for (const r of xo.matchAll(/(\d+)\s+\d+\s+R/g)) {
      const o = objs.get(Number(r[1]));
      if (o?.raw && /\/Subtype\s*\/Form\b/.test(o.dict)) streams.push(o);
    }
  }
  return { pages: pages.length, streams };
}

/** The text of a PDF file, best effort; see the module comment for what is read. */
export function readPdfText(buf: Buffer): PdfText {
  if (latin1(buf.subarray(0, 1024)).indexOf('%PDF-') < 0) return { text: '', status: 'unsupported', pages: 0, note: 'not a PDF file' };
  const objs = readObjects(buf);
  expandObjectStreams(objs);
  if ([...objs.values()].some((o) => /\/Encrypt\s+\d+\s+\d+\s+R|\/Filter\s*\/Standard\b/.test(o.dict)) || /\/Encrypt\s+\d+\s+\d+\s+R/.test(latin1(buf.subarray(-2048)))) {
    return { text: '', status: 'unsupported', pages: 0, note: 'the PDF is encrypted' };
  }
  const fonts = fontResources(objs);
  const { pages, streams } = pageContents(objs);
  const parts: string[] = [];
  let shown = 0;
  let undecoded = 0;
  let unreadable = 0;
  for (const o of streams) {
    const data = decodeStream(o);
    if (!data) { unreadable++; continue; }
    const r = extractFromContent(data, fonts);
    shown += r.shown;
    undecoded += r.undecoded;
    if (r.text.trim()) parts.push(r.text);
  }
  const text = parts.join('\n\f\n').split('\n').map((l) => l.replace(/[ \t]+/g, ' ').trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
  const hasImages = [...objs.values()].some((o) => /\/Subtype\s*\/Image\b/.test(o.dict));
  if (shown === 0 || !/[\p{L}\p{N}]/u.test(text)) {
    if (undecoded > 0) return { text: '', status: 'partial', pages, note: 'the text uses fonts without a Unicode map and cannot be decoded' };
    return {
      text: '', status: 'no_text_layer', pages,
      note: hasImages ? 'the PDF holds only images (a scan): it has no text layer; run OCR first' : 'the PDF has no text layer',
    };
  }
  if (undecoded > 0 || unreadable > 0) {
    return { text, status: 'partial', pages, note: undecoded > 0 ? 'some characters use fonts without a Unicode map' : 'some content streams use filters that are not read' };
  }
  return { text, status: 'ok', pages, note: null };
}
