// How well the parser reads a set of directives against hand-made expectations (NNN_name.txt +
// NNN_name.expected.json). Three measures:
// - metadata: issuer, number, doc_type, place, date, subject, references, recipients, signer name, title and
//   authority — each exact after normalisation (NFC, whitespace, tone-mark placement); % of fields right;
// - task assignments: (item, role, agency) triples, micro precision / recall / F1 over the set (agency names
//   compared case-insensitively);
// - deadlines: for every item that has a deadline in the expectation or in the output, whether both agree (%).
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedDirective } from '../../../contracts/directives.ts';
import { parseDirective } from './parse.ts';
import { canonTone } from './text.ts';

export interface DirectiveCase { name: string; text: string; expected: ParsedDirective }

export interface Ratio { correct: number; total: number; pct: number }
export interface PRF { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }
export interface DocumentScore {
  name: string;
  metadata: Ratio;
  wrongFields: string[];
  tasks: PRF;
  deadlines: Ratio;
  error?: string;
}
export interface AccuracyReport {
  documents: number;
  metadata: Ratio;
  tasks: PRF;
  deadlines: Ratio;
  perDocument: DocumentScore[];
}

/** Reads every NNN_name.txt with its NNN_name.expected.json in a folder (sorted by name). */
export function loadDirectiveCases(dir: string): DirectiveCase[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt') && fs.existsSync(path.join(dir, f.replace(/\.txt$/, '.expected.json'))))
    .sort()
    .map((f) => ({
      name: f.replace(/\.txt$/, ''),
      text: fs.readFileSync(path.join(dir, f), 'utf8'),
      expected: JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.txt$/, '.expected.json')), 'utf8')) as ParsedDirective,
    }));
}

const norm = (s: string | null | undefined): string | null =>
  s == null ? null : canonTone(s.normalize('NFC').replace(/\s+/g, ' ').trim().replace(/[;,.:]+$/, ''));
const normAgency = (s: string): string => (norm(s) ?? '').toLowerCase();
const ratio = (correct: number, total: number): Ratio => ({ correct, total, pct: total ? Math.round((1000 * correct) / total) / 10 : 100 });
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision: round3(precision), recall: round3(recall), f1: round3(f1) };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

const refKey = (r: ParsedDirective['references'][number]): string => `${norm(r.number)}|${r.date}|${norm(r.issuer)}`;

function metadataFields(got: ParsedDirective, exp: ParsedDirective): [string, boolean][] {
  return [
    ['issuer', norm(got.issuer) === norm(exp.issuer)],
    ['number', norm(got.number) === norm(exp.number)],
    ['doc_type', norm(got.doc_type) === norm(exp.doc_type)],
    ['place', norm(got.place) === norm(exp.place)],
    ['date', got.date === exp.date],
    ['subject', norm(got.subject) === norm(exp.subject)],
    ['references', sameMultiset(got.references.map(refKey), exp.references.map(refKey))],
    ['recipients', JSON.stringify(got.recipients.map(norm)) === JSON.stringify(exp.recipients.map(norm))],
    ['signer.name', norm(got.signer?.name) === norm(exp.signer?.name)],
    ['signer.title', norm(got.signer?.title) === norm(exp.signer?.title)],
    ['signer.authority', norm(got.signer?.authority) === norm(exp.signer?.authority)],
  ];
}

function triples(p: ParsedDirective): Set<string> {
  const out = new Set<string>();
  for (const t of p.tasks) {
    for (const a of t.lead) out.add(`${t.item ?? ''}\u0000lead\u0000${normAgency(a)}`);
    for (const a of t.support) out.add(`${t.item ?? ''}\u0000support\u0000${normAgency(a)}`);
  }
  return out;
}

function deadlinesByItem(p: ParsedDirective): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const t of p.tasks) {
    if (!t.deadline) continue;
    const k = t.item ?? '';
    m.set(k, [...(m.get(k) ?? []), t.deadline]);
  }
  return m;
}

/** Scores one output against its expectation. */
export function scoreDirective(name: string, got: ParsedDirective, exp: ParsedDirective): DocumentScore {
  const fields = metadataFields(got, exp);
  const g = triples(got);
  const e = triples(exp);
  let tp = 0;
  for (const x of g) if (e.has(x)) tp++;
  const gd = deadlinesByItem(got);
  const ed = deadlinesByItem(exp);
  // Items with a deadline on either side; for an item label shared by several tasks (unnumbered ones), each
  // expected deadline is matched once.
  let correct = 0;
  let total = 0;
  for (const item of new Set([...gd.keys(), ...ed.keys()])) {
    const want = [...(ed.get(item) ?? [])];
    const have = [...(gd.get(item) ?? [])];
    total += Math.max(want.length, have.length);
    for (const d of have) {
      const i = want.indexOf(d);
      if (i >= 0) { correct++; want.splice(i, 1); }
    }
  }
  return {
    name,
    metadata: ratio(fields.filter(([, ok]) => ok).length, fields.length),
    wrongFields: fields.filter(([, ok]) => !ok).map(([f]) => f),
    tasks: prf(tp, g.size - tp, e.size - tp),
    deadlines: ratio(correct, total),
  };
}

