// The document registry: incoming documents (arrival number and date from one yearly series, handler, file
// reference: the "ĐẾN" stamp), outgoing ones (numbers restarting every year per issuer), the documents they
// implement (căn cứ, matched by number and date, also when the cited document is registered later),
// attachments with their extracted text, and diacritics-insensitive search over number, subject and text.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type {
  AgencyRef, DocumentFields, DocumentQuery, DocumentRegister, FileUpload,
} from '../../../contracts/directives.documents.ts';
import { MAX_UPLOAD_BYTES } from '../../../contracts/directives.documents.ts';
import type { AgencyEntry, DirectiveReference } from '../../../contracts/directives.ts';
import { foldVietnamese } from '../../../contracts/identity.ts';
import type { Actor } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { extractText, type ExtractedText } from './registry.extract.ts';

export const actorId = (actor: Actor): number | null => (actor.id > 0 ? actor.id : null);
/** Text as stored: NFC, trimmed, null when empty. */
export const nz = (s: string | null | undefined): string | null => {
  const t = (s ?? '').normalize('NFC').trim();
  return t || null;
};

/** "1883 /UBND-VX" → "1883/UBND-VX": the symbol as stored and compared. */
export const cleanSymbol = (s: string | null | undefined): string | null => {
  const t = (s ?? '').normalize('NFC').replace(/\s+/g, '').replace(/^Số:?/iu, '');
  return t || null;
};
/** The leading number of a symbol ("1883/UBND-VX" → 1883), null for a blank number ("…/UBND-KGVX"). */
export const numberOf = (symbol: string | null): number | null => {
  const m = /^(\d{1,6})\//.exec(symbol ?? '');
  return m ? Number(m[1]) : null;
};
/** Decree 30: numbers below 10 are written with a leading zero ("05/UBND-VX"). */
export const formatSymbol = (n: number, suffix: string): string => `${String(n).padStart(2, '0')}/${suffix}`;
export const yearOf = (date: string): number => Number(date.slice(0, 4));

// ---------------------------------------------------------------------------------------------------------------
// Agencies

export interface RegistryAgency extends AgencyEntry { kind: string; communeCode: string | null }

