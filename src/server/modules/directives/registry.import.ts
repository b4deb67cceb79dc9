// Directive import: pasted text or an uploaded file → the parser's result with, for the review screen, the span
// of text each value came from, the agencies resolved against the registry, the cited documents found in the
// registry and the "ĐẾN" stamp of a received copy. Confirming registers the document as incoming (arrival
// number from the year's series) with its links and creates its tasks on the board.
import type { ImportConfirmBody, ImportParseResult } from '../../../contracts/directives.documents.ts';
import type { ParsedDirective } from '../../../contracts/directives.ts';
import type { Actor } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import { invalid } from '../../platform/errors.ts';
import { resolveTaskAgencies } from './agencies.ts';
import { DirectiveParseError, parseDirective } from './parse.ts';
import {
  agencyRegistry, ARRIVAL_SERIES, cleanSymbol, decodeUpload, findDuplicate, insertDocument, matchReference, peekNextNumber, storeAttachment, yearOf,
} from './registry.ts';
import { extractText, type ExtractedText } from './registry.extract.ts';
import { locateSpans, readArrivalStamp } from './registry.spans.ts';
import { createTasks } from './tasks.board.ts';
import { normalizeUnicode } from './text.ts';

/** The text as shown and stored: NFC, Unix line ends (spans are offsets into it). */
export const importText = (s: string): string => normalizeUnicode(s.replace(/\r\n?/g, '\n')).replace(/^\ufeff/, '');

function textOfFile(file: { fileName: string; contentBase64: string }): { text: string; extracted: ExtractedText } {
  const extracted = extractText(file.fileName, decodeUpload(file));
  if (extracted.status === 'no_text_layer') throw invalid('directive.no_text_layer', { note: extracted.note });
  if (extracted.status === 'unsupported') throw invalid('directive.file_unreadable', { note: extracted.note });
  return { text: extracted.text, extracted };
}

export async function parseForImport(db: Db, body: { text?: string; file?: { fileName: string; contentBase64: string } }, today: string): Promise<ImportParseResult> {
  if ((body.text === undefined || body.text.trim() === '') === !body.file) throw invalid('directive.text_or_file');
  const fromFile = body.file ? textOfFile(body.file) : null;
  const text = importText(fromFile ? fromFile.text : body.text!);
  const registry = await agencyRegistry(db);
  let parsed: ParsedDirective;
  try {
    parsed = parseDirective(text, registry);
  } catch (e) {
    if (e instanceof DirectiveParseError) throw invalid(e.code);
    throw e;
  }
  const referenceTargets = [];
  for (const r of parsed.references) referenceTargets.push(await matchReference(db, r));
  return {
    text,
    source: fromFile && body.file ? { fileName: body.file.fileName, mediaType: fromFile.extracted.mediaType, textStatus: fromFile.extracted.status, note: fromFile.extracted.note } : null,
    parsed,
    spans: locateSpans(text, parsed),
    stamp: readArrivalStamp(text),
    resolved: resolveTaskAgencies(parsed.tasks, registry).map((t) => ({ lead: t.lead, support: t.support })),
    referenceTargets,
    duplicateOf: await findDuplicate(db, cleanSymbol(parsed.number), parsed.date),
    nextArrivalNumber: await peekNextNumber(db, ARRIVAL_SERIES, yearOf(today)),
  };
}

/** Registers the reviewed document and creates its tasks, in one transaction. */
export async function confirmImport(db: Db, actor: Actor, body: ImportConfirmBody, today: string) {
  const text = importText(body.text);
  const file = body.attachment ? { file: body.attachment, data: decodeUpload(body.attachment) } : null;
  const extracted = file ? extractText(file.file.fileName, file.data) : null;
  const registry = await agencyRegistry(db);
  const d = body.document;
  // What the officer confirmed, in the parser's shape: the ground truth for this document.
  const confirmed: ParsedDirective = {
    issuer: d.issuer, number: cleanSymbol(d.symbol), doc_type: d.docType, place: d.place ?? null, date: d.date, subject: d.subject,
    references: d.references, recipients: d.recipients, signer: d.signer ?? null,
    tasks: body.tasks.map((t) => ({ item: t.item, lead: t.lead.map((l) => l.name), support: t.support.map((s) => s.name), deadline: t.deadline, summary: t.summary })),
  };
  return db.transaction().execute(async (tx) => {
    const doc = await insertDocument(tx, actor, {
      direction: 'incoming', fields: d, bodyText: text, parsed: confirmed, arrival: body.arrival, allowDuplicate: body.allowDuplicate,
    }, today);
    if (file && extracted) await storeAttachment(tx, actor, { documentId: doc.id }, file.file, file.data, extracted);
    const taskIds = await createTasks(tx, actor, doc.id, body.tasks, text, registry);
    return { documentId: doc.id, symbol: doc.symbol, arrivalNumber: doc.arrivalNumber, number: doc.number, taskIds };
  });
}
