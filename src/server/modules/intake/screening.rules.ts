// Screening as a pure function: an exposure report (what a declaration, a checkpoint entry or a check-in says
// about a person) and the screening rules in force that day, plus the declared epidemic areas, give flags,
// each with the actions its rule orders. Rules are data (policy_rules 'screening.*'); nothing here knows a
// place, a number of days or a threshold.
import { z } from 'zod';
import { addDays } from '../../../contracts/intake.declarations.ts';
import type { FlagKind } from '../../../contracts/intake.declarations.ts';
import { WORK_KINDS } from '../../../contracts/work.ts';

export const SCREENING_RULE_KEYS = {
  epidemic_area: 'screening.epidemic_area',
  symptoms: 'screening.symptoms',
  case_contact: 'screening.case_contact',
  illegal_entry: 'screening.illegal_entry',
} as const satisfies Record<FlagKind, string>;

export type RuleRef = { id: number; key: string; version: string; value: unknown; legalRef: string };

/** One place and stretch of days. A place in Viet Nam carries its province code (2 digits, on those dates)
 * and, when known, its commune or venue; abroad, the country. Dates are Vietnamese days, both included. */
export type ExposureLeg = {
  countryCode: string;
  provinceCode: string | null;
  communeCode: string | null;
  venueId: number | null;
  place: string | null;
  from: string;
  to: string;
};

/** What any intake channel knows about a person's exposure, normalised for screening. */
export type ExposureReport = {
  source: 'declaration' | 'checkpoint' | 'checkin' | 'report';
  sourceId: number | null;
  /** A short label of the source for reasons ("tờ khai TK12"). */
  sourceLabel: string;
  personId: number;
  /** Commune of residence: the work items go to it. */
  communeCode: string;
  reportedOn: string;
  legs: ExposureLeg[];
  symptoms: readonly string[];
  exposures: readonly string[];
  illegalEntry: boolean;
};

export type ScreeningArea = {
  id: number;
  kind: 'unit' | 'venue';
  unitLevel: 'province' | 'commune' | null;
  unitCode: string | null;
  venueId: number | null;
  name: string;
  dateFrom: string;
  dateTo: string | null;
  riskLevel: number;
  legalRef: string;
};

export type WorkKind = (typeof WORK_KINDS)[number];
export type PlannedAction = { kind: WorkKind; dueFrom: string; dueTo: string | null; days: number | null };

export type Finding = {
  flag: FlagKind;
  rule: RuleRef;
  /** Names the evidence, the rule (key and version) and its legal reference; at most 1,000 characters. */
  reason: string;
  details: {
    areas?: Array<{ id: number; name: string; riskLevel: number; dateFrom: string; dateTo: string | null; exposedFrom: string; exposedTo: string }>;
    symptoms?: string[];
    exposures?: string[];
  };
  actions: PlannedAction[];
};

const Action = z.object({
  kind: z.enum(WORK_KINDS),
  days: z.number().int().min(0).max(60).optional(),
  daysFromRule: z.string().optional(),
  withinDays: z.number().int().min(1).max(30).optional(),
  from: z.enum(['exposure_end', 'reported']).default('reported'),
});
type Action = z.infer<typeof Action>;
const Actions = z.array(Action).max(10);

export const RULE_VALUES = {
  epidemic_area: z.object({ minRiskLevel: z.number().int().min(1).max(4), lookbackDays: z.number().int().min(1).max(365).nullable(), actions: Actions }),
  symptoms: z.object({ symptoms: z.array(z.string()).min(1), minCount: z.number().int().min(1).default(1), actions: Actions }),
  case_contact: z.object({ exposures: z.array(z.string()).min(1), actions: Actions }),
  illegal_entry: z.object({ actions: Actions }),
} as const;

export type RulesInForce = {
  screening: Partial<Record<FlagKind, RuleRef>>;
  /** Rules that actions refer to (`daysFromRule`), by key. */
  related: Record<string, RuleRef | undefined>;
};