/** Parses and scores a set of cases. A case whose parse throws scores zero on everything it expected. */
export function scoreDirectives(cases: readonly DirectiveCase[], parse: (text: string) => ParsedDirective = parseDirective): AccuracyReport {
  const perDocument: DocumentScore[] = [];
  for (const c of cases) {
    try {
      perDocument.push(scoreDirective(c.name, parse(c.text), c.expected));
    } catch (err) {
      const e = triples(c.expected).size;
      const d = deadlinesByItem(c.expected);
      perDocument.push({
        name: c.name,
        metadata: ratio(0, 11),
        wrongFields: ['*'],
        tasks: prf(0, 0, e),
        deadlines: ratio(0, [...d.values()].flat().length),
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  const sum = (f: (d: DocumentScore) => number): number => perDocument.reduce((a, d) => a + f(d), 0);
  return {
    documents: perDocument.length,
    metadata: ratio(sum((d) => d.metadata.correct), sum((d) => d.metadata.total)),
    tasks: prf(sum((d) => d.tasks.tp), sum((d) => d.tasks.fp), sum((d) => d.tasks.fn)),
    deadlines: ratio(sum((d) => d.deadlines.correct), sum((d) => d.deadlines.total)),
    perDocument,
  };
}

/** The folders of test cases: the project's seed documents (when the shared folder is there) and the fixtures. */
export function defaultDirectiveSets(): { name: string; dir: string }[] {
  const here = import.meta.dirname;
  return [
    { name: 'seeds', dir: process.env.PHONGDICH_SEEDS_DIR ?? path.resolve(here, '../../../../../shared/seeds') },
    { name: 'fixtures', dir: path.resolve(here, '../../../../test/fixtures/directives') },
  ].filter((s) => fs.existsSync(s.dir));
}

/** Accuracy per set and over all of them, for `phongdich directive accuracy` (or any caller). */
export function directiveAccuracyReport(sets: readonly { name: string; dir: string }[] = defaultDirectiveSets()): {
  sets: Record<string, AccuracyReport>;
  all: AccuracyReport;
} {
  const out: Record<string, AccuracyReport> = {};
  const everything: DirectiveCase[] = [];
  for (const s of sets) {
    const cases = loadDirectiveCases(s.dir).map((c) => ({ ...c, name: `${s.name}/${c.name}` }));
    out[s.name] = scoreDirectives(cases);
    everything.push(...cases);
  }
  return { sets: out, all: scoreDirectives(everything) };
}

/** The figures without the per-document detail, as one JSON-able object. */
export function accuracySummary(r: AccuracyReport): { documents: number; metadata_pct: number; task_precision: number; task_recall: number; task_f1: number; deadlines_pct: number } {
  return {
    documents: r.documents,
    metadata_pct: r.metadata.pct,
    task_precision: r.tasks.precision,
    task_recall: r.tasks.recall,
    task_f1: r.tasks.f1,
    deadlines_pct: r.deadlines.pct,
  };
}

/** A plain-text report: one line per set, then the documents that are not perfect. */
export function formatAccuracyReport(report: ReturnType<typeof directiveAccuracyReport>): string {
  const line = (name: string, r: AccuracyReport): string =>
    `${name.padEnd(9)} ${String(r.documents).padStart(3)} docs  metadata ${r.metadata.pct}% (${r.metadata.correct}/${r.metadata.total})  ` +
    `tasks P ${r.tasks.precision} R ${r.tasks.recall} F1 ${r.tasks.f1}  deadlines ${r.deadlines.pct}% (${r.deadlines.correct}/${r.deadlines.total})`;
  const lines = [...Object.entries(report.sets).map(([n, r]) => line(n, r)), line('all', report.all)];
  for (const d of report.all.perDocument) {
    if (d.error) lines.push(`  ${d.name}: error ${d.error}`);
    else if (d.wrongFields.length || d.tasks.fp || d.tasks.fn || d.deadlines.correct < d.deadlines.total) {
      lines.push(`  ${d.name}: fields ${d.wrongFields.join(', ') || '-'}; tasks +${d.tasks.fp} -${d.tasks.fn}; deadlines ${d.deadlines.correct}/${d.deadlines.total}`);
    }
  }
  return lines.join('\n');
}
