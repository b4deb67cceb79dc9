// The grid of the contact line list: one table row of inputs per contact, and under it (when needed) a line with
// the row's link to a person record, the possible duplicates to pick from, and the row's problems. Presentational:
// state, keys, paste and save live in pages/ContactLineListPage.tsx; the logic in lib/lineList.ts.
// Every input has an id `ll-<row key>-<column>` and an aria-label naming the column and the row number, so the
// page can move the focus and a screen reader says where it is. Tab order is the DOM order: the cells of a row,
// then its duplicate suggestions (when shown), then the next row; the delete buttons are out of it (Ctrl+Delete).
import { memo, useMemo, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ActionIcon, Anchor, Badge, Button, Group, NativeSelect, Select, Table, Text, TextInput } from '@mantine/core';
import { useI18n } from '../i18n.ts';
import { isLineListKey, lineListText, type LineListKey } from '../i18n.linelist.ts';
import {
  COLUMNS, LITERAL_PREFIX, maskId, SETTINGS, type Candidate, type CellErrors, type Column, type DraftRow, type Problem, type RowValues,
} from '../lib/lineList.ts';
import { formatNumber } from '../lib/format.ts';
import type { Option } from '../lib/reference.ts';

/** The i18n of the page plus the line list's own texts (`tl`) and error codes of either catalogue (`m`). */
export function useLineListI18n() {
  const i18n = useI18n();
  return useMemo(
    () => ({
      ...i18n,
      tl: (key: LineListKey, params?: Readonly<Record<string, string | number>>) => lineListText(i18n.lang, key, params),
      m: (code: string) =>
        code.startsWith(LITERAL_PREFIX) ? code.slice(LITERAL_PREFIX.length) : isLineListKey(code) ? lineListText(i18n.lang, code) : i18n.msg(code),
    }),
    [i18n],
  );
}
export type LineListI18n = ReturnType<typeof useLineListI18n>;

export const cellId = (key: string, column: Column) => `ll-${key}-${column}`;
/** The first control of a row's link line (first suggestion, "Unlink" or "Change"). */
export const linkId = (key: string) => `ll-${key}-link`;
export function cellOf(el: Element | null): { key: string; column: Column } | null {
  const m = el?.id ? /^ll-(r\d+)-(\w+)$/.exec(el.id) : null;
  if (!m || !(COLUMNS as readonly string[]).includes(m[2]!)) return null;
  return { key: m[1]!, column: m[2] as Column };
}

const WIDTH: Record<Column, number> = {
  fullName: 190, birthYear: 78, sex: 86, phone: 124, idNumber: 140, communeCode: 180, at: 148, setting: 160, evidence: 220,
};
// A plain <table>, not Mantine's Table: its cells read the table's context, which changes at every render of the
// table, so every cell of every row would re-render (and React would walk the whole grid) at each keystroke.
const BORDER = '1px solid var(--mantine-color-gray-3)';
const TABLE_STYLE = {
  width: '100%', tableLayout: 'fixed', borderCollapse: 'collapse', border: BORDER, fontSize: 'var(--mantine-font-size-sm)',
} as const;
const TH_STYLE = {
  padding: 4, textAlign: 'start', verticalAlign: 'bottom', fontWeight: 700, borderBottom: BORDER, borderInlineStart: BORDER, lineHeight: 1.3,
} as const;
const TD_STYLE = {
  padding: 4,
  verticalAlign: 'top',
  borderBottom: BORDER,
  borderInlineStart: BORDER,
} as const;

function Td(props: { children?: ReactNode; colSpan?: number; className?: string; style?: CSSProperties }): ReactNode {
  return (
    <td colSpan={props.colSpan} className={props.className} style={props.style ? { ...TD_STYLE, ...props.style } : TD_STYLE}>
      {props.children}
    </td>
  );
}

const ROW_HEAD = 84;
export const GRID_MIN_WIDTH = Object.values(WIDTH).reduce((a, b) => a + b, 0) + ROW_HEAD + 34;

