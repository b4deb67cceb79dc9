// Drafting: directives and conclusion notices composed in the app, kept as drafts (versioned), exported as
// DOCX per Decree 30 for signing, and issued: issuing allocates the next number of the issuer's series for the
// year, registers the outgoing document (its text, links to what it implements, the DOCX as attachment) and
// creates the tasks of its items, all in one transaction.
import { sql } from 'kysely';
import type { DraftContent, TaskInput } from '../../../contracts/directives.documents.ts';
import type { Actor } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import { audit } from '../../platform/audit.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { DOCX_MEDIA_TYPE } from './docx.ts';
import { isCongVan, itemText, renderDraftDocx, renderDraftText } from './drafting.render.ts';
import { actorId, agencyRegistry, checkAgencyCode, insertDocument, storeAttachment } from './registry.ts';
import { TightText } from './registry.spans.ts';
import { createTasks } from './tasks.board.ts';

type DraftRow = { id: number; status: 'draft' | 'issued'; content: DraftContent; version: number; documentId: number | null; symbol: string | null; updatedAt: Date };

const SELECT = sql`select dr.id, dr.status, dr.content, dr.version, dr.document_id as "documentId", d.symbol, dr.updated_at as "updatedAt"
  from directive_drafts dr left join documents d on d.id = dr.document_id`;

const toSummary = (r: DraftRow) => ({
  id: r.id, status: r.status, subject: r.content.subject ?? null, docType: r.content.docType, version: r.version, documentId: r.documentId,
  symbol: r.symbol, updatedAt: new Date(r.updatedAt).toISOString(),
});

export async function listDrafts(db: Db) {
  const r = await sql<DraftRow>`${SELECT} order by dr.status, dr.updated_at desc, dr.id desc limit 500`.execute(db);
  return { items: r.rows.map(toSummary) };
}

async function draftRow(db: Db, id: number, lock = false): Promise<DraftRow> {
  const r = await sql<DraftRow>`${SELECT} where dr.id = ${id} ${lock ? sql`for update of dr` : sql``}`.execute(db);
  const d = r.rows[0];
  if (!d) throw notFound('directive.draft_not_found', { id });
  return d;
}

export async function getDraft(db: Db, id: number) {
  const d = await draftRow(db, id);
  return { ...toSummary(d), content: d.content };
}

export async function createDraft(db: Db, actor: Actor, content: DraftContent) {
  return db.transaction().execute(async (tx) => {
    await checkAgencyCode(tx, content.issuerCode);
    const r = await sql<{ id: number }>`insert into directive_drafts (content, created_by, updated_by)
      values (${JSON.stringify(content)}::jsonb, ${actorId(actor)}, ${actorId(actor)}) returning id`.execute(tx);
    const id = r.rows[0]!.id;
    await audit(tx, actor, { action: 'directive.draft.create', entity: 'directive_draft', entityId: id, details: { docType: content.docType } });
    return getDraft(tx, id);
  });
}

export async function updateDraft(db: Db, actor: Actor, id: number, content: DraftContent, version?: number) {
  return db.transaction().execute(async (tx) => {
    const d = await draftRow(tx, id, true);
    if (d.status === 'issued') throw conflict('directive.draft_issued', { id, documentId: d.documentId });
    if (version !== undefined && version !== d.version) throw conflict('directive.draft_version_conflict', { id, version: d.version });
    await checkAgencyCode(tx, content.issuerCode);
    await sql`update directive_drafts set content = ${JSON.stringify(content)}::jsonb, version = version + 1, updated_at = now(),
      updated_by = ${actorId(actor)} where id = ${id}`.execute(tx);
    await audit(tx, actor, { action: 'directive.draft.update', entity: 'directive_draft', entityId: id, details: { version: d.version + 1 } });
    return getDraft(tx, id);
  });
}

const fileNameOf = (c: DraftContent, symbol: string | null, id: number): string =>
  `${symbol ? symbol.replace(/[/\\]/g, '-') : `du-thao-${id}`}${isCongVan(c.docType) ? '' : `-${c.docType}`}.docx`.replace(/\s+/g, '-');

