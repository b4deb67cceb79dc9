// The document registry, directive import, task board and drafting: the HTTP contracts (zod) shared by the
// server and the web app. Documents are not personal data; staff names appear only as handlers and authors.
import { z } from 'zod';
import { PERMISSIONS, type Permission } from './auth.ts';
import { IsoDate } from './common.ts';
import { DirectiveReference, ParsedDirective } from './directives.ts';

/**
 * The permissions of the module. directive.read / directive.write / directive.report are to be added to
 * PERMISSIONS (auth.ts); until they exist the closest ones are used: reading with reference.read (every role),
 * writing (registering, importing, drafting, issuing, changing tasks) with reference.manage (administrators),
 * progress reports with reference.read (an agency officer reports only on their own agency's tasks).
 */
const knownPermissions = new Set<string>(Object.values(PERMISSIONS));
const permission = (wanted: string, fallback: Permission): Permission => (knownPermissions.has(wanted) ? (wanted as Permission) : fallback);
export const DIRECTIVE_PERMISSIONS = {
  read: permission('directive.read', 'reference.read'),
  write: permission('directive.write', 'reference.manage'),
  report: permission('directive.report', 'reference.read'),
} as const;

export const DOCUMENT_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type DocumentDirection = (typeof DOCUMENT_DIRECTIONS)[number];
/** How far the text of a file can be trusted: a scanned PDF has no text layer (OCR it first). */
export const TEXT_STATUSES = ['ok', 'partial', 'no_text_layer', 'unsupported', 'empty'] as const;
export const TASK_STATUSES = ['new', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Filters of the task list: a stored status, 'open' (new or in progress) or 'overdue' (open, deadline passed in Vietnam time). */
export const TASK_FILTERS = [...TASK_STATUSES, 'open', 'overdue'] as const;
export const AGENCY_GROUPS = ['districts', 'communes', 'departments', 'all'] as const;
export type AgencyGroupName = (typeof AGENCY_GROUPS)[number];

/** The largest file accepted, in bytes (sent as base64 inside JSON). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT_CHARS = 2_000_000;

export const Span = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
export type Span = z.infer<typeof Span>;

export const FileUpload = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  contentBase64: z.string().max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 8).regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'base64'),
});
export type FileUpload = z.infer<typeof FileUpload>;

const Text = (max: number) => z.string().trim().max(max);
/** Optional text; an empty string is stored as null by the server (no transform here: the schemas also describe answers). */
const NullableText = (max: number) => Text(max).nullable();
const FigureKey = z.string().trim().max(100).regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "a key like 'testing.samples'");
const AgencyCode = z.string().regex(/^[A-Z0-9_]+$/).max(50);

/** An agency as a document names it, and what it stands for in the registry (a code, or a group kept as one). */
export const AgencyRef = z.strictObject({
  name: Text(300).min(1),
  code: AgencyCode.nullable().optional(),
  group: z.enum(AGENCY_GROUPS).nullable().optional(),
});
export type AgencyRef = z.infer<typeof AgencyRef>;
export const ResolvedAgencyOut = z.object({ name: z.string(), code: z.string().nullable(), group: z.enum(AGENCY_GROUPS).nullable() });

export const SignerInput = z.strictObject({
  name: NullableText(200),
  title: NullableText(200),
  authority: NullableText(300),
});

// ---------------------------------------------------------------------------------------------------------------
// Documents