export interface GridRow {
  row: DraftRow;
  index: number;
  /** Error code to show under each cell (already filtered: typed, touched or after a save attempt). */
  errors: CellErrors;
  problems: Problem[];
  candidates: Candidate[];
  checking: boolean;
  hasErrors: boolean;
}

export interface SavedGridRow {
  key: string;
  values: RowValues;
  personId: number;
  personName: string;
  created: boolean;
}

export interface GridHandlers {
  onCell: (key: string, column: Column, value: string) => void;
  onBlurCell: (key: string, column: Column) => void;
  onPick: (key: string, candidate: Candidate) => void;
  onMarkNew: (key: string) => void;
  onUnlink: (key: string) => void;
  onDelete: (key: string) => void;
}

export function LineListGrid(props: {
  rows: readonly GridRow[];
  saved: readonly SavedGridRow[];
  communeOptions: readonly Option[];
  communeName: (code: string) => string;
  busy: boolean;
  handlers: GridHandlers;
}): ReactNode {
  const L = useLineListI18n();
  const { tl } = L;
  const settingOptions = useMemo(() => SETTINGS.map((s) => ({ value: s, label: tl(`linelist.setting.${s}`) })), [tl]);
  return (
    <Table.ScrollContainer minWidth={GRID_MIN_WIDTH} type="native">
      <table aria-label={tl('linelist.grid')} aria-busy={props.busy} style={TABLE_STYLE}>
        <thead>
          <tr>
            <th style={{ ...TH_STYLE, width: ROW_HEAD }}>{tl('linelist.col.row')}</th>
            {COLUMNS.map((c) => (
              <th key={c} style={{ ...TH_STYLE, width: WIDTH[c] }}>
                {tl(`linelist.col.${c}`)}
              </th>
            ))}
            <th style={{ ...TH_STYLE, width: 34 }} aria-label={tl('linelist.col.actions')} />
          </tr>
        </thead>
        <tbody>
          {props.saved.map((s, i) => (
            <SavedRow key={s.key} row={s} n={i + 1} communeName={props.communeName} L={L} />
          ))}
          {props.rows.map((r) => (
            <DraftGridRow
              key={r.row.key}
              view={r}
              communeOptions={props.communeOptions}
              settingOptions={settingOptions}
              communeName={props.communeName}
              handlers={props.handlers}
              L={L}
            />
          ))}
        </tbody>
      </table>
    </Table.ScrollContainer>
  );
}

const SavedRow = memo(SavedRowView);

function SavedRowView(props: { row: SavedGridRow; n: number; communeName: (code: string) => string; L: LineListI18n }): ReactNode {
  const { row, L } = props;
  const v = row.values;
  const { tl, t } = L;
  const setting = (SETTINGS as readonly string[]).includes(v.setting) ? tl(`linelist.setting.${v.setting as (typeof SETTINGS)[number]}`) : v.setting;
  return (
    <tr data-ll-saved={props.n} style={{ background: 'var(--mantine-color-green-0)' }}>
      <Td>
        <Badge color="green" variant="light" size="sm" tt="none" px={6}>
          ✓ {tl('linelist.status.saved')}
        </Badge>
      </Td>
      <Td>
        <Anchor component={Link} to={`/people/${row.personId}`} fw={500}>
          {row.personName}
        </Anchor>{' '}
        <Text span size="xs" c="dimmed">
          (#{row.personId}
          {row.created ? ` · ${tl('linelist.status.new')}` : ''})
        </Text>
      </Td>
      <Td>{v.birthYear}</Td>
      <Td>{v.sex === 'male' || v.sex === 'female' ? t(`sex.${v.sex}`) : ''}</Td>
      <Td className="pd-nowrap">{v.phone}</Td>
      <Td className="pd-nowrap">{maskId(v.idNumber)}</Td>
      <Td>{v.communeCode ? props.communeName(v.communeCode) : ''}</Td>
      <Td className="pd-nowrap">{v.at}</Td>
      <Td>{setting}</Td>
      <Td style={{ overflowWrap: 'anywhere' }}>{v.evidence}</Td>
      <Td />
    </tr>
  );
}

