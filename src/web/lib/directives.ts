// The directives pages' logic without React: the marks of the review screen (spans of the text each value came
// from, split into segments for highlighting), the review state and the confirm body made from it, agency
// choices (a registry code, a group kept as one task, none, or recognised from the name), draft defaults and
// checks (Decree 30 type abbreviations for the symbol), deadlines in words. Hooks at the end.
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgencyGroupName, AgencyRef, Board, DocumentDetail, DocumentList, DraftContent, DraftDetail, DraftList, FileUpload, HandlerList, ImportConfirmBody,
  ImportParseResult, TaskDetail, TaskList, TaskSummary,
} from '../../contracts/directives.documents.ts';
import { AGENCY_GROUPS } from '../../contracts/directives.documents.ts';
import type { DirectiveReference } from '../../contracts/directives.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { translateDirectives, type DirectivesKey, type DirectivesT } from '../i18n.directives.ts';

export type ImportResult = z.infer<typeof ImportParseResult>;
export type DocumentDetailT = z.infer<typeof DocumentDetail>;
export type DocumentListT = z.infer<typeof DocumentList>;
export type TaskT = TaskSummary;
export type TaskDetailT = z.infer<typeof TaskDetail>;
export type TaskListT = z.infer<typeof TaskList>;
export type BoardT = z.infer<typeof Board>;
export type DraftDetailT = z.infer<typeof DraftDetail>;
export type DraftListT = z.infer<typeof DraftList>;
export type HandlerListT = z.infer<typeof HandlerList>;
export type ConfirmBody = z.input<typeof ImportConfirmBody>;
export type { DraftContent };

// ---------------------------------------------------------------------------------------------------------------
// Marks and segments

export interface Mark { id: string; start: number; end: number }
export interface Segment { start: number; end: number; text: string; /** Marks covering it, innermost first. */ ids: string[] }

/** Splits the text at every mark's edges; each piece lists the marks that cover it, the shortest first (a lead
 * agency inside its task: clicking the agency selects the agency). */
export function segmentText(text: string, marks: readonly Mark[]): Segment[] {
  const valid = marks.filter((m) => m.start >= 0 && m.end <= text.length && m.start < m.end);
  const cuts = new Set<number>([0, text.length]);
  for (const m of valid) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const ids = valid.filter((m) => m.start <= start && m.end >= end).sort((a, b) => (a.end - a.start) - (b.end - b.start)).map((m) => m.id);
    const prev = out[out.length - 1];
    if (prev && prev.ids.join() === ids.join()) { prev.end = end; prev.text += text.slice(start, end); continue; }
    out.push({ start, end, text: text.slice(start, end), ids });
  }
  return out;
}

