// parseDirective: the text of a Vietnamese administrative document (chỉ thị, công văn, thông báo, kế hoạch,
// quyết định, công điện …) → its metadata and the tasks it assigns, in the shape of
// shared/seeds/directive-parse.schema.json. Pure: no I/O, no clock; the agency registry comes in as data.
import type { AgencyEntry, DirectiveErrorCode, ParsedDirective } from '../../../contracts/directives.ts';
import { DEFAULT_AGENCY_REGISTRY, agencyLexicon } from './agencies.ts';
import { readHeader } from './header.ts';
import { findReferences } from './references.ts';
import { readSigner, signatureStart } from './signer.ts';
import { buildParagraphs, extractTasks } from './tasks.ts';
import { clean, foldKey, normalizeUnicode, prepareLines } from './text.ts';

/** Larger inputs are not directives (the longest plans run to some tens of pages). */
export const MAX_DIRECTIVE_CHARS = 2_000_000;

/** The parser's only error: input that is not the text of a document. `code` is stable (for the API and CLI). */
export class DirectiveParseError extends Error {
  readonly code: DirectiveErrorCode;
  constructor(code: DirectiveErrorCode, message: string) {
    super(message);
    this.name = 'DirectiveParseError';
    this.code = code;
  }
}

function checkInput(text: unknown): string {
  if (typeof text !== 'string') throw new DirectiveParseError('directive.not_text', 'The input is not text');
  if (text.length > MAX_DIRECTIVE_CHARS) {
    throw new DirectiveParseError('directive.too_large', `The text is longer than ${MAX_DIRECTIVE_CHARS} characters`);
  }
  // Binary data read as text: NUL bytes, or many control or replacement characters.
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  if (text.includes('\u0000') || (controls > 8 && controls / text.length > 0.05)) {
    throw new DirectiveParseError('directive.not_text', 'The input looks like binary data, not text');
  }
  if (!/[\p{L}\p{N}]/u.test(text)) throw new DirectiveParseError('directive.empty', 'The text is empty');
  return text;
}

/** "Văn phòng UBND tỉnh thông báo để …": who announces, when the header is missing (a thông báo kết luận). */
function issuerFromBody(body: string): string | null {
  const re = /(?:^|[,.;]\s*)((?:Văn phòng|VP|Ban Chỉ đạo|BCĐ|Ủy ban nhân dân|UBND|Sở)\s[^,.;:\n]{0,60}?)\s+(?:xin\s+)?thông báo\b/gu;
  let last: string | null = null;
  for (const m of body.matchAll(re)) last = m[1]!;
  if (!last) return null;
  return clean(last.replace(/\bUBND\b/gu, 'Ủy ban nhân dân').replace(/\bBCĐ\b/gu, 'Ban Chỉ đạo').replace(/^VP\b/u, 'Văn phòng'));
}

/**
 * Parses the text of a directive. Throws DirectiveParseError only (directive.empty, directive.not_text,
 * directive.too_large); any other text gives a result of the schema's shape, with nulls and empty lists for
 * what it does not say.
 */
export function parseDirective(text: string, registry: readonly AgencyEntry[] = DEFAULT_AGENCY_REGISTRY): ParsedDirective {
  const lines = prepareLines(normalizeUnicode(checkInput(text)));
  if (!lines.some((l) => /[\p{L}\p{N}]/u.test(l))) throw new DirectiveParseError('directive.empty', 'The text is empty');
  const lex = agencyLexicon(registry);
  const header = readHeader(lines, lex.names);

  // The body ends at "Nơi nhận" (Decree 30 Điều 8 i) or at the signature block, whichever comes first.
  let bodyEnd = lines.length;
  for (let i = header.bodyStart; i < lines.length; i++) {
    if (/^noi\s*nhan\b/.test(foldKey(lines[i]!))) { bodyEnd = i; break; }
  }
  const sig = signatureStart(lines, header.bodyStart);
  if (sig >= 0 && sig < bodyEnd) bodyEnd = sig;
  const signer = readSigner(lines, bodyEnd, lex.names);
  const paras = buildParagraphs(lines.slice(header.bodyStart, bodyEnd));
  const body = paras.map((p) => p.content).join('\n');

  const issuer = header.issuer ?? issuerFromBody(body);
  const references = findReferences(`${header.subject ?? ''}\n${body}`, header.number, lex);
  const yearText = header.date?.slice(0, 4) ?? /\b(?:19|20)\d{2}\b/.exec(body)?.[0];
  const tasks = extractTasks(paras, lex, yearText ? Number(yearText) : null);
  const docType = header.docType ?? (tasks.length || signer ? 'Công văn' : null);

  return {
    issuer: issuer ? clean(issuer) : null,
    number: header.number,
    doc_type: docType,
    place: header.place ? clean(header.place) : null,
    date: header.date,
    subject: header.subject ? clean(header.subject) : null,
    references,
    recipients: header.recipients.map(clean).filter(Boolean),
    signer,
    tasks,
  };
}