export const AttachmentMeta = z.object({
  id: z.number(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  textStatus: z.enum(TEXT_STATUSES),
  textLength: z.number(),
  createdAt: z.string(),
});
export const AttachmentDetail = AttachmentMeta.extend({ text: z.string(), documentId: z.number().nullable(), reportId: z.number().nullable() });

export const DocumentRef = z.object({ id: z.number(), symbol: z.string().nullable(), subject: z.string().nullable(), docDate: z.string().nullable(), docType: z.string().nullable() });

export const DocumentSummary = z.object({
  id: z.number(),
  direction: z.enum(DOCUMENT_DIRECTIONS),
  symbol: z.string().nullable(),
  docType: z.string().nullable(),
  docDate: z.string().nullable(),
  issuer: z.string().nullable(),
  subject: z.string().nullable(),
  arrivalNumber: z.number().nullable(),
  arrivalDate: z.string().nullable(),
  handlerName: z.string().nullable(),
  taskCount: z.number(),
  openTaskCount: z.number(),
  overdueTaskCount: z.number(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  direction: z.enum(DOCUMENT_DIRECTIONS).optional(),
  year: z.coerce.number().int().min(1945).max(2200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DocumentQuery = z.infer<typeof DocumentQuery>;
export const DocumentList = z.object({ items: z.array(DocumentSummary), total: z.number() });

export const DocumentLink = z.object({
  id: z.number(),
  refNumber: z.string().nullable(),
  refDate: z.string().nullable(),
  refIssuer: z.string().nullable(),
  target: DocumentRef.nullable(),
});

export const TaskSummary = z.object({
  id: z.number(),
  documentId: z.number(),
  documentSymbol: z.string().nullable(),
  documentSubject: z.string().nullable(),
  documentDate: z.string().nullable(),
  item: z.string().nullable(),
  summary: z.string(),
  leadName: z.string(),
  agencyCode: z.string().nullable(),
  agencyName: z.string().nullable(),
  agencyGroup: z.enum(AGENCY_GROUPS).nullable(),
  support: z.array(ResolvedAgencyOut),
  deadline: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  /** Days from today (Vietnam) to the deadline; negative when overdue; null without a deadline. */
  daysLeft: z.number().nullable(),
  figureKey: z.string().nullable(),
  reportCount: z.number(),
  lastReportAt: z.string().nullable(),
  span: Span.nullable(),
  createdAt: z.string(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

export const DocumentDetail = DocumentSummary.extend({
  place: z.string().nullable(),
  recipients: z.array(z.string()),
  signer: z.object({ name: z.string().nullable(), title: z.string().nullable(), authority: z.string().nullable() }),
  bodyText: z.string(),
  issuerCode: z.string().nullable(),
  number: z.number().nullable(),
  seriesYear: z.number().nullable(),
  handlerId: z.number().nullable(),
  handlerNote: z.string().nullable(),
  fileRef: z.string().nullable(),
  draftId: z.number().nullable(),
  links: z.array(DocumentLink),
  implementedBy: z.array(DocumentRef),
  attachments: z.array(AttachmentMeta),
  tasks: z.array(TaskSummary),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

export const ArrivalInput = z.strictObject({
  /** The arrival number; the next of the year's series when absent. */
  number: z.number().int().min(1).max(999_999).nullable().optional(),
  date: IsoDate.nullable().optional(),
  handlerId: z.number().int().positive().nullable().optional(),
  handlerNote: NullableText(500).optional(),
  fileRef: NullableText(100).optional(),
});

export const DocumentFields = z.strictObject({
  issuer: NullableText(300),
  symbol: NullableText(100),
  docType: NullableText(100),
  place: NullableText(200).optional(),
  date: IsoDate.nullable(),
  subject: NullableText(2000),
  recipients: z.array(Text(500).min(1)).max(200).default([]),
  signer: SignerInput.nullable().optional(),
  references: z.array(DirectiveReference).max(100).default([]),
});
export type DocumentFields = z.infer<typeof DocumentFields>;

/** Registers a document by hand: an incoming one (arrival number allocated unless given), or an outgoing one
 * issued outside the app (number allocated in the issuer's series unless given). */
export const DocumentRegister = z.strictObject({
  direction: z.enum(DOCUMENT_DIRECTIONS),
  document: DocumentFields,
  bodyText: z.string().max(MAX_TEXT_CHARS).default(''),
  arrival: ArrivalInput.optional(),
  outgoing: z.strictObject({
    issuerCode: AgencyCode,
    /** The symbol after the number: "UBND-VX", "CT-UBND". */
    symbolSuffix: z.string().trim().max(60),
    number: z.number().int().min(1).max(999_999).nullable().optional(),
  }).optional(),
  attachment: FileUpload.optional(),
  allowDuplicate: z.boolean().default(false),
});
export type DocumentRegister = z.infer<typeof DocumentRegister>;

export const DocumentUpdate = z.strictObject({
  handlerId: z.number().int().positive().nullable().optional(),
  handlerNote: NullableText(500).optional(),
  fileRef: NullableText(100).optional(),
  subject: NullableText(2000).optional(),
  docType: NullableText(100).optional(),
  issuer: NullableText(300).optional(),
});

export const Registered = z.object({
  documentId: z.number(),
  symbol: z.string().nullable(),
  arrivalNumber: z.number().nullable(),
  number: z.number().nullable(),
  taskIds: z.array(z.number()),
});

export const Handler = z.object({ id: z.number(), displayName: z.string(), agencyCode: z.string().nullable() });
export const HandlerList = z.object({ items: z.array(Handler) });

// ---------------------------------------------------------------------------------------------------------------
// Import

export const ImportParseBody = z.strictObject({
  text: z.string().max(MAX_TEXT_CHARS).optional(),
  file: FileUpload.optional(),
});

export const SpanSet = z.object({
  issuer: Span.nullable(),
  number: Span.nullable(),
  doc_type: Span.nullable(),
  place: Span.nullable(),
  date: Span.nullable(),
  subject: Span.nullable(),
  signer: z.object({ name: Span.nullable(), title: Span.nullable(), authority: Span.nullable() }).nullable(),
  references: z.array(Span.nullable()),
  recipients: z.array(Span.nullable()),
  tasks: z.array(z.object({ span: Span.nullable(), lead: z.array(Span.nullable()), support: z.array(Span.nullable()), deadline: Span.nullable() })),
});

export const ArrivalStamp = z.object({
  number: z.number().nullable(),
  date: z.string().nullable(),
  routedTo: z.string().nullable(),
  fileRef: z.string().nullable(),
  span: Span.nullable(),
});

export const ImportParseResult = z.object({
  text: z.string(),
  source: z.object({ fileName: z.string(), mediaType: z.string(), textStatus: z.enum(TEXT_STATUSES), note: z.string().nullable() }).nullable(),
  parsed: ParsedDirective,
  spans: SpanSet,
  stamp: ArrivalStamp.nullable(),
  /** Each task's agencies resolved against the registry (codes, or groups kept as one task). */
  resolved: z.array(z.object({ lead: z.array(ResolvedAgencyOut), support: z.array(ResolvedAgencyOut) })),
  /** Each reference matched to a registered document, when it is in the registry. */
  referenceTargets: z.array(DocumentRef.nullable()),
  duplicateOf: DocumentRef.nullable(),
  nextArrivalNumber: z.number(),
});
export type ImportParseResult = z.infer<typeof ImportParseResult>;

export const TaskInput = z.strictObject({
  item: NullableText(50),
  summary: Text(2000).min(1),
  lead: z.array(AgencyRef).min(1).max(100),
  support: z.array(AgencyRef).max(100).default([]),
  deadline: IsoDate.nullable(),
  figureKey: FigureKey.nullable().optional(),
  span: Span.nullable().optional(),
});
export type TaskInput = z.infer<typeof TaskInput>;

export const ImportConfirmBody = z.strictObject({
  text: z.string().max(MAX_TEXT_CHARS),
  document: DocumentFields,
  tasks: z.array(TaskInput).max(500),
  arrival: ArrivalInput.default({}),
  attachment: FileUpload.optional(),
  allowDuplicate: z.boolean().default(false),
});
export type ImportConfirmBody = z.infer<typeof ImportConfirmBody>;

// ---------------------------------------------------------------------------------------------------------------
// Tasks

export const TaskQuery = z.strictObject({
  agency: AgencyCode.optional(),
  group: z.enum(AGENCY_GROUPS).optional(),
  document: z.coerce.number().int().positive().optional(),
  status: z.enum(TASK_FILTERS).optional(),
  /** Open tasks whose deadline falls within this many days from today (Vietnam), overdue ones excluded. */
  dueWithin: z.coerce.number().int().min(0).max(366).optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TaskQuery = z.infer<typeof TaskQuery>;
export const TaskList = z.object({ items: z.array(TaskSummary), total: z.number(), today: z.string() });

export const ReminderQuery = z.strictObject({ days: z.coerce.number().int().min(0).max(366).default(7), agency: AgencyCode.optional() });

export const Figure = z.strictObject({
  key: FigureKey,
  value: z.number().finite(),
  unit: NullableText(30).optional(),
});

export const TaskReport = z.object({
  id: z.number(),
  agencyCode: z.string().nullable(),
  agencyName: z.string().nullable(),
  body: z.string(),
  figures: z.array(z.object({ key: z.string(), value: z.number(), unit: z.string().nullable().optional() })),
  statusAfter: z.enum(['in_progress', 'done']).nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  attachments: z.array(AttachmentMeta),
});

export const TaskDetail = TaskSummary.extend({
  body: z.string().nullable(),
  reports: z.array(TaskReport),
  /** A group task: how many of its member agencies have reported. */
  members: z.object({ total: z.number(), reported: z.array(z.object({ code: z.string(), name: z.string() })) }).nullable(),
});

export const ReportBody = z.strictObject({
  body: Text(20_000).min(1),
  figures: z.array(Figure).max(50).default([]),
  status: z.enum(['in_progress', 'done']).nullable().optional(),
  /** The reporting agency: an agency officer's own; others may report for any agency of the task. */
  agencyCode: AgencyCode.nullable().optional(),
  attachments: z.array(FileUpload).max(5).default([]),
});
export type ReportBody = z.infer<typeof ReportBody>;

export const TaskUpdate = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  deadline: IsoDate.nullable().optional(),
  figureKey: FigureKey.nullable().optional(),
  summary: Text(2000).min(1).optional(),
  agencyCode: AgencyCode.nullable().optional(),
});

export const BoardQuery = z.strictObject({ by: z.enum(['agency', 'document']).default('agency') });
export const BoardRow = z.object({
  key: z.string(),
  label: z.string(),
  agencyCode: z.string().nullable(),
  agencyGroup: z.enum(AGENCY_GROUPS).nullable(),
  documentId: z.number().nullable(),
  documentDate: z.string().nullable(),
  total: z.number(),
  new: z.number(),
  inProgress: z.number(),
  done: z.number(),
  cancelled: z.number(),
  overdue: z.number(),
  nextDeadline: z.string().nullable(),
});
export const Board = z.object({ by: z.enum(['agency', 'document']), rows: z.array(BoardRow), today: z.string() });

// ---------------------------------------------------------------------------------------------------------------
// Drafting

export const DraftItem = z.strictObject({
  text: Text(10_000).min(1),
  lead: z.array(AgencyRef).max(50).default([]),
  support: z.array(AgencyRef).max(50).default([]),
  deadline: IsoDate.nullable().default(null),
  figureKey: FigureKey.nullable().optional(),
});
export type DraftItem = z.infer<typeof DraftItem>;

export const DraftContent = z.strictObject({
  /** The agency whose numbering series the number comes from (registry code). */
  issuerCode: AgencyCode,
  /** The issuing body as printed: "Ủy ban nhân dân tỉnh Cao Bằng". */
  issuerName: Text(300).min(1),
  /** The body above it (cơ quan chủ quản), printed above the issuer: "UBND tỉnh Cao Bằng" over a Ban Chỉ đạo. */
  parentName: NullableText(300).default(null),
  /** 'Công văn' (no type name printed), 'Chỉ thị', 'Thông báo', 'Kế hoạch', 'Quyết định', 'Công điện' … */
  docType: Text(100).min(1),
  /** The symbol after the number: "UBND-VX" (công văn), "CT-UBND", "TB-UBND". */
  symbolSuffix: Text(60).regex(/^[A-ZĐ0-9&]+(?:-[A-ZĐ0-9&]+)*$/u, 'e.g. UBND-VX, CT-UBND'),
  place: Text(200).min(1),
  /** The issue date; the day it is issued when absent. */
  date: IsoDate.nullable().default(null),
  subject: Text(2000).min(1),
  references: z.array(DirectiveReference).max(50).default([]),
  /** Kính gửi. */
  recipients: z.array(Text(500).min(1)).max(100).default([]),
  intro: Text(20_000).default(''),
  items: z.array(DraftItem).max(200).default([]),
  closing: Text(5_000).default(''),
  signer: z.strictObject({
    /** Signing prefixes joined by '; ' as the parser writes them: "TM. Ủy ban nhân dân; KT. Chủ tịch". */
    authority: Text(300).default(''),
    title: Text(200).min(1),
    name: Text(200).min(1),
  }),
  /** Nơi nhận after "Như trên": "Văn phòng Chính phủ (b/c)". */
  copyTo: z.array(Text(300).min(1)).max(100).default([]),
  /** The filing note after "Lưu:": "VT, VX". */
  filing: Text(100).default('VT'),
});
export type DraftContent = z.infer<typeof DraftContent>;

export const DraftSave = z.strictObject({ content: DraftContent, version: z.number().int().min(1).optional() });
export const DraftSummary = z.object({
  id: z.number(),
  status: z.enum(['draft', 'issued']),
  subject: z.string().nullable(),
  docType: z.string(),
  version: z.number(),
  documentId: z.number().nullable(),
  symbol: z.string().nullable(),
  updatedAt: z.string(),
});
export const DraftList = z.object({ items: z.array(DraftSummary) });
export const DraftDetail = DraftSummary.extend({ content: DraftContent });
export const IssueBody = z.strictObject({ date: IsoDate.nullable().optional(), version: z.number().int().min(1).optional() });