/** A row re-renders only when its own view changed (typing in one row of a long sheet stays fast). */
const DraftGridRow = memo(DraftGridRowView, (a, b) =>
  a.communeOptions === b.communeOptions && a.settingOptions === b.settingOptions && a.communeName === b.communeName &&
  a.handlers === b.handlers && a.L === b.L && sameView(a.view, b.view));

function sameView(a: GridRow, b: GridRow): boolean {
  const candidates = (v: GridRow) => v.candidates.map((c) => `${c.person.id}:${c.reasons.join('+')}`).join(',');
  return (
    a.row === b.row && a.index === b.index && a.checking === b.checking && a.hasErrors === b.hasErrors &&
    JSON.stringify(a.errors) === JSON.stringify(b.errors) && JSON.stringify(a.problems) === JSON.stringify(b.problems) &&
    candidates(a) === candidates(b)
  );
}

function DraftGridRowView(props: {
  view: GridRow;
  communeOptions: readonly Option[];
  settingOptions: readonly Option[];
  communeName: (code: string) => string;
  handlers: GridHandlers;
  L: LineListI18n;
}): ReactNode {
  const { view, handlers, L } = props;
  const { row } = view;
  const { tl, t, m } = L;
  const n = view.index + 1;
  const v = row.values;
  const linked = row.link.kind === 'existing' ? row.link : null;
  const label = (c: Column) => tl('linelist.cell', { col: tl(`linelist.col.${c}`), n });
  const err = (c: Column) => (view.errors[c] ? m(view.errors[c]) : undefined);
  const readOnlyPerson = linked !== null;

  const text = (c: Column, extra: { placeholder?: string; inputMode?: 'numeric' | 'tel' | 'text'; maxLength?: number } = {}) => (
    <TextInput
      id={cellId(row.key, c)}
      size="xs"
      aria-label={label(c)}
      value={v[c]}
      onChange={(e) => handlers.onCell(row.key, c, e.currentTarget.value)}
      onBlur={() => handlers.onBlurCell(row.key, c)}
      error={err(c)}
      readOnly={readOnlyPerson && c !== 'evidence' && c !== 'at'}
      variant={readOnlyPerson && c !== 'evidence' && c !== 'at' ? 'filled' : 'default'}
      autoComplete="off"
      spellCheck={false}
      placeholder={extra.placeholder}
      inputMode={extra.inputMode}
      maxLength={extra.maxLength}
    />
  );

  const unknown = (value: string, known: readonly Option[]): Option[] =>
    value !== '' && !known.some((o) => o.value === value) ? [{ value, label: tl('linelist.unreadable', { value }) }] : [];
  const sexOptions: Option[] = [
    { value: '', label: t('common.none') },
    { value: 'male', label: t('sex.male') },
    { value: 'female', label: t('sex.female') },
  ];
  const communeData = [
    ...props.communeOptions,
    ...(v.communeCode && !props.communeOptions.some((o) => o.value === v.communeCode)
      ? [{ value: v.communeCode, label: /^\d{5}$/.test(v.communeCode) ? props.communeName(v.communeCode) : tl('linelist.unreadable', { value: v.communeCode }) }]
      : []),
  ];

  // The line under the row appears only for what needs the tracer (a lookup running is shown in the first cell,
  // so that the rows do not jump while the lookups of a pasted sheet come back).
  const showLine = linked || row.link.kind === 'new' || view.candidates.length > 0 || view.problems.length > 0;
  const status = linked
    ? { color: 'blue', text: tl(linked.created ? 'linelist.status.created' : 'linelist.status.linked') }
    : row.link.kind === 'new'
      ? { color: 'teal', text: tl('linelist.status.new') }
      : null;

  return (
    <>
      <tr
        data-ll-row={n}
        style={view.hasErrors ? { boxShadow: 'inset 3px 0 0 var(--mantine-color-red-6)' } : undefined}
      >
        <Td>
          <Text size="sm" fw={600} className="pd-nowrap">
            {n}
            {view.checking && (
              <Text span size="xs" c="dimmed" title={tl('linelist.checking')} aria-label={tl('linelist.checking')}>
                {' '}⋯
              </Text>
            )}
            {view.hasErrors && (
              <Text span size="xs" c="red.8" aria-label={tl('linelist.status.error')}>
                {' '}⚠
              </Text>
            )}
          </Text>
          {status && (
            <Text size="xs" c={`${status.color}.8`}>
              {status.text}
            </Text>
          )}
        </Td>
        <Td>{text('fullName', { maxLength: 200 })}</Td>
        <Td>{text('birthYear', { inputMode: 'numeric', maxLength: 10 })}</Td>
        <Td>
          <NativeSelect
            id={cellId(row.key, 'sex')}
            size="xs"
            aria-label={label('sex')}
            value={v.sex}
            data={[...sexOptions, ...unknown(v.sex, sexOptions)]}
            onChange={(e) => handlers.onCell(row.key, 'sex', e.currentTarget.value)}
            onBlur={() => handlers.onBlurCell(row.key, 'sex')}
            error={err('sex')}
            variant={readOnlyPerson ? 'filled' : 'default'}
          />
        </Td>
        <Td>{text('phone', { inputMode: 'tel', maxLength: 30 })}</Td>
        <Td>{text('idNumber', { maxLength: 40 })}</Td>
        <Td>
          <Select
            id={cellId(row.key, 'communeCode')}
            size="xs"
            aria-label={label('communeCode')}
            data={communeData}
            value={v.communeCode || null}
            onChange={(value) => handlers.onCell(row.key, 'communeCode', value ?? '')}
            onBlur={() => handlers.onBlurCell(row.key, 'communeCode')}
            searchable
            selectFirstOptionOnChange
            allowDeselect={false}
            readOnly={readOnlyPerson}
            variant={readOnlyPerson ? 'filled' : 'default'}
            placeholder={tl('linelist.communePlaceholder')}
            nothingFoundMessage={t('people.noResults')}
            error={err('communeCode')}
            maxDropdownHeight={260}
            comboboxProps={{ width: 260, position: 'bottom-start' }}
          />
        </Td>
        <Td>{text('at', { placeholder: tl('linelist.atPlaceholder'), maxLength: 40 })}</Td>
        <Td>
          <NativeSelect
            id={cellId(row.key, 'setting')}
            size="xs"
            aria-label={label('setting')}
            value={v.setting}
            data={[{ value: '', label: t('common.none') }, ...props.settingOptions, ...unknown(v.setting, props.settingOptions)]}
            onChange={(e) => handlers.onCell(row.key, 'setting', e.currentTarget.value)}
            onBlur={() => handlers.onBlurCell(row.key, 'setting')}
            error={err('setting')}
          />
        </Td>
        <Td>{text('evidence', { maxLength: 2000 })}</Td>
        <Td>
          <ActionIcon
            variant="subtle"
            color="red"
            size="sm"
            tabIndex={-1}
            aria-label={tl('linelist.deleteRow', { n })}
            title={`${tl('linelist.deleteRow', { n })} (Ctrl+Delete)`}
            onClick={() => handlers.onDelete(row.key)}
          >
            ✕
          </ActionIcon>
        </Td>
      </tr>
      {showLine && (
        <tr data-ll-line={n}>
          <Td />
          <Td colSpan={COLUMNS.length + 1} style={{ paddingTop: 0 }}>
            <LinkLine view={view} communeName={props.communeName} handlers={handlers} L={L} />
          </Td>
        </tr>
      )}
    </>
  );
}

