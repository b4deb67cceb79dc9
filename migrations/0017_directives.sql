-- Directives: the document registry (incoming and outgoing documents, Decree 30/2020/NĐ-CP Art. 20-24 and
-- Phụ lục IV), their links to the documents they implement (căn cứ), attachments with their extracted text,
-- the tasks they assign (board, progress reports) and drafts composed in the app.
-- Documents are not personal data; every write is audited by the application.

-- One row per document: 'incoming' (văn bản đến: arrival number and date, handler, file reference) or
-- 'outgoing' (văn bản đi: number allocated from document_counters when issued).
create table documents (
  id bigint generated always as identity primary key,
  direction text not null check (direction in ('incoming', 'outgoing')),
  issuer text check (length(issuer) <= 300),
  -- Outgoing: the agency whose numbering series the number comes from.
  issuer_code text references agencies (code),
  -- Number and symbol as printed ("1883/UBND-VX"), null when the number is blank; `number` its leading digits.
  symbol text check (length(symbol) <= 100),
  number int check (number > 0),
  doc_type text check (length(doc_type) <= 100),
  doc_date date,
  place text check (length(place) <= 200),
  subject text check (length(subject) <= 2000),
  recipients text[] not null default '{}',
  signer_name text check (length(signer_name) <= 200),
  signer_title text check (length(signer_title) <= 200),
  signer_authority text check (length(signer_authority) <= 300),
  body_text text not null default '' check (length(body_text) <= 2000000),
  -- The parse result as the officer confirmed it (shape of shared/seeds/directive-parse.schema.json).
  parsed jsonb,
  -- Incoming: the "ĐẾN" stamp (Số, Ngày, Chuyển, Lưu hồ sơ số) and who handles it.
  arrival_year int,
  arrival_number int check (arrival_number > 0),
  arrival_date date,
  handler_id bigint references users (id),
  handler_note text check (length(handler_note) <= 500),
  file_ref text check (length(file_ref) <= 100),
  -- Outgoing: the year of the numbering series the number belongs to.
  series_year int,
  draft_id bigint,
  search_text text generated always as (pd_fold(
    coalesce(symbol, '') || ' ' || coalesce(doc_type, '') || ' ' || coalesce(subject, '') || ' ' || coalesce(issuer, '') || ' ' || body_text
  )) stored,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  updated_at timestamptz not null default now(),
  check (direction = 'outgoing' or (arrival_number is not null and arrival_date is not null and arrival_year is not null)),
  check (direction = 'incoming' or (symbol is not null and number is not null and series_year is not null and issuer_code is not null))
);
-- Arrival numbers run through the year, one series (Decree 30 Art. 22); outgoing numbers restart every year per issuer.
create unique index documents_arrival_key on documents (arrival_year, arrival_number) where direction = 'incoming';
create unique index documents_outgoing_key on documents (issuer_code, series_year, number) where direction = 'outgoing';
create index documents_search_idx on documents using gin (search_text gin_trgm_ops);
create index documents_symbol_idx on documents (lower(symbol));
create index documents_date_idx on documents (coalesce(arrival_date, doc_date) desc, id desc);

-- The last number given in a series: 'in' (arrival register) or 'out:<issuer code>', per year. A number is
-- allocated by an upsert that increments the row, in the transaction that registers the document: the row
-- stays locked until it commits, so two documents never get one number and a rolled-back one leaves no gap.
create table document_counters (
  series text not null,
  year int not null check (year between 1945 and 2200),
  last_number int not null check (last_number >= 0),
  primary key (series, year)
);

-- What a document implements or cites (căn cứ), as the text cites it; target_id once that document is in the
-- registry (matched by number and date; filled in later when the cited document is registered after).
create table document_links (
  id bigint generated always as identity primary key,
  document_id bigint not null references documents (id) on delete cascade,
  ref_number text check (length(ref_number) <= 100),
  ref_date date,
  ref_issuer text check (length(ref_issuer) <= 300),
  target_id bigint references documents (id) on delete set null,
  position int not null default 0
);
create index document_links_document_idx on document_links (document_id);
create index document_links_target_idx on document_links (target_id);
create index document_links_ref_idx on document_links (lower(ref_number)) where target_id is null;