/** The agency registry (table agencies) as the parser's registry: code, name, short name and aliases. */
export async function agencyRegistry(db: Db): Promise<RegistryAgency[]> {
  const r = await sql<{ code: string; name: string; short_name: string; aliases: string[]; kind: string; commune_code: string | null }>`
    select code, name, short_name, aliases, kind, commune_code from agencies where active order by commune_code nulls first, id`.execute(db);
  return r.rows.map((a) => ({
    code: a.code, name: a.name, aliases: [...new Set([a.short_name, ...a.aliases])], kind: a.kind, communeCode: a.commune_code,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/**
 * The next number of a series ('in' or 'out:<issuer>') for a year, or records a number given by hand (the
 * counter moves up to it). Runs inside the caller's transaction: the counter row stays locked until it
 * commits, so two concurrent registrations never get the same number and a rolled-back one leaves no gap.
 */
export async function allocateNumber(tx: Db, series: string, year: number, given?: number | null): Promise<number> {
  if (given != null) {
    await sql`insert into document_counters (series, year, last_number) values (${series}, ${year}, ${given})
      on conflict (series, year) do update set last_number = greatest(document_counters.last_number, excluded.last_number)`.execute(tx);
    return given;
  }
  const r = await sql<{ n: number }>`insert into document_counters (series, year, last_number) values (${series}, ${year}, 1)
    on conflict (series, year) do update set last_number = document_counters.last_number + 1 returning last_number as n`.execute(tx);
  return r.rows[0]!.n;
}

export async function peekNextNumber(db: Db, series: string, year: number): Promise<number> {
  const r = await sql<{ n: number }>`select last_number as n from document_counters where series = ${series} and year = ${year}`.execute(db);
  return (r.rows[0]?.n ?? 0) + 1;
}

export const ARRIVAL_SERIES = 'in';
export const outgoingSeries = (issuerCode: string): string => `out:${issuerCode}`;

// ---------------------------------------------------------------------------------------------------------------
// References (căn cứ)

export interface DocRef { id: number; symbol: string | null; subject: string | null; docDate: string | null; docType: string | null }

/** The registered document a citation stands for: same number and symbol, and same date when the citation
 * gives one; when it gives none, only an unambiguous match. */
export async function matchReference(db: Db, ref: { number: string | null; date: string | null }, exceptId?: number): Promise<DocRef | null> {
  const symbol = cleanSymbol(ref.number);
  if (!symbol || numberOf(symbol) === null) return null;
  const r = await sql<DocRef>`select id, symbol, subject, doc_date as "docDate", doc_type as "docType" from documents
    where lower(symbol) = lower(${symbol}) and (${ref.date}::date is null or doc_date = ${ref.date}::date or doc_date is null)
      and id <> ${exceptId ?? 0}
    order by (doc_date = ${ref.date}::date) desc nulls last, id limit 2`.execute(db);
  if (r.rows.length === 1 || (r.rows.length > 1 && ref.date && r.rows[0]!.docDate === ref.date)) return r.rows[0]!;
  return null;
}

async function insertLinks(tx: Db, documentId: number, refs: readonly DirectiveReference[]): Promise<void> {
  let position = 0;
  for (const ref of refs) {
    const target = await matchReference(tx, ref, documentId);
    await sql`insert into document_links (document_id, ref_number, ref_date, ref_issuer, target_id, position)
      values (${documentId}, ${cleanSymbol(ref.number)}, ${ref.date}, ${ref.issuer}, ${target?.id ?? null}, ${position++})`.execute(tx);
  }
}

/** Citations made before this document was registered now point to it. */
async function backfillLinks(tx: Db, documentId: number, symbol: string | null, date: string | null): Promise<number> {
  if (!symbol || numberOf(symbol) === null) return 0;
  const r = await sql`update document_links set target_id = ${documentId}
    where target_id is null and document_id <> ${documentId} and lower(ref_number) = lower(${symbol})
      and (ref_date is null or ${date}::date is null or ref_date = ${date}::date)`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Attachments

export function decodeUpload(file: FileUpload): Buffer {
  const data = Buffer.from(file.contentBase64.replace(/\s+/g, ''), 'base64');
  if (data.length > MAX_UPLOAD_BYTES) throw new AppError({ code: 'directive.file_too_large', kind: 'too_large', details: { limitBytes: MAX_UPLOAD_BYTES } });
  return data;
}

export interface StoredAttachment { id: number; extracted: ExtractedText }

export async function storeAttachment(
  tx: Db, actor: Actor, owner: { documentId: number } | { reportId: number }, file: FileUpload, data = decodeUpload(file), extracted = extractText(file.fileName, data),
): Promise<StoredAttachment> {
  const sha = crypto.createHash('sha256').update(data).digest('hex');
  const r = await sql<{ id: number }>`insert into document_attachments
      (document_id, report_id, file_name, media_type, size_bytes, sha256, content, extracted_text, text_status, created_by)
    values (${'documentId' in owner ? owner.documentId : null}, ${'reportId' in owner ? owner.reportId : null}, ${file.fileName.normalize('NFC')},
      ${extracted.mediaType}, ${data.length}, ${sha}, ${data}, ${extracted.text}, ${extracted.status}, ${actorId(actor)})
    returning id`.execute(tx);
  return { id: r.rows[0]!.id, extracted };
}

const ATTACHMENT_META = sql`a.id, a.file_name as "fileName", a.media_type as "mediaType", a.size_bytes as "sizeBytes", a.text_status as "textStatus",
  length(a.extracted_text) as "textLength", a.created_at as "createdAt"`;

type AttachmentRow = { id: number; fileName: string; mediaType: string; sizeBytes: number; textStatus: 'ok'; textLength: number; createdAt: Date };
const toAttachment = (a: AttachmentRow) => ({ ...a, createdAt: a.createdAt.toISOString() });

export async function attachmentsOf(db: Db, owner: { documentId: number } | { reportIds: number[] }) {
  if ('reportIds' in owner && !owner.reportIds.length) return [];
  const where = 'documentId' in owner ? sql`a.document_id = ${owner.documentId}` : sql`a.report_id = any(${owner.reportIds}::bigint[])`;
  const r = await sql<AttachmentRow & { reportId: number | null }>`select ${ATTACHMENT_META}, a.report_id as "reportId" from document_attachments a
    where ${where} order by a.id`.execute(db);
  return r.rows.map((a) => ({ ...toAttachment(a), reportId: a.reportId }));
}

export async function getAttachment(db: Db, id: number) {
  const r = await sql<AttachmentRow & { text: string; documentId: number | null; reportId: number | null }>`
    select ${ATTACHMENT_META}, a.extracted_text as text, a.document_id as "documentId", a.report_id as "reportId"
    from document_attachments a where a.id = ${id}`.execute(db);
  const a = r.rows[0];
  if (!a) throw notFound('directive.attachment_not_found', { id });
  return { ...toAttachment(a), text: a.text, documentId: a.documentId, reportId: a.reportId };
}

export async function attachmentContent(db: Db, id: number): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const r = await sql<{ fileName: string; mediaType: string; content: Buffer }>`
    select file_name as "fileName", media_type as "mediaType", content from document_attachments where id = ${id}`.execute(db);
  const a = r.rows[0];
  if (!a) throw notFound('directive.attachment_not_found', { id });
  return a;
}

export async function addDocumentAttachment(db: Db, actor: Actor, documentId: number, file: FileUpload) {
  const data = decodeUpload(file);
  const extracted = extractText(file.fileName, data);
  return db.transaction().execute(async (tx) => {
    await documentExists(tx, documentId);
    const { id } = await storeAttachment(tx, actor, { documentId }, file, data, extracted);
    await audit(tx, actor, {
      action: 'directive.attachment.add', entity: 'document', entityId: documentId,
      details: { attachmentId: id, fileName: file.fileName, textStatus: extracted.status, bytes: data.length },
    });
    return getAttachment(tx, id);
  });
}

async function documentExists(db: Db, id: number): Promise<void> {
  const r = await sql`select 1 from documents where id = ${id}`.execute(db);
  if (!r.rows.length) throw notFound('directive.document_not_found', { id });
}

// ---------------------------------------------------------------------------------------------------------------
// Registering

export interface NewDocument {
  direction: 'incoming' | 'outgoing';
  fields: DocumentFields;
  bodyText: string;
  parsed?: unknown;
  arrival?: { number?: number | null; date?: string | null; handlerId?: number | null; handlerNote?: string | null; fileRef?: string | null };
  outgoing?: { issuerCode: string; symbolSuffix: string; number?: number | null };
  draftId?: number | null;
  allowDuplicate?: boolean;
}

export async function checkHandler(db: Db, handlerId: number | null | undefined): Promise<void> {
  if (handlerId == null) return;
  const r = await sql`select 1 from users where id = ${handlerId} and not disabled`.execute(db);
  if (!r.rows.length) throw invalid('directive.unknown_handler', { handlerId });
}

export async function checkAgencyCode(db: Db, code: string): Promise<void> {
  const r = await sql`select 1 from agencies where code = ${code}`.execute(db);
  if (!r.rows.length) throw invalid('directive.unknown_agency', { code });
}

/** An incoming document already registered with the same number, symbol and date. */
export async function findDuplicate(db: Db, symbol: string | null, date: string | null): Promise<DocRef | null> {
  if (!symbol || numberOf(symbol) === null) return null;
  const r = await sql<DocRef>`select id, symbol, subject, doc_date as "docDate", doc_type as "docType" from documents
    where direction = 'incoming' and lower(symbol) = lower(${symbol}) and doc_date is not distinct from ${date}::date order by id limit 1`.execute(db);
  return r.rows[0] ?? null;
}

/**
 * Writes a document, its links and backfills citations of it, inside the caller's transaction. Allocates the
 * arrival number (incoming) or the outgoing number in the issuer's series; a number given by hand must be free.
 */
export async function insertDocument(tx: Db, actor: Actor, d: NewDocument, today: string): Promise<{ id: number; symbol: string | null; arrivalNumber: number | null; number: number | null }> {
  const f = d.fields;
  let symbol = cleanSymbol(f.symbol);
  let number = numberOf(symbol);
  let arrival: { year: number; number: number; date: string } | null = null;
  let seriesYear: number | null = null;
  let issuerCode: string | null = null;
  if (d.direction === 'incoming') {
    const date = d.arrival?.date ?? today;
    await checkHandler(tx, d.arrival?.handlerId);
    if (!d.allowDuplicate) {
      const dup = await findDuplicate(tx, symbol, f.date);
      if (dup) throw conflict('directive.duplicate_document', { existing: dup });
    }
    const year = yearOf(date);
    if (d.arrival?.number != null) {
      const taken = await sql`select id from documents where direction = 'incoming' and arrival_year = ${year} and arrival_number = ${d.arrival.number}`.execute(tx);
      if (taken.rows.length) throw conflict('directive.arrival_number_taken', { year, number: d.arrival.number });
    }
    arrival = { year, date, number: await allocateNumber(tx, ARRIVAL_SERIES, year, d.arrival?.number) };
  } else {
    const o = d.outgoing;
    if (!o || !o.issuerCode || !o.symbolSuffix) throw invalid('directive.missing_outgoing');
    if (!/^[A-ZĐ0-9&]+(?:-[A-ZĐ0-9&]+)*$/u.test(o.symbolSuffix)) throw invalid('directive.invalid_symbol', { symbolSuffix: o.symbolSuffix });
    await checkAgencyCode(tx, o.issuerCode);
    issuerCode = o.issuerCode;
    seriesYear = yearOf(f.date ?? today);
    if (o.number != null) {
      const taken = await sql`select id from documents where direction = 'outgoing' and issuer_code = ${o.issuerCode} and series_year = ${seriesYear} and number = ${o.number}`.execute(tx);
      if (taken.rows.length) throw conflict('directive.outgoing_number_taken', { year: seriesYear, number: o.number });
    }
    number = await allocateNumber(tx, outgoingSeries(o.issuerCode), seriesYear, o.number);
    symbol = formatSymbol(number, o.symbolSuffix);
  }
  const signer = { name: nz(f.signer?.name), title: nz(f.signer?.title), authority: nz(f.signer?.authority) };
  const recipients = f.recipients.map((x) => nz(x)).filter((x): x is string => !!x);
  const r = await sql<{ id: number }>`insert into documents (
      direction, issuer, issuer_code, symbol, number, doc_type, doc_date, place, subject, recipients,
      signer_name, signer_title, signer_authority, body_text, parsed,
      arrival_year, arrival_number, arrival_date, handler_id, handler_note, file_ref, series_year, draft_id, created_by)
    values (${d.direction}, ${nz(f.issuer)}, ${issuerCode}, ${symbol}, ${number}, ${nz(f.docType)}, ${f.date ?? (d.direction === 'outgoing' ? today : null)}, ${nz(f.place)},
      ${nz(f.subject)}, ${sql`${recipients}::text[]`}, ${signer.name}, ${signer.title}, ${signer.authority}, ${d.bodyText.normalize('NFC')},
      ${d.parsed === undefined ? null : JSON.stringify(d.parsed)}::jsonb,
      ${arrival?.year ?? null}, ${arrival?.number ?? null}, ${arrival?.date ?? null}, ${d.arrival?.handlerId ?? null}, ${nz(d.arrival?.handlerNote)},
      ${nz(d.arrival?.fileRef)}, ${seriesYear}, ${d.draftId ?? null}, ${actorId(actor)})
    returning id`.execute(tx);
  const id = r.rows[0]!.id;
  await insertLinks(tx, id, f.references);
  const backfilled = await backfillLinks(tx, id, symbol, f.date ?? (d.direction === 'outgoing' ? today : null));
  await audit(tx, actor, {
    action: d.direction === 'incoming' ? 'directive.document.receive' : 'directive.document.issue', entity: 'document', entityId: id,
    details: { symbol, arrivalNumber: arrival?.number ?? null, arrivalYear: arrival?.year ?? null, number, references: f.references.length, backfilled },
  });
  return { id, symbol, arrivalNumber: arrival?.number ?? null, number: d.direction === 'outgoing' ? number : null };
}

/** POST /api/directives/documents: a document registered by hand (with an optional file). */
export async function registerDocument(db: Db, actor: Actor, body: DocumentRegister, today: string) {
  const data = body.attachment ? decodeUpload(body.attachment) : null;
  const extracted = body.attachment && data ? extractText(body.attachment.fileName, data) : null;
  return db.transaction().execute(async (tx) => {
    const bodyText = body.bodyText || (extracted?.text ?? '');
    const doc = await insertDocument(tx, actor, {
      direction: body.direction, fields: body.document, bodyText, arrival: body.arrival, outgoing: body.outgoing, allowDuplicate: body.allowDuplicate,
    }, today);
    if (body.attachment && data && extracted) await storeAttachment(tx, actor, { documentId: doc.id }, body.attachment, data, extracted);
    return { documentId: doc.id, symbol: doc.symbol, arrivalNumber: doc.arrivalNumber, number: doc.number, taskIds: [] as number[] };
  });
}

export async function updateDocument(db: Db, actor: Actor, id: number, u: {
  handlerId?: number | null; handlerNote?: string | null; fileRef?: string | null; subject?: string | null; docType?: string | null; issuer?: string | null;
}) {
  return db.transaction().execute(async (tx) => {
    await documentExists(tx, id);
    if (u.handlerId !== undefined) await checkHandler(tx, u.handlerId);
    const sets = [];
    if (u.handlerId !== undefined) sets.push(sql`handler_id = ${u.handlerId}`);
    if (u.handlerNote !== undefined) sets.push(sql`handler_note = ${nz(u.handlerNote)}`);
    if (u.fileRef !== undefined) sets.push(sql`file_ref = ${nz(u.fileRef)}`);
    if (u.subject !== undefined) sets.push(sql`subject = ${nz(u.subject)}`);
    if (u.docType !== undefined) sets.push(sql`doc_type = ${nz(u.docType)}`);
    if (u.issuer !== undefined) sets.push(sql`issuer = ${nz(u.issuer)}`);
    if (sets.length) {
      await sql`update documents set ${sql.join(sets, sql`, `)}, updated_at = now() where id = ${id}`.execute(tx);
      await audit(tx, actor, { action: 'directive.document.update', entity: 'document', entityId: id, details: { fields: Object.keys(u) } });
    }
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and searching

const likeWord = (w: string): string => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Task counts of a document, open and overdue by the Vietnam date `today`. */
const TASK_COUNTS = (today: string) => sql`
  (select count(*) from directive_tasks t where t.document_id = d.id)::int as "taskCount",
  (select count(*) from directive_tasks t where t.document_id = d.id and t.status in ('new', 'in_progress'))::int as "openTaskCount",
  (select count(*) from directive_tasks t where t.document_id = d.id and t.status in ('new', 'in_progress') and t.deadline < ${today}::date)::int as "overdueTaskCount"`;

type SummaryRow = {
  id: number; direction: 'incoming' | 'outgoing'; symbol: string | null; docType: string | null; docDate: string | null; issuer: string | null;
  subject: string | null; arrivalNumber: number | null; arrivalDate: string | null; handlerName: string | null; taskCount: number;
  openTaskCount: number; overdueTaskCount: number; createdAt: Date;
};
const SUMMARY = sql`d.id, d.direction, d.symbol, d.doc_type as "docType", d.doc_date as "docDate", d.issuer, d.subject,
  d.arrival_number as "arrivalNumber", d.arrival_date as "arrivalDate", u.display_name as "handlerName", d.created_at as "createdAt"`;

const toSummary = (r: SummaryRow) => ({ ...r, createdAt: r.createdAt.toISOString() });

/**
 * The registry, newest first; `q` matches number, subject, issuer and text (and attachments' text), without
 * diacritics, every word typed; an exact number and symbol comes first, then matches in the subject.
 */
export async function listDocuments(db: Db, q: DocumentQuery, today: string) {
  const where = [sql`true`];
  if (q.direction) where.push(sql`d.direction = ${q.direction}`);
  if (q.year) where.push(sql`extract(year from coalesce(d.arrival_date, d.doc_date)) = ${q.year}`);
  const raw = (q.q ?? '').normalize('NFC').trim();
  const words = raw ? foldVietnamese(raw).split(' ').filter(Boolean).slice(0, 12) : [];
  let order = sql`coalesce(d.arrival_date, d.doc_date) desc nulls last, d.id desc`;
  if (words.length) {
    const conds = words.map((w) => sql`(d.search_text like ${likeWord(w)} or exists (
      select 1 from document_attachments a where a.document_id = d.id and a.search_text like ${likeWord(w)}))`);
    where.push(sql.join(conds, sql` and `));
    const subjectHit = sql.join(words.map((w) => sql`pd_fold(coalesce(d.subject, '')) like ${likeWord(w)}`), sql` and `);
    const phrase = likeWord(words.join(' '));
    order = sql`(lower(d.symbol) = lower(${raw.replace(/\s+/g, '')})) desc, (pd_fold(coalesce(d.subject, '')) like ${phrase}) desc,
      (${subjectHit}) desc, (d.search_text like ${phrase}) desc, ${order}`;
  }
  const r = await sql<SummaryRow & { total: number }>`
    select ${SUMMARY}, ${TASK_COUNTS(today)}, count(*) over ()::int as total
    from documents d left join users u on u.id = d.handler_id
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`.execute(db);
  let total = r.rows[0]?.total ?? 0;
  if (!r.rows.length && q.page > 1) {
    const c = await sql<{ n: number }>`select count(*)::int as n from documents d where ${sql.join(where, sql` and `)}`.execute(db);
    total = c.rows[0]!.n;
  }
  return { items: r.rows.map(({ total: _t, ...row }) => toSummary(row)), total };
}

export async function getDocumentRow(db: Db, id: number) {
  const r = await sql<{
    id: number; direction: 'incoming' | 'outgoing'; symbol: string | null; body_text: string; issuer_code: string | null; doc_date: string | null;
  }>`select id, direction, symbol, body_text, issuer_code, doc_date from documents where id = ${id}`.execute(db);
  const d = r.rows[0];
  if (!d) throw notFound('directive.document_not_found', { id });
  return d;
}

export async function getDocument<T>(db: Db, id: number, today: string, tasksOf: (db: Db, documentId: number, today: string) => Promise<T[]>) {
  const r = await sql<SummaryRow & {
    place: string | null; recipients: string[]; signerName: string | null; signerTitle: string | null; signerAuthority: string | null; bodyText: string;
    issuerCode: string | null; number: number | null; seriesYear: number | null; handlerId: number | null; handlerNote: string | null; fileRef: string | null;
    draftId: number | null;
  }>`select ${SUMMARY}, ${TASK_COUNTS(today)}, d.place, d.recipients, d.signer_name as "signerName", d.signer_title as "signerTitle",
      d.signer_authority as "signerAuthority", d.body_text as "bodyText", d.issuer_code as "issuerCode", d.number, d.series_year as "seriesYear",
      d.handler_id as "handlerId", d.handler_note as "handlerNote", d.file_ref as "fileRef", d.draft_id as "draftId"
    from documents d left join users u on u.id = d.handler_id where d.id = ${id}`.execute(db);
  const d = r.rows[0];
  if (!d) throw notFound('directive.document_not_found', { id });
  const links = await sql<{ id: number; refNumber: string | null; refDate: string | null; refIssuer: string | null; tid: number | null; tsymbol: string | null; tsubject: string | null; tdate: string | null; ttype: string | null }>`
    select l.id, l.ref_number as "refNumber", l.ref_date as "refDate", l.ref_issuer as "refIssuer",
      t.id as tid, t.symbol as tsymbol, t.subject as tsubject, t.doc_date as tdate, t.doc_type as ttype
    from document_links l left join documents t on t.id = l.target_id where l.document_id = ${id} order by l.position, l.id`.execute(db);
  const implementedBy = await sql<DocRef>`
    select distinct d.id, d.symbol, d.subject, d.doc_date as "docDate", d.doc_type as "docType"
    from document_links l join documents d on d.id = l.document_id where l.target_id = ${id} order by d.id`.execute(db);
  const { signerName, signerTitle, signerAuthority, ...rest } = d;
  return {
    ...toSummary(rest),
    place: d.place, recipients: d.recipients, bodyText: d.bodyText, issuerCode: d.issuerCode, number: d.number, seriesYear: d.seriesYear,
    handlerId: d.handlerId, handlerNote: d.handlerNote, fileRef: d.fileRef, draftId: d.draftId,
    signer: { name: signerName, title: signerTitle, authority: signerAuthority },
    links: links.rows.map((l) => ({
      id: l.id, refNumber: l.refNumber, refDate: l.refDate, refIssuer: l.refIssuer,
      target: l.tid ? { id: l.tid, symbol: l.tsymbol, subject: l.tsubject, docDate: l.tdate, docType: l.ttype } : null,
    })),
    implementedBy: implementedBy.rows,
    attachments: (await attachmentsOf(db, { documentId: id })).map(({ reportId: _r, ...a }) => a),
    tasks: await tasksOf(db, id, today),
  };
}

export async function listHandlers(db: Db) {
  const r = await sql<{ id: number; displayName: string; agencyCode: string | null }>`
    select id, display_name as "displayName", agency_code as "agencyCode" from users where not disabled order by display_name, id`.execute(db);
  return { items: r.rows };
}

export type { AgencyRef };
