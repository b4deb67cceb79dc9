// The contact line list of a case (/tracing/cases/:id/contacts): a spreadsheet-like grid where a tracer enters
// the contacts (F1) named by a confirmed case, keyboard only, or pastes them from a spreadsheet. While a row is
// typed, existing records that may be the same person are looked up (debounced) and shown under the row; the
// tracer links the row to one of them or marks a new person. Saving creates the new persons one by one, then
// writes every contact in one call (person A = the case's person) and shows the new trace. A person creation
// that fails stops the save before any contact is written, with the row's error shown and every row kept.
// Pure logic: lib/lineList.ts; the grid: components/LineListGrid.tsx.
import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PersonDetail, PersonSummary } from '../../contracts/people.ts';
import type { Written } from '../../contracts/tracing.ts';
import { api, ApiError, buildQuery } from '../api.ts';
import { useUser } from '../auth.ts';
import {
  applyPaste, CHOICE_COLUMNS, checkRow, COLUMNS, contactErrorsFromServer, contactsBody, createLimiter, deleteRow, editCell, fillDown,
  insertRowAfter, isBlankRow, isBlockPaste, isLocked, keyAction, lookupKey, lookupOf, lookupQueries, mergeCandidates, moveCursor, newRow,
  normalizeCell, personErrorsFromServer, rankCandidates, carryFrom, PERSON_COLUMNS, sheetDuplicates,
  type CellErrors, type DraftRow, type Lookup, type LookupQueryKind, type RowCheck,
} from '../lib/lineList.ts';
import { useCommunes } from '../lib/reference.ts';
import type { CaseDetailT } from '../lib/tracing.ts';
import { cellId, cellOf, LineListGrid, linkId, useLineListI18n, type GridHandlers, type GridRow, type SavedGridRow } from '../components/LineListGrid.tsx';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, errorText, Loading, Notice } from '../components/Status.tsx';
import { tracingKeys } from './TracingPage.tsx';

type WrittenT = z.infer<typeof Written>;

/** Every read and write of this page is for contact tracing (audited with that purpose). */
const PURPOSE = 'tracing' as const;
/** Lookups of a pasted sheet run a few at a time, not all at once. */
const limit = createLimiter(3);

type Found = Array<{ kind: LookupQueryKind; items: PersonSummary[] }>;

async function runLookup(l: Lookup, signal: AbortSignal): Promise<Found> {
  return Promise.all(
    lookupQueries(l).map((q) =>
      limit(() =>
        api.get<{ items: PersonSummary[] }>(`/api/people${buildQuery({ ...q.params, pageSize: 10, purpose: PURPOSE })}`, { signal }),
      ).then((r) => ({ kind: q.kind, items: r.items })),
    ),
  );
}

export function ContactLineListPage(): ReactNode {
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const query = useQuery({
    queryKey: tracingKeys.case(id, PURPOSE),
    queryFn: ({ signal }) => api.get<CaseDetailT>(`/api/tracing/cases/${encodeURIComponent(id)}${buildQuery({ purpose: PURPOSE })}`, { signal }),
    enabled: valid,
  });
  if (!valid) return <ErrorAlert error="tracing.case_not_found" />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <LineListEditor caseData={query.data} />;
}

interface Failure {
  kind: 'person' | 'contacts' | 'rows';
  /** Row number (1-based) for a person failure, count of rows for 'rows'. */
  n: number;
  error: unknown;
  created: number;
}

interface Outcome {
  written: number;
  created: number;
  trace: WrittenT['trace'];
}