-- Files (TXT, DOCX, PDF) of a document or of a progress report, with the text extracted from them.
create table document_attachments (
  id bigint generated always as identity primary key,
  document_id bigint references documents (id) on delete cascade,
  report_id bigint,
  file_name text not null check (length(file_name) between 1 and 255),
  media_type text not null,
  size_bytes int not null check (size_bytes >= 0),
  sha256 text not null,
  content bytea not null,
  extracted_text text not null default '',
  -- ok | partial (some text could not be decoded) | no_text_layer (a scanned PDF: OCR it first) | unsupported | empty
  text_status text not null check (text_status in ('ok', 'partial', 'no_text_layer', 'unsupported', 'empty')),
  search_text text generated always as (pd_fold(file_name || ' ' || extracted_text)) stored,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  check ((document_id is null) <> (report_id is null))
);
create index document_attachments_document_idx on document_attachments (document_id);
create index document_attachments_report_idx on document_attachments (report_id);
create index document_attachments_search_idx on document_attachments using gin (search_text gin_trgm_ops);

-- A task a document assigns to one lead agency (registry code), or to a group of agencies kept as one task
-- ('districts', 'communes', 'departments', 'all': "UBND các huyện, thành phố"); members report on it each.
create table directive_tasks (
  id bigint generated always as identity primary key,
  document_id bigint not null references documents (id) on delete cascade,
  item text check (length(item) <= 50),
  summary text not null check (length(summary) between 1 and 2000),
  body text check (length(body) <= 20000),
  lead_name text not null check (length(lead_name) between 1 and 300),
  agency_code text references agencies (code),
  agency_group text check (agency_group in ('districts', 'communes', 'departments', 'all')),
  -- Supporting agencies (phối hợp): [{ "name": …, "code": … | null, "group": … | null }]
  support jsonb not null default '[]',
  deadline date,
  status text not null default 'new' check (status in ('new', 'in_progress', 'done', 'cancelled')),
  -- The operational figure the task concerns, a free key for now ('testing.samples').
  figure_key text check (figure_key ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$' and length(figure_key) <= 100),
  span_start int,
  span_end int,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  updated_at timestamptz not null default now(),
  done_at timestamptz,
  check (agency_code is null or agency_group is null)
);
create index directive_tasks_document_idx on directive_tasks (document_id);
create index directive_tasks_agency_idx on directive_tasks (agency_code, status);
create index directive_tasks_group_idx on directive_tasks (agency_group, status) where agency_group is not null;
create index directive_tasks_open_deadline_idx on directive_tasks (deadline) where status in ('new', 'in_progress');

-- Progress reports: appended, never changed (the history is the record).
create table directive_task_reports (
  id bigint generated always as identity primary key,
  task_id bigint not null references directive_tasks (id) on delete cascade,
  agency_code text references agencies (code),
  body text not null check (length(body) between 1 and 20000),
  -- [{ "key": "testing.samples", "value": 1200, "unit": "mẫu" }]
  figures jsonb not null default '[]',
  status_after text check (status_after in ('in_progress', 'done')),
  created_at timestamptz not null default now(),
  created_by bigint references users (id)
);
create index directive_task_reports_task_idx on directive_task_reports (task_id, created_at);
alter table document_attachments add constraint document_attachments_report_fk
  foreign key (report_id) references directive_task_reports (id) on delete cascade;

create function directive_task_reports_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'directive_task_reports is append-only';
end $$;
create trigger directive_task_reports_append_only before update on directive_task_reports
  for each row execute function directive_task_reports_append_only();

-- Directives and conclusion notices composed in the app, until issued (then document_id is the registered one).
create table directive_drafts (
  id bigint generated always as identity primary key,
  status text not null default 'draft' check (status in ('draft', 'issued')),
  content jsonb not null,
  subject text generated always as (content ->> 'subject') stored,
  version int not null default 1,
  document_id bigint references documents (id),
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id)
);
alter table documents add constraint documents_draft_fk foreign key (draft_id) references directive_drafts (id);
