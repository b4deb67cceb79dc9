// Pure helpers of the tracing pages: the human reason of an F1/F2 classification built from its provenance
// chain, the chain itself as names (F0 → F1 → F2), and the case form (inputs ⇄ the POST body, client checks).
// Texts come from the catalogue through a translate function, so they follow the UI language.
import type { z } from 'zod';
import type { CaseDetail, ChainStep, ClassificationView } from '../../contracts/tracing.ts';
import type { MessageKey, Params } from '../i18n.ts';
import { formatTimeDay } from './format.ts';

export type Step = z.infer<typeof ChainStep>;
export type Classification = z.infer<typeof ClassificationView>;
export type CaseDetailT = z.infer<typeof CaseDetail>;
export type Translate = (key: MessageKey, params?: Params) => string;
/** The display name of a person id: a known name, or '#id'. */
export type NameOf = (personId: number) => string;

/** 'F1', 'F2'… — the level as text, never only as a colour. */
export function levelLabel(level: number): string {
  return `F${level}`;
}

/** Names known from a case: the case person (F0) and every classified person shown; others are '#id'. */
export function namesOf(detail: Pick<CaseDetailT, 'personId' | 'personName' | 'classifications'>): NameOf {
  const names = new Map<number, string>();
  if (detail.personName) names.set(detail.personId, detail.personName);
  for (const c of detail.classifications) if (c.personName) names.set(c.personId, c.personName);
  return (id) => names.get(id) ?? `#${id}`;
}

/** 'from–to' of two instants as 'HH:mm dd/MM'; only 'from' when the end is unknown. */
export function timeRange(from: number | undefined, to: number | undefined): string {
  const a = formatTimeDay(from);
  const b = formatTimeDay(to);
  if (!a) return b;
  return b ? `${a}–${b}` : a;
}

/** The link that reached a person (the last step of their chain), in words. */
export function stepReason(step: Step, t: Translate, nameOf: NameOf): string {
  const via = nameOf(step.via);
  switch (step.kind) {
    case 'household':
      return t('tracing.why.household', { via });
    case 'contact':
      return t('tracing.why.contact', { via, time: formatTimeDay(step.at) });
    case 'venue':
      return t('tracing.why.venue', {
        venue: step.venueId ?? step.ref ?? '?',
        target: timeRange(step.targetFrom, step.targetTo),
        via,
        source: timeRange(step.sourceFrom, step.sourceTo),
      });
  }
}

/** The step of the chain that reached this classified person (their own, else the last one). */
export function ownStep(c: Pick<Classification, 'personId' | 'provenance'>): Step | undefined {
  const chain = c.provenance.chain;
  return chain.find((s) => s.personId === c.personId) ?? chain[chain.length - 1];
}

/** Why a person is F1/F2: built from the provenance chain, or from the row itself when the chain is missing. */
export function classificationReason(c: Classification, t: Translate, nameOf: NameOf): string {
  const step = ownStep(c);
  if (step) return stepReason(step, t, nameOf);
  const at = Date.parse(c.exposedAt);
  return stepReason(
    { level: c.level, personId: c.personId, kind: c.linkKind, via: c.viaPersonId, at: Number.isNaN(at) ? 0 : at, ref: null },
    t,
    nameOf,
  );
}

/** The people from the case to this person: [F0, F1, …, this person] (ids). */
export function chainIds(c: Pick<Classification, 'personId' | 'viaPersonId' | 'provenance'>, casePersonId: number): number[] {
  const chain = c.provenance.chain;
  if (chain.length === 0) return [casePersonId, c.viaPersonId, c.personId].filter((id, i, a) => a.indexOf(id) === i);
  const ids = [chain[0]!.via, ...chain.map((s) => s.personId)];
  if (ids[ids.length - 1] !== c.personId) ids.push(c.personId);
  return ids;
}