function personFacts(c: Candidate['person'], communeName: (code: string) => string, L: LineListI18n): string {
  return [
    c.birthYear != null ? String(c.birthYear) : null,
    c.sex ? L.t(`sex.${c.sex}`) : null,
    c.communeName ?? communeName(c.communeCode),
    c.idNumber ? `${c.idType ? L.t(`idType.${c.idType}`) : ''} ${maskId(c.idNumber)}`.trim() : null,
    c.phone ? maskId(c.phone) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The row's person: the linked record, or the possible duplicates to pick from, or "new person"; then problems. */
function LinkLine(props: { view: GridRow; communeName: (code: string) => string; handlers: GridHandlers; L: LineListI18n }): ReactNode {
  const { view, handlers, L } = props;
  const { tl, m, lang } = L;
  const { row } = view;
  const n = view.index + 1;
  const link = row.link;
  let body: ReactNode = null;
  if (link.kind === 'existing') {
    body = (
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{tl(link.created ? 'linelist.createdLink' : 'linelist.linked')}</Text>
        <Anchor component={Link} to={`/people/${link.person.id}`} target="_blank" rel="noopener" size="sm" fw={600} tabIndex={-1}>
          {link.person.fullName} (#{link.person.id})
        </Anchor>
        <Text size="sm" c="dimmed">
          {personFacts(link.person, props.communeName, L)}
        </Text>
        {!link.created && (
          <Button id={linkId(row.key)} size="compact-xs" variant="subtle" aria-label={tl('linelist.unlinkLabel', { n })} onClick={() => handlers.onUnlink(row.key)}>
            {tl('linelist.unlink')}
          </Button>
        )}
      </Group>
    );
  } else if (link.kind === 'new') {
    body = (
      <Group gap="xs">
        <Text size="sm" c="teal.9">
          {tl('linelist.isNew')}
        </Text>
        {view.candidates.length > 0 && (
          <Button id={linkId(row.key)} size="compact-xs" variant="subtle" aria-label={tl('linelist.changeLabel', { n })} onClick={() => handlers.onUnlink(row.key)}>
            {tl('linelist.change')}
          </Button>
        )}
      </Group>
    );
  } else if (view.candidates.length > 0) {
    body = (
      <div role="group" aria-label={tl('linelist.candidatesGroup', { n })}>
        <Text size="sm" c="orange.9" fw={600} mb={4}>
          ⚠ {tl('linelist.candidates')}
        </Text>
        <Group gap={6} wrap="wrap">
          {view.candidates.map((c, i) => (
            <Button
              key={c.person.id}
              id={i === 0 ? linkId(row.key) : undefined}
              data-ll-candidate={c.person.id}
              size="compact-sm"
              variant="light"
              color="orange"
              tt="none"
              aria-label={tl('linelist.pickLabel', { n, name: c.person.fullName, id: c.person.id })}
              onClick={() => handlers.onPick(row.key, c)}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
              h="auto"
              py={4}
            >
              <span>
                <strong>{c.person.fullName}</strong> (#{c.person.id}) · {personFacts(c.person, props.communeName, L)} —{' '}
                <em>{c.reasons.map((r) => tl(`linelist.reason.${r}`)).join(', ')}</em>
              </span>
            </Button>
          ))}
          <Button size="compact-sm" variant="default" aria-label={tl('linelist.markNewLabel', { n })} onClick={() => handlers.onMarkNew(row.key)} data-ll-new>
            + {tl('linelist.markNew')}
          </Button>
        </Group>
      </div>
    );
  }
  return (
    <>
      {body}
      {view.problems.map((p, i) => (
        <Text key={`${p.code}-${i}`} size="xs" c={p.level === 'error' ? 'red.8' : 'orange.9'}>
          {p.level === 'error' ? '⚠ ' : 'ⓘ '}
          {isLineListKey(p.code) ? tl(p.code, withNumbers(p.params, lang)) : m(p.code)}
        </Text>
      ))}
    </>
  );
}

function withNumbers(params: Problem['params'], lang: 'vi' | 'en'): Record<string, string | number> | undefined {
  if (!params) return undefined;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, lang) : v]));
}