/** Keys of the other rules the screening rules refer to. */
export function relatedRuleKeys(rules: Partial<Record<FlagKind, RuleRef>>): string[] {
  const keys = new Set<string>();
  for (const r of Object.values(rules)) {
    const actions = (r?.value as { actions?: unknown } | undefined)?.actions;
    for (const a of Array.isArray(actions) ? actions : []) {
      const k = (a as { daysFromRule?: unknown }).daysFromRule;
      if (typeof k === 'string') keys.add(k);
    }
  }
  return [...keys];
}

/** An ISO day as Vietnamese text writes it (dd/MM/yyyy), for reasons. */
export const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The days a leg spent in an area while the area was declared, or null. */
export function exposureIn(leg: ExposureLeg, area: ScreeningArea): { from: string; to: string } | null {
  const inPlace = area.kind === 'venue'
    ? leg.venueId != null && leg.venueId === area.venueId
    : leg.countryCode === 'VN' && (area.unitLevel === 'province' ? leg.provinceCode === area.unitCode : leg.communeCode === area.unitCode);
  if (!inPlace) return null;
  const from = maxDate(leg.from, area.dateFrom);
  const to = area.dateTo ? minDate(leg.to, area.dateTo) : leg.to;
  return from <= to ? { from, to } : null;
}

function days(action: Action, related: RulesInForce['related']): number | null {
  if (action.days != null) return action.days;
  if (action.daysFromRule) {
    const d = (related[action.daysFromRule]?.value as { days?: unknown } | undefined)?.days;
    return typeof d === 'number' ? d : null;
  }
  return null;
}

/** The work an action orders, or null when its period is already over on the day of the report. */
function plan(action: Action, reportedOn: string, exposureEnd: string | null, related: RulesInForce['related']): PlannedAction | null {
  const n = days(action, related);
  if (action.withinDays != null) return { kind: action.kind, dueFrom: reportedOn, dueTo: addDays(reportedOn, action.withinDays - 1), days: null };
  if (n == null || n === 0) return { kind: action.kind, dueFrom: reportedOn, dueTo: null, days: n };
  const start = action.from === 'exposure_end' && exposureEnd ? exposureEnd : reportedOn;
  const end = addDays(start, n - 1);
  if (end < reportedOn) return null;
  return { kind: action.kind, dueFrom: maxDate(start, reportedOn), dueTo: end, days: n };
}

function ruleName(rule: RuleRef): string {
  return `quy định ${rule.key} (${rule.version}): ${rule.legalRef}`;
}

/** Evidence first, then the rule; the evidence is shortened so that the rule's name always fits. */
function reasonOf(source: string, evidence: string, rule: RuleRef): string {
  const tail = ` — ${ruleName(rule)}`.slice(0, 600);
  const head = `${source}: ${evidence}`;
  const room = 980 - tail.length; // room for the source label to gain its number
  return (head.length > room ? `${head.slice(0, room - 1)}…` : head) + tail;
}