/** 'Nguyễn A (F0) → Trần B (F1) → Lê C (F2)'. */
export function chainText(c: Pick<Classification, 'personId' | 'viaPersonId' | 'provenance'>, casePersonId: number, nameOf: NameOf): string {
  return chainIds(c, casePersonId)
    .map((id, level) => `${nameOf(id)} (${levelLabel(level)})`)
    .join(' → ');
}

// ---- the case form

export interface CaseFormValues {
  personId: number | null;
  code: string;
  /** datetime-local input text, 'YYYY-MM-DDTHH:mm' */
  confirmedAt: string;
  /** date input text, 'YYYY-MM-DD' */
  onsetDate: string;
  sampledAt: string;
  treatmentPlace: string;
}
export type CaseField = keyof CaseFormValues;
export type CaseFieldErrors = Partial<Record<CaseField, string>>;
export const CASE_FIELDS: readonly CaseField[] = ['personId', 'code', 'confirmedAt', 'onsetDate', 'sampledAt', 'treatmentPlace'];

export interface CaseBody {
  personId: number;
  code: string;
  confirmedAt: string;
  onsetDate?: string;
  sampledAt?: string;
  treatmentPlace?: string;
}

export function emptyCaseForm(): CaseFormValues {
  return { personId: null, code: '', confirmedAt: '', onsetDate: '', sampledAt: '', treatmentPlace: '' };
}

/** A datetime-local value, read as Vietnam time (UTC+7, as every time in the UI) → ISO instant ('…Z');
 * null when not a time. */
export function localToInstant(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export type CaseValidation = { ok: true; body: CaseBody } | { ok: false; errors: CaseFieldErrors };

/** Client checks mirroring CaseCreate; errors are catalogue keys. */
export function validateCaseForm(v: CaseFormValues): CaseValidation {
  const errors: CaseFieldErrors = {};
  const code = v.code.trim().toUpperCase();
  if (v.personId === null) errors.personId = 'tracing.form.pickPerson';
  if (code === '') errors.code = 'common.required';
  else if (!/^[A-Z]{1,4}\d{1,9}$/.test(code)) errors.code = 'tracing.form.codeInvalid';
  const confirmedAt = v.confirmedAt ? localToInstant(v.confirmedAt) : null;
  if (v.confirmedAt === '') errors.confirmedAt = 'common.required';
  else if (!confirmedAt) errors.confirmedAt = 'tracing.form.timeInvalid';
  if (v.onsetDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(v.onsetDate)) errors.onsetDate = 'tracing.form.dateInvalid';
  const sampledAt = v.sampledAt ? localToInstant(v.sampledAt) : null;
  if (v.sampledAt !== '' && !sampledAt) errors.sampledAt = 'tracing.form.timeInvalid';
  if (v.treatmentPlace.length > 300) errors.treatmentPlace = 'tracing.form.tooLong';
  if (Object.keys(errors).length > 0 || v.personId === null || !confirmedAt) return { ok: false, errors };
  const body: CaseBody = { personId: v.personId, code, confirmedAt };
  if (v.onsetDate) body.onsetDate = v.onsetDate;
  if (sampledAt) body.sampledAt = sampledAt;
  if (v.treatmentPlace.trim()) body.treatmentPlace = v.treatmentPlace.trim();
  return { ok: true, body };
}

/** A failed create → errors under the inputs: 400 field paths and the 409/400 codes that name one field. */
export function caseErrorsFromServer(code: string, fields: Record<string, string>): { errors: CaseFieldErrors; other: string[] } {
  const errors: CaseFieldErrors = {};
  const other: string[] = [];
  const isField = (k: string): k is CaseField => (CASE_FIELDS as readonly string[]).includes(k);
  if (code === 'tracing.case_code_taken') errors.code = code;
  else if (code === 'tracing.case_exists' || code === 'tracing.person_not_found') errors.personId = code;
  for (const [path, c] of Object.entries(fields)) {
    if (isField(path)) errors[path] ??= c;
    else other.push(c);
  }
  return { errors, other };
}