/** The DOCX of a draft (blank number and day, ready for signing) or, once issued, the issued document's. */
export async function draftDocx(db: Db, id: number, now: Date): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const d = await draftRow(db, id);
  if (d.status === 'issued' && d.documentId) {
    const r = await sql<{ content: Buffer; fileName: string }>`select content, file_name as "fileName" from document_attachments
      where document_id = ${d.documentId} and media_type = ${DOCX_MEDIA_TYPE} order by id limit 1`.execute(db);
    if (r.rows[0]) return { fileName: r.rows[0].fileName, mediaType: DOCX_MEDIA_TYPE, content: r.rows[0].content };
  }
  return { fileName: fileNameOf(d.content, null, id), mediaType: DOCX_MEDIA_TYPE, content: renderDraftDocx(d.content, { number: null, date: d.content.date }, now) };
}

/** Renders a draft's content without saving it (the drafting form's live DOCX). */
export function previewDocx(content: DraftContent, now: Date) {
  return { fileName: fileNameOf(content, null, 0), mediaType: DOCX_MEDIA_TYPE, content: renderDraftDocx(content, { number: null, date: content.date }, now) };
}

function checkComplete(c: DraftContent): void {
  const missing: string[] = [];
  if (!c.subject.trim()) missing.push('subject');
  if (!c.signer.name.trim() || !c.signer.title.trim()) missing.push('signer');
  if (!c.items.length && !c.intro.trim()) missing.push('items');
  if (missing.length) throw invalid('directive.draft_incomplete', { missing });
}

export async function issueDraft(db: Db, actor: Actor, id: number, opts: { date?: string | null; version?: number }, today: string, now: Date) {
  const registry = await agencyRegistry(db);
  return db.transaction().execute(async (tx) => {
    const d = await draftRow(tx, id, true);
    if (d.status === 'issued') throw conflict('directive.draft_issued', { id, documentId: d.documentId });
    if (opts.version !== undefined && opts.version !== d.version) throw conflict('directive.draft_version_conflict', { id, version: d.version });
    const content: DraftContent = { ...d.content, date: opts.date ?? d.content.date ?? today };
    checkComplete(content);
    const date = content.date!;
    const doc = await insertDocument(tx, actor, {
      direction: 'outgoing',
      fields: {
        issuer: content.issuerName, symbol: null, docType: content.docType, place: content.place, date, subject: content.subject,
        recipients: content.recipients, signer: { name: content.signer.name, title: content.signer.title, authority: content.signer.authority || null },
        references: content.references,
      },
      bodyText: '',
      outgoing: { issuerCode: content.issuerCode, symbolSuffix: content.symbolSuffix },
      draftId: id,
    }, today);
    const docx = renderDraftDocx(content, { number: doc.number, date }, now);
    const text = renderDraftText(content, { number: doc.number, date });
    await sql`update documents set body_text = ${text} where id = ${doc.id}`.execute(tx);
    await storeAttachment(tx, actor, { documentId: doc.id }, { fileName: fileNameOf(content, doc.symbol, id), contentBase64: '' }, docx,
      { kind: 'docx', mediaType: DOCX_MEDIA_TYPE, text, status: 'ok', note: null });
    // Tasks: one per lead agency of each item, with the item's span in the issued text.
    const tt = new TightText(text);
    let from = 0;
    const tasks: TaskInput[] = [];
    content.items.forEach((item, i) => {
      const sentence = `${i + 1}. ${itemText(item)}`;
      const start = tt.find(sentence.slice(0, 80), from);
      const span = start ? { start: start.start, end: Math.min(text.length, start.start + sentence.length) } : null;
      if (span) from = span.end;
      if (!item.lead.length) return;
      tasks.push({
        item: String(i + 1), summary: item.text.trim().slice(0, 2000), lead: item.lead, support: item.support, deadline: item.deadline,
        figureKey: item.figureKey ?? null, span,
      });
    });
    const taskIds = await createTasks(tx, actor, doc.id, tasks, text, registry);
    await sql`update directive_drafts set status = 'issued', document_id = ${doc.id}, content = ${JSON.stringify(content)}::jsonb,
      version = version + 1, updated_at = now(), updated_by = ${actorId(actor)} where id = ${id}`.execute(tx);
    await audit(tx, actor, { action: 'directive.draft.issue', entity: 'directive_draft', entityId: id, details: { documentId: doc.id, symbol: doc.symbol, tasks: taskIds.length } });
    return { documentId: doc.id, symbol: doc.symbol, arrivalNumber: null, number: doc.number, taskIds };
  });
}