/** The flags of one exposure report under the rules in force on its day. */
export function screen(report: ExposureReport, rules: RulesInForce, areas: readonly ScreeningArea[]): Finding[] {
  const out: Finding[] = [];
  const actionsOf = (rule: RuleRef, actions: Action[], exposureEnd: string | null) =>
    actions.map((a) => plan(a, report.reportedOn, exposureEnd, rules.related)).filter((a): a is PlannedAction => a !== null);

  const areaRule = rules.screening.epidemic_area;
  if (areaRule) {
    const v = RULE_VALUES.epidemic_area.parse(areaRule.value);
    const since = v.lookbackDays != null ? addDays(report.reportedOn, -v.lookbackDays) : null;
    const hits: NonNullable<Finding['details']['areas']> = [];
    for (const area of areas) {
      if (area.riskLevel < v.minRiskLevel) continue;
      for (const leg of report.legs) {
        const e = exposureIn(leg, area);
        if (!e || (since && e.to < since)) continue;
        const prev = hits.find((h) => h.id === area.id);
        if (prev) {
          prev.exposedFrom = minDate(prev.exposedFrom, e.from);
          prev.exposedTo = maxDate(prev.exposedTo, e.to);
        } else {
          hits.push({ id: area.id, name: area.name, riskLevel: area.riskLevel, dateFrom: area.dateFrom, dateTo: area.dateTo, exposedFrom: e.from, exposedTo: e.to });
        }
      }
    }
    if (hits.length) {
      hits.sort((a, b) => (a.exposedTo < b.exposedTo ? 1 : a.exposedTo > b.exposedTo ? -1 : a.id - b.id));
      const lastDay = hits[0]!.exposedTo;
      const evidence = hits.map((h) => `ở ${h.name} (vùng dịch cấp ${h.riskLevel}, ${dmy(h.dateFrom)}–${h.dateTo ? dmy(h.dateTo) : 'nay'}) từ ${dmy(h.exposedFrom)} đến ${dmy(h.exposedTo)}`).join('; ');
      out.push({ flag: 'epidemic_area', rule: areaRule, reason: reasonOf(report.sourceLabel, evidence, areaRule), details: { areas: hits }, actions: actionsOf(areaRule, v.actions, lastDay) });
    }
  }

  const symptomRule = rules.screening.symptoms;
  if (symptomRule) {
    const v = RULE_VALUES.symptoms.parse(symptomRule.value);
    const found = v.symptoms.filter((s) => report.symptoms.includes(s));
    if (found.length >= v.minCount) {
      out.push({ flag: 'symptoms', rule: symptomRule, reason: reasonOf(report.sourceLabel, `có triệu chứng ${found.map((s) => SYMPTOM_VI[s] ?? s).join(', ')}`, symptomRule), details: { symptoms: found }, actions: actionsOf(symptomRule, v.actions, null) });
    }
  }

  const contactRule = rules.screening.case_contact;
  if (contactRule) {
    const v = RULE_VALUES.case_contact.parse(contactRule.value);
    const found = v.exposures.filter((x) => report.exposures.includes(x));
    if (found.length) {
      out.push({ flag: 'case_contact', rule: contactRule, reason: reasonOf(report.sourceLabel, `khai có ${found.map((x) => EXPOSURE_VI[x] ?? x).join(', ')}`, contactRule), details: { exposures: found }, actions: actionsOf(contactRule, v.actions, null) });
    }
  }

  const entryRule = rules.screening.illegal_entry;
  if (entryRule && report.illegalEntry) {
    const v = RULE_VALUES.illegal_entry.parse(entryRule.value);
    out.push({ flag: 'illegal_entry', rule: entryRule, reason: reasonOf(report.sourceLabel, 'nhập cảnh không qua cửa khẩu (đường mòn, lối mở)', entryRule), details: {}, actions: actionsOf(entryRule, v.actions, null) });
  }
  return out;
}

// Words of reasons, which officers read in Vietnamese (work items keep one language, like tracing's).
const SYMPTOM_VI: Record<string, string> = {
  fever: 'sốt', cough: 'ho', breathing_difficulty: 'khó thở', pneumonia: 'viêm phổi', sore_throat: 'đau họng', fatigue: 'mệt mỏi',
  nausea: 'buồn nôn', diarrhea: 'tiêu chảy',
};
const EXPOSURE_VI: Record<string, string> = {
  confirmed_case: 'tiếp xúc với ca bệnh', suspected_case: 'tiếp xúc với ca nghi ngờ', from_affected_country: 'tiếp xúc với người từ nước có dịch',
  symptomatic_person: 'tiếp xúc với người có triệu chứng', animal_market: 'đến chợ động vật sống',
};