function LineListEditor(props: { caseData: CaseDetailT }): ReactNode {
  const c = props.caseData;
  const L = useLineListI18n();
  const { tl, t, num } = L;
  const me = useUser();
  const qc = useQueryClient();
  const communes = useCommunes();

  // ---- rows
  const seq = useRef(0);
  const newKey = useCallback(() => `r${++seq.current}`, []);
  const [rows, setRows] = useState<DraftRow[]>(() => [newRow('r0')]);
  const [saved, setSaved] = useState<SavedGridRow[]>([]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState<{ done: number; total: number } | null>(null);
  const savingRef = useRef(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [info, setInfo] = useState('');
  const [focus, setFocus] = useState<{ id: string; fallback?: string } | null>(null);

  useEffect(() => {
    if (!focus) return;
    const el = (document.getElementById(focus.id) ?? (focus.fallback ? document.getElementById(focus.fallback) : null)) as HTMLElement | null;
    if (el) {
      el.focus();
      if (el instanceof HTMLInputElement && !el.readOnly) el.select();
    }
    setFocus(null);
  }, [focus]);

  // ---- communes: the user's area; a new sheet starts in the case's commune
  const scope = me.areaScope === 'communes' ? me.areaCommunes : undefined;
  const { optionsFor } = communes;
  const communeOptions = useMemo(() => optionsFor([], scope), [optionsFor, scope]);
  const communeRefs = useMemo(() => communes.all.map((u) => ({ code: u.code, name: u.name })), [communes.all]);
  const communeCodes = useMemo(() => (communes.all.length ? new Set(communes.all.map((u) => u.code)) : null), [communes.all]);
  const defaultCommune = communeOptions.some((o) => o.value === c.communeCode) ? (c.communeCode ?? '') : (communeOptions[0]?.value ?? '');
  useEffect(() => {
    if (!defaultCommune) return;
    setRows((rs) => rs.map((r) => (r.values.communeCode === '' && isBlankRow(r.values) ? { ...r, values: { ...r.values, communeCode: defaultCommune } } : r)));
  }, [defaultCommune]);

  // ---- possible duplicates in the registry, looked up 300 ms after the typing stops
  const lookups = useMemo(() => {
    const out: Record<string, Lookup | null> = {};
    for (const r of rows) out[r.key] = r.link.kind === 'existing' && r.link.created ? null : lookupOf(r.values);
    return out;
  }, [rows]);
  const [debouncedJson] = useDebouncedValue(JSON.stringify(lookups), 300);
  const debounced = useMemo(() => JSON.parse(debouncedJson) as Record<string, Lookup | null>, [debouncedJson]);
  const unique = useMemo(() => {
    const byKey = new Map<string, Lookup>();
    for (const l of Object.values(debounced)) if (l) byKey.set(lookupKey(l), l);
    return [...byKey.entries()];
  }, [debounced]);
  const results = useQueries({
    queries: unique.map(([key, l]) => ({
      queryKey: ['people', 'linelist-lookup', key, PURPOSE],
      queryFn: ({ signal }: { signal: AbortSignal }) => runLookup(l, signal),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const found = new Map(unique.map(([key], i) => [key, results[i]]));

  const views = rows.map((r) => {
    const now = lookups[r.key] ?? null;
    const key = lookupKey(now);
    const settled = key === lookupKey(debounced[r.key] ?? null);
    const result = now ? found.get(key) : undefined;
    const fromSearch = now && settled && result?.data ? rankCandidates(now, result.data, { exclude: [c.personId] }) : [];
    return {
      candidates: mergeCandidates(fromSearch, r.serverCandidates),
      checking: now !== null && (!settled || (result?.isFetching ?? false)),
    };
  });
  const candidateCounts = views.map((v) => v.candidates.length).join(',');

  // ---- checks
  const checks: RowCheck[] = useMemo(() => {
    const dups = sheetDuplicates(rows);
    const counts = candidateCounts.split(',').map(Number);
    const now = Date.now();
    return rows.map((r, i) => checkRow(r, { now, communeCodes, casePersonId: c.personId, candidates: counts[i] ?? 0, sheet: dups.get(i) ?? [] }));
  }, [rows, candidateCounts, communeCodes, c.personId]);

  const gridRows: GridRow[] = rows.map((r, i) => {
    const blank = isBlankRow(r.values);
    const check = checks[i]!;
    const errors: CellErrors = {};
    for (const col of COLUMNS) {
      const server = r.serverErrors[col];
      const own = check.cells[col];
      const visible = (attempted && !blank) || (touched.has(`${r.key}:${col}`) && r.values[col].trim() !== '');
      if (server) errors[col] = server;
      else if (own && visible) errors[col] = own;
    }
    const problems = [
      ...(r.serverError ? [{ code: r.serverError, level: 'error' as const }] : []),
      ...check.problems.filter((p) => p.code !== 'linelist.err.undecided' || attempted),
    ];
    return {
      row: r,
      index: i,
      errors,
      problems: blank ? [] : problems,
      candidates: views[i]!.candidates,
      checking: views[i]!.checking,
      hasErrors: !blank && (Object.keys(errors).length > 0 || problems.some((p) => p.level === 'error')),
    };
  });

  // ---- editing
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const busy = saving !== null;

  const handlers: GridHandlers = useMemo(
    () => ({
      onCell: (key, column, value) => {
        if (savingRef.current) return;
        setRows((rs) => rs.map((r) => (r.key !== key || (r.link.kind === 'existing' && PERSON_COLUMNS.includes(column)) ? r : editCell(r, column, value))));
        if (CHOICE_COLUMNS.includes(column)) setTouched((tt) => new Set(tt).add(`${key}:${column}`));
      },
      onBlurCell: (key, column) => {
        setTouched((tt) => (tt.has(`${key}:${column}`) ? tt : new Set(tt).add(`${key}:${column}`)));
        if (savingRef.current || CHOICE_COLUMNS.includes(column) || column === 'evidence') return;
        setRows((rs) =>
          rs.map((r) => {
            if (r.key !== key || isLocked(r, column) || (r.link.kind === 'existing' && PERSON_COLUMNS.includes(column))) return r;
            const v = normalizeCell(column, r.values[column], { communes: communeRefs });
            return v === r.values[column] ? r : editCell(r, column, v);
          }),
        );
      },
      onPick: (key, candidate) => {
        if (savingRef.current) return;
        setRows((rs) => rs.map((r) => (r.key === key ? { ...r, link: { kind: 'existing', person: candidate.person, created: false }, serverError: null, serverErrors: {} } : r)));
        setFocus({ id: linkId(key), fallback: cellId(key, 'at') });
      },
      onMarkNew: (key) => {
        if (savingRef.current) return;
        setRows((rs) => rs.map((r) => (r.key === key ? { ...r, link: { kind: 'new' }, serverError: null } : r)));
        setFocus({ id: linkId(key), fallback: cellId(key, 'at') });
      },
      onUnlink: (key) => {
        if (savingRef.current) return;
        setRows((rs) => rs.map((r) => (r.key === key ? { ...r, link: { kind: 'undecided' } } : r)));
        setFocus({ id: linkId(key), fallback: cellId(key, 'fullName') });
      },
      onDelete: (key) => {
        if (savingRef.current) return;
        const rs = rowsRef.current;
        const index = rs.findIndex((r) => r.key === key);
        if (index < 0) return;
        const out = deleteRow(rs, index, newKey);
        setRows(out.rows);
        setInfo(tl('linelist.deleted', { n: index + 1 }));
        setFocus({ id: cellId(out.rows[out.focus]!.key, 'fullName') });
      },
    }),
    [communeRefs, newKey, tl],
  );

  // ---- keyboard
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    const action = keyAction(e);
    if (!action) return;
    if (action === 'save') {
      e.preventDefault();
      e.stopPropagation();
      void save();
      return;
    }
    const target = e.target as HTMLElement;
    const cell = cellOf(target);
    if (!cell) return;
    const index = rows.findIndex((r) => r.key === cell.key);
    if (index < 0) return;
    const col = COLUMNS.indexOf(cell.column);
    const listOpen = target.getAttribute('aria-expanded') === 'true' || target.hasAttribute('data-expanded');
    const stop = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (action) {
      case 'deleteRow':
        stop();
        handlers.onDelete(cell.key);
        return;
      case 'fillDown':
        stop();
        if (!savingRef.current && !(rows[index]!.link.kind === 'existing' && PERSON_COLUMNS.includes(cell.column))) setRows(fillDown(rows, { row: index, col }));
        return;
      case 'shiftTab':
        return; // the browser's order
      case 'tab': {
        // The browser's order, except from the last cell of a filled last row (nothing follows): a new row.
        const move = moveCursor({ row: index, col }, 'tab', rows.length);
        const link = rows[index]!.link;
        const hasLine = gridRows[index]!.candidates.length > 0 || (link.kind === 'existing' && !link.created);
        if (!move.append || hasLine || isBlankRow(rows[index]!.values) || savingRef.current) return;
        stop();
        const added = insertRowAfter(rows, index, newKey);
        setRows(added);
        setFocus({ id: cellId(added[index + 1]!.key, COLUMNS[0]) });
        return;
      }
      default: {
        if (listOpen) return; // ↑/↓/Enter belong to the open list
        stop();
        const move = moveCursor({ row: index, col }, action, rows.length);
        let list = rows;
        if (move.append) {
          if (savingRef.current) return;
          list = insertRowAfter(rows, index, newKey);
          setRows(list);
        }
        const next = list[move.cursor.row];
        if (next) setFocus({ id: cellId(next.key, COLUMNS[move.cursor.col]!) });
      }
    }
  };

  // ---- paste
  const onPasteCapture = (e: ClipboardEvent<HTMLDivElement>) => {
    const cell = cellOf(e.target as HTMLElement);
    if (!cell || savingRef.current) return;
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    const block = isBlockPaste(text);
    // One value into a text cell: the browser pastes it at the caret.
    if (!block && !CHOICE_COLUMNS.includes(cell.column)) return;
    const index = rows.findIndex((r) => r.key === cell.key);
    if (index < 0) return;
    e.preventDefault();
    e.stopPropagation();
    const out = applyPaste(rows, { row: index, col: COLUMNS.indexOf(cell.column) }, text, { communes: communeRefs, newKey });
    setRows(out.rows);
    setTouched((tt) => {
      const next = new Set(tt);
      for (let i = out.first; i <= out.last; i += 1) for (const col of out.columns) next.add(`${out.rows[i]!.key}:${col}`);
      return next;
    });
    if (block) setInfo(tl(out.header ? 'linelist.pastedHeader' : 'linelist.pasted', { n: num(out.count) }));
  };

  // ---- save
  const save = async () => {
    if (savingRef.current) return;
    setOutcome(null);
    setFailure(null);
    setInfo('');
    const list = rows;
    const indexes = list.map((_, i) => i).filter((i) => !isBlankRow(list[i]!.values));
    if (indexes.length === 0) {
      setInfo(tl('linelist.nothingToSave'));
      return;
    }
    setAttempted(true);
    const bad = indexes.filter((i) => !checks[i]!.ok);
    if (bad.length > 0) {
      setFailure({ kind: 'rows', n: bad.length, error: null, created: 0 });
      focusRowProblem(list[bad[0]!]!, checks[bad[0]!]!);
      return;
    }
    savingRef.current = true;
    const toCreate = indexes.filter((i) => list[i]!.link.kind !== 'existing');
    setSaving({ done: 0, total: toCreate.length + 1 });
    const personOf = new Map<string, { id: number; fullName: string; created: boolean }>();
    for (const i of indexes) {
      const link = list[i]!.link;
      if (link.kind === 'existing') personOf.set(list[i]!.key, { id: link.person.id, fullName: link.person.fullName, created: link.created });
    }
    let created = 0;
    // The records created are linked to their rows in one update (before the contacts are sent, or when a creation
    // fails), not one by one: each update lays the whole grid out again.
    const createdLinks = new Map<string, PersonSummary>();
    const linkCreated = () => {
      if (createdLinks.size === 0) return;
      const links = new Map(createdLinks);
      setRows((rs) =>
        rs.map((x) => {
          const p = links.get(x.key);
          return p ? { ...x, link: { kind: 'existing', person: p, created: true }, serverErrors: {}, serverError: null, serverCandidates: [] } : x;
        }),
      );
    };
    try {
      for (const i of toCreate) {
        const r = list[i]!;
        const person = checks[i]!.person!;
        const { confirmNotDuplicate: _drop, ...fields } = person;
        try {
          const p = await api.post<PersonDetail>(
            `/api/people${buildQuery({ purpose: PURPOSE })}`,
            r.link.kind === 'new' ? { ...fields, confirmNotDuplicate: true } : fields,
          );
          created += 1;
          personOf.set(r.key, { id: p.id, fullName: p.fullName, created: true });
          createdLinks.set(r.key, toSummary(p));
          setSaving((s) => (s ? { ...s, done: s.done + 1 } : s));
        } catch (err) {
          linkCreated();
          const mapped = err instanceof ApiError ? personErrorsFromServer(err) : { cells: {}, row: null, candidates: [] };
          setRows((rs) =>
            rs.map((x) =>
              x.key === r.key
                ? { ...x, serverErrors: mapped.cells, serverError: mapped.row ?? (err instanceof ApiError ? null : 'common.unexpected'), serverCandidates: mapped.candidates, link: mapped.candidates.length ? { kind: 'undecided' } : x.link }
                : x,
            ),
          );
          setFailure({ kind: 'person', n: i + 1, error: err, created });
          const firstCell = COLUMNS.find((col) => mapped.cells[col]);
          setFocus(mapped.candidates.length ? { id: linkId(r.key), fallback: cellId(r.key, 'fullName') } : { id: cellId(r.key, firstCell ?? 'fullName') });
          return;
        }
      }
      linkCreated();
      const batch = indexes.map((i) => ({ personId: personOf.get(list[i]!.key)!.id, contact: checks[i]!.contact! }));
      let out: WrittenT;
      try {
        out = await api.post<WrittenT>('/api/tracing/contacts', contactsBody(c.personId, batch));
      } catch (err) {
        if (err instanceof ApiError) {
          const mapped = contactErrorsFromServer(err, batch.map((b) => b.personId));
          setRows((rs) =>
            rs.map((x) => {
              const at = indexes.findIndex((i) => list[i]!.key === x.key);
              const e = at >= 0 ? mapped.rows.get(at) : undefined;
              return e ? { ...x, serverErrors: { ...x.serverErrors, ...e.cells }, serverError: e.row } : x;
            }),
          );
          const first = [...mapped.rows.keys()].sort((a, b) => a - b)[0];
          if (first !== undefined) {
            const key = list[indexes[first]!]!.key;
            const col = COLUMNS.find((cc) => mapped.rows.get(first)!.cells[cc]);
            setFocus({ id: cellId(key, col ?? 'at') });
          }
        }
        setFailure({ kind: 'contacts', n: 0, error: err, created });
        return;
      }
      // Written: the saved rows stay on view, marked, and a fresh row (carrying the last one's time, setting and
      // commune) takes the focus for the next contact.
      const last = list[indexes[indexes.length - 1]!]!;
      setSaved((s) => [
        ...s,
        ...indexes.map((i) => {
          const r = list[i]!;
          const p = personOf.get(r.key)!;
          return { key: `s${r.key}`, values: r.values, personId: p.id, personName: p.fullName, created: p.created };
        }),
      ]);
      const fresh = newRow(newKey(), carryFrom(last.values));
      setRows([fresh]);
      setTouched(new Set());
      setAttempted(false);
      setOutcome({ written: out.written, created: indexes.filter((i) => personOf.get(list[i]!.key)!.created).length, trace: out.trace });
      setFocus({ id: cellId(fresh.key, 'fullName') });
      void qc.invalidateQueries({ queryKey: tracingKeys.all });
      void qc.invalidateQueries({ queryKey: ['people'] });
    } finally {
      savingRef.current = false;
      setSaving(null);
    }
  };

  const focusRowProblem = (r: DraftRow, check: RowCheck) => {
    const col = COLUMNS.find((cc) => check.cells[cc]);
    if (col) setFocus({ id: cellId(r.key, col) });
    else setFocus({ id: linkId(r.key), fallback: cellId(r.key, 'fullName') });
  };

  const addRow = () => {
    if (savingRef.current) return;
    const added = insertRowAfter(rows, rows.length - 1, newKey);
    setRows(added);
    setFocus({ id: cellId(added[added.length - 1]!.key, 'fullName') });
  };

  const unsaved = rows.filter((r) => !isBlankRow(r.values)).length;
  // Typed interviews are not lost to a reload or a closed tab by mistake (links inside the app are not guarded).
  useEffect(() => {
    if (unsaved === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  const failureText = (f: Failure): ReactNode => {
    if (f.kind === 'rows') return tl('linelist.fixRows', { n: num(f.n) });
    const error = errorText(f.error, L);
    return (
      <>
        <Text size="sm" fw={700}>
          ⚠ {f.kind === 'person' ? tl('linelist.failedPerson', { n: f.n, error }) : tl('linelist.failedContacts', { error })}
        </Text>
        <Text size="sm">{f.kind === 'person' ? tl('linelist.failedPersonNote', { n: f.n }) : tl('linelist.failedContactsNote')}</Text>
        {f.created > 0 && <Text size="sm">{tl('linelist.createdBefore', { n: num(f.created) })}</Text>}
        {f.error instanceof ApiError && f.error.requestId && (
          <Text size="xs" c="dimmed">
            {t('common.requestId', { id: f.error.requestId })}
          </Text>
        )}
      </>
    );
  };

  return (
    <Stack gap="sm" onKeyDownCapture={onKeyDownCapture}>
      <PageHeader title={tl('linelist.title', { code: c.code })}>
        <Button component={Link} to={`/tracing/cases/${c.id}`} variant="default">
          {tl('linelist.backToCase')}
        </Button>
      </PageHeader>
      <Text size="sm">
        {tl('linelist.casePerson', { name: c.personName ?? `#${c.personId}` })}
        {c.communeCode ? ` · ${communes.nameOf(c.communeCode)}` : ''}
      </Text>
      <Text size="xs" c="dimmed" id="ll-help">
        {tl('linelist.help')}
      </Text>

      {outcome && (
        <Notice color="green" kind="status" onClose={() => setOutcome(null)}>
          <Text size="sm" fw={700}>
            ✓ {tl('linelist.result', { n: num(outcome.written) })}
          </Text>
          <Text size="sm">{tl('linelist.resultTrace', { classified: num(outcome.trace.classified), changed: num(outcome.trace.changed) })}</Text>
          {outcome.created > 0 && <Text size="sm">{tl('linelist.resultCreated', { n: num(outcome.created) })}</Text>}
          <Anchor component={Link} to={`/tracing/cases/${c.id}`} size="sm">
            {tl('linelist.openCase')}
          </Anchor>
        </Notice>
      )}
      {failure && (
        <Notice color="red" onClose={() => setFailure(null)}>
          {failureText(failure)}
        </Notice>
      )}

      <div onPasteCapture={onPasteCapture} aria-describedby="ll-help">
        <LineListGrid
          rows={gridRows}
          saved={saved}
          communeOptions={communeOptions}
          communeName={communes.nameOf}
          busy={busy}
          handlers={handlers}
        />
      </div>

      <Group gap="sm" wrap="wrap">
        <Button variant="default" onClick={addRow}>
          + {tl('linelist.addRow')}
        </Button>
        <Button
          onClick={() => void save()}
          aria-disabled={busy || undefined}
          leftSection={busy ? <Loader size={14} color="white" /> : undefined}
          title="Ctrl+Enter"
        >
          {tl('linelist.save')}
        </Button>
        {saved.length > 0 && (
          <Button variant="subtle" onClick={() => setSaved([])}>
            {tl('linelist.hideSaved')}
          </Button>
        )}
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {saving ? tl('linelist.saving', { done: num(saving.done), total: num(saving.total) }) : [tl('linelist.rows', { n: num(unsaved) }), info].filter(Boolean).join(' · ')}
        </Text>
      </Group>
    </Stack>
  );
}

/** The summary part of a created record (what a linked row shows). */
function toSummary(p: PersonDetail): PersonSummary {
  return {
    id: p.id, fullName: p.fullName, birthDate: p.birthDate, birthYear: p.birthYear, sex: p.sex, idType: p.idType, idNumber: p.idNumber,
    phone: p.phone, address: p.address, communeCode: p.communeCode, communeName: p.communeName, nationality: p.nationality,
  };
}