/** Every located value of an import result, as marks with stable ids (the review form uses the same ids). */
export function marksOf(r: ImportResult): Mark[] {
  const out: Mark[] = [];
  const add = (id: string, s: { start: number; end: number } | null | undefined) => { if (s) out.push({ id, start: s.start, end: s.end }); };
  const s = r.spans;
  add('issuer', s.issuer); add('number', s.number); add('doc_type', s.doc_type); add('place', s.place); add('date', s.date); add('subject', s.subject);
  if (s.signer) { add('signer.name', s.signer.name); add('signer.title', s.signer.title); add('signer.authority', s.signer.authority); }
  s.references.forEach((x, i) => add(`ref.${i}`, x));
  s.recipients.forEach((x, i) => add(`rec.${i}`, x));
  s.tasks.forEach((t, i) => {
    add(`task.${i}`, t.span);
    t.lead.forEach((x, k) => add(`task.${i}.lead.${k}`, x));
    t.support.forEach((x, k) => add(`task.${i}.support.${k}`, x));
    add(`task.${i}.deadline`, t.deadline);
  });
  if (r.stamp?.span) add('stamp', r.stamp.span);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Agency choices

/** 'auto' (recognise from the name), 'none', 'code:SYT' or 'group:districts'. */
export type ChoiceValue = string;
export interface AgencyChoice { name: string; value: ChoiceValue; mark?: string }

export function choiceOf(r: { code: string | null; group: string | null }): ChoiceValue {
  if (r.code) return `code:${r.code}`;
  if (r.group) return `group:${r.group}`;
  return 'none';
}

export function refOfChoice(c: AgencyChoice): AgencyRef {
  const name = c.name.trim();
  if (c.value.startsWith('code:')) return { name, code: c.value.slice(5), group: null };
  if (c.value.startsWith('group:') && (AGENCY_GROUPS as readonly string[]).includes(c.value.slice(6))) return { name, code: null, group: c.value.slice(6) as AgencyGroupName };
  if (c.value === 'none') return { name, code: null, group: null };
  return { name };
}

export interface AgencyOption { value: string; label: string }

export function agencyOptions(t: DirectivesT, agencies: readonly { code: string; name: string; communeCode: string | null }[], opts: { auto?: boolean } = {}): AgencyOption[] {
  return [
    ...(opts.auto ? [{ value: 'auto', label: t('dir.agency.auto') }] : []),
    { value: 'none', label: t('dir.agency.none') },
    ...AGENCY_GROUPS.map((g) => ({ value: `group:${g}`, label: t(`dir.agency.group.${g}` as DirectivesKey) })),
    ...[...agencies].sort((a, b) => Number(a.communeCode !== null) - Number(b.communeCode !== null)).map((a) => ({ value: `code:${a.code}`, label: a.name })),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Review state

export interface ReviewTask {
  key: string;
  /** Index of the parsed task this one comes from (its marks), null for a task the officer added. */
  from: number | null;
  item: string;
  summary: string;
  lead: AgencyChoice[];
  support: AgencyChoice[];
  deadline: string;
  figureKey: string;
}

export interface ReviewState {
  issuer: string;
  symbol: string;
  docType: string;
  place: string;
  date: string;
  subject: string;
  recipients: string;
  references: DirectiveReference[];
  signerName: string;
  signerTitle: string;
  signerAuthority: string;
  arrivalNumber: string;
  arrivalDate: string;
  handlerId: string | null;
  handlerNote: string;
  fileRef: string;
  allowDuplicate: boolean;
  tasks: ReviewTask[];
}

let keySeq = 0;
export const newKey = (): string => `k${++keySeq}`;

export function reviewFromResult(r: ImportResult, today: string): ReviewState {
  const p = r.parsed;
  return {
    issuer: p.issuer ?? '', symbol: p.number ?? '', docType: p.doc_type ?? '', place: p.place ?? '', date: p.date ?? '', subject: p.subject ?? '',
    recipients: p.recipients.join('\n'), references: p.references.map((x) => ({ ...x })),
    signerName: p.signer?.name ?? '', signerTitle: p.signer?.title ?? '', signerAuthority: p.signer?.authority ?? '',
    arrivalNumber: r.stamp?.number ? String(r.stamp.number) : '',
    arrivalDate: r.stamp?.date ?? today,
    handlerId: null,
    handlerNote: r.stamp?.routedTo ?? '',
    fileRef: r.stamp?.fileRef ?? '',
    allowDuplicate: false,
    tasks: p.tasks.map((task, i) => ({
      key: newKey(), from: i, item: task.item ?? '', summary: task.summary, deadline: task.deadline ?? '', figureKey: '',
      lead: task.lead.map((name, k) => ({ name, value: choiceOf(r.resolved[i]?.lead[k] ?? { code: null, group: null }), mark: `task.${i}.lead.${k}` })),
      support: task.support.map((name, k) => ({ name, value: choiceOf(r.resolved[i]?.support[k] ?? { code: null, group: null }), mark: `task.${i}.support.${k}` })),
    })),
  };
}

const nullIfEmpty = (s: string): string | null => (s.trim() ? s.trim() : null);
export const listOfLines = (s: string): string[] => s.split('\n').map((x) => x.trim().replace(/^[-–•]\s*/, '').replace(/[;.]$/, '')).filter(Boolean);

export function confirmBodyFrom(r: ImportResult, s: ReviewState, attachment?: FileUpload): ConfirmBody {
  const arrivalNumber = Number(s.arrivalNumber);
  const signer = { name: nullIfEmpty(s.signerName), title: nullIfEmpty(s.signerTitle), authority: nullIfEmpty(s.signerAuthority) };
  return {
    text: r.text,
    document: {
      issuer: nullIfEmpty(s.issuer), symbol: nullIfEmpty(s.symbol), docType: nullIfEmpty(s.docType), place: nullIfEmpty(s.place),
      date: nullIfEmpty(s.date), subject: nullIfEmpty(s.subject), recipients: listOfLines(s.recipients),
      signer: signer.name || signer.title || signer.authority ? signer : null,
      references: s.references.filter((x) => x.number || x.date),
    },
    tasks: s.tasks.filter((task) => task.lead.some((l) => l.name.trim()) && task.summary.trim()).map((task) => ({
      item: nullIfEmpty(task.item),
      summary: task.summary.trim(),
      lead: task.lead.filter((l) => l.name.trim()).map(refOfChoice),
      support: task.support.filter((l) => l.name.trim()).map(refOfChoice),
      deadline: nullIfEmpty(task.deadline),
      figureKey: nullIfEmpty(task.figureKey),
      span: task.from !== null ? r.spans.tasks[task.from]?.span ?? null : null,
    })),
    arrival: {
      number: s.arrivalNumber.trim() && Number.isInteger(arrivalNumber) && arrivalNumber > 0 ? arrivalNumber : null,
      date: nullIfEmpty(s.arrivalDate),
      handlerId: s.handlerId ? Number(s.handlerId) : null,
      handlerNote: nullIfEmpty(s.handlerNote),
      fileRef: nullIfEmpty(s.fileRef),
    },
    ...(attachment ? { attachment } : {}),
    allowDuplicate: s.allowDuplicate,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Drafting

/** Decree 30 Phụ lục III: the abbreviation of a type name in the symbol ("Chỉ thị" → CT). Công văn has none. */
export const TYPE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  'Chỉ thị': 'CT', 'Thông báo': 'TB', 'Kế hoạch': 'KH', 'Quyết định': 'QĐ', 'Công điện': 'CĐ', 'Hướng dẫn': 'HD', 'Báo cáo': 'BC',
  'Nghị quyết': 'NQ', 'Phương án': 'PA', 'Chương trình': 'CTr', 'Tờ trình': 'TTr', 'Giấy mời': 'GM',
};
export const DOC_TYPES: readonly string[] = ['Công văn', ...Object.keys(TYPE_ABBREVIATIONS)];

/** "UBND-VX" for a công văn (issuer, then the drafting unit), "CT-UBND" for a typed document. */
export function suggestSymbolSuffix(docType: string, issuerAbbr = 'UBND', unit = 'VX'): string {
  const abbr = TYPE_ABBREVIATIONS[docType];
  return (abbr ? `${abbr}-${issuerAbbr}` : `${issuerAbbr}-${unit}`).toLocaleUpperCase('vi');
}

export const SYMBOL_SUFFIX = /^[A-ZĐ0-9&]+(?:-[A-ZĐ0-9&]+)*$/u;

export function emptyDraft(province = ''): DraftContent {
  return {
    issuerCode: 'UBND_TINH', issuerName: province ? `Ủy ban nhân dân tỉnh ${province}` : 'Ủy ban nhân dân tỉnh', parentName: null,
    docType: 'Công văn', symbolSuffix: 'UBND-VX', place: province, date: null, subject: 'V/v ', references: [], recipients: [], intro: '',
    items: [{ text: '', lead: [], support: [], deadline: null }], closing: '',
    signer: { authority: 'KT. Chủ tịch', title: 'Phó Chủ tịch', name: '' }, copyTo: [], filing: 'VT',
  };
}

export type DraftField = 'subject' | 'signer' | 'items' | 'symbol' | 'issuer' | 'place';

/** What a draft still lacks before it can be saved (symbol, issuer, place) or issued (subject, signer, content). */
export function draftMissing(c: DraftContent, forIssue: boolean): DraftField[] {
  const out: DraftField[] = [];
  if (!c.issuerName.trim() || !c.issuerCode) out.push('issuer');
  if (!SYMBOL_SUFFIX.test(c.symbolSuffix)) out.push('symbol');
  if (!c.place.trim()) out.push('place');
  if (!c.subject.replace(/^V\/v\s*/i, '').trim()) out.push('subject');
  if (forIssue) {
    if (!c.signer.name.trim() || !c.signer.title.trim()) out.push('signer');
    if (!c.items.some((i) => i.text.trim()) && !c.intro.trim()) out.push('items');
  }
  return out;
}

/** The content as the server takes it: empty items and lines dropped, text trimmed. */
export function cleanDraft(c: DraftContent): DraftContent {
  return {
    ...c,
    parentName: c.parentName?.trim() ? c.parentName.trim() : null,
    subject: c.subject.trim(),
    recipients: c.recipients.map((x) => x.trim()).filter(Boolean),
    copyTo: c.copyTo.map((x) => x.trim()).filter(Boolean),
    references: c.references.filter((r) => r.number?.trim() || r.date).map((r) => ({ number: r.number?.trim() || null, date: r.date || null, issuer: r.issuer?.trim() || null })),
    items: c.items.filter((i) => i.text.trim()).map((i) => ({
      ...i, text: i.text.trim(), lead: i.lead.filter((l) => l.name.trim()), support: i.support.filter((l) => l.name.trim()), deadline: i.deadline || null,
      figureKey: i.figureKey?.trim() ? i.figureKey.trim() : null,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks

export function statusColor(status: string, overdue: boolean): string {
  if (overdue) return 'red';
  return status === 'done' ? 'green' : status === 'in_progress' ? 'blue' : status === 'cancelled' ? 'gray' : 'yellow';
}

export function deadlineText(t: DirectivesT, daysLeft: number | null): string {
  if (daysLeft === null) return t('dir.noDeadline');
  if (daysLeft === 0) return t('dir.dueToday');
  return daysLeft > 0 ? t('dir.daysLeft', { n: daysLeft }) : t('dir.daysLate', { n: -daysLeft });
}

/** Who leads a task: the registry name, the group, or the name as printed. */
export function leadLabel(t: DirectivesT, task: { agencyName: string | null; agencyGroup: string | null; leadName: string }): string {
  if (task.agencyName) return task.agencyName;
  return task.leadName;
}

export function boardLabel(t: DirectivesT, row: { agencyGroup: string | null; agencyCode: string | null; label: string; key: string }): string {
  if (row.key === 'none') return `${row.label} (${t('dir.agency.none')})`;
  if (row.agencyGroup) return `${row.label} (${t(`dir.agency.group.${row.agencyGroup}` as DirectivesKey)})`;
  return row.label;
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** A picked file as the API takes it (base64 in JSON). */
export async function fileToUpload(file: File): Promise<FileUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, contentBase64: btoa(binary) };
}

/** Saves a response body as a file (DOCX downloads of unsaved content). */
export async function downloadPost(path: string, body: unknown, fallbackName: string, lang: string): Promise<void> {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'Accept-Language': lang }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const blob = await res.blob();
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ---------------------------------------------------------------------------------------------------------------
// Hooks

export function useDirT(): DirectivesT {
  const { lang } = useI18n();
  return useCallback((key: DirectivesKey, params) => translateDirectives(lang, key, params), [lang]);
}

/** Query keys under ['directives'], so that any write of the module refreshes them. */
export const dirKeys = {
  all: ['directives'] as const,
  documents: (q: unknown) => ['directives', 'documents', q] as const,
  document: (id: number) => ['directives', 'document', id] as const,
  tasks: (q: unknown) => ['directives', 'tasks', q] as const,
  task: (id: number) => ['directives', 'task', id] as const,
  board: (by: string) => ['directives', 'board', by] as const,
  drafts: ['directives', 'drafts'] as const,
  draft: (id: number) => ['directives', 'draft', id] as const,
};

export function useHandlers(enabled: boolean) {
  return useQuery({ queryKey: ['directives', 'handlers'], queryFn: () => api.get<HandlerListT>('/api/directives/handlers'), enabled, staleTime: 5 * 60_000 });
}

