// The database engine (retrace: neighbourhood loading + the pure classification) against the in-memory
// classification of all the data, with data arriving in random order and a retrace after each arrival:
// incremental equals from scratch.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import { province } from './arbitrary.ts';
import { classify, type TraceInput, type TraceRules } from './rules.ts';
import { retrace, touched, type TraceScope } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  for (let i = 1; i <= 14; i++) {
    await t.app.db.insertInto('persons').values({ full_name: `Người Thử ${String.fromCharCode(64 + i)}`, commune_code: '01273' }).execute();
  }
});
afterAll(async () => { await t.close(); });

/** One arrival of data: written as the application would, then retraced with the scope the application uses
 * for it (`touched`), and added to the in-memory copy of what has arrived. */
type Op = { apply: () => Promise<unknown>; scope: TraceScope; add: (so: TraceInput) => void };

function operations(input: TraceInput): Op[] {
  const db = t.app.db;
  const ts = (ms: number) => new Date(ms).toISOString();
  return [
    ...input.households.map((h) => ({
      apply: async () => {
        await sql`insert into households (id, commune_code) overriding system value values (${h.id}, '01273')`.execute(db);
        for (const m of h.members) await db.insertInto('household_members').values({ household_id: h.id, person_id: m }).execute();
      },
      scope: touched.household(h.members), add: (so: TraceInput) => so.households.push(h),
    })),
    ...input.contacts.map((c) => ({
      apply: () => sql`insert into contacts (id, person_a, person_b, at, setting, source) overriding system value
        values (${c.id}, ${c.a}, ${c.b}, ${ts(c.at)}, 'other', 'interview')`.execute(db),
      scope: touched.contacts([c]), add: (so: TraceInput) => so.contacts.push(c),
    })),
    ...input.checkins.map((k) => ({
      apply: () => sql`insert into checkins (id, person_id, venue_id, time_in, time_out)
        values (${k.id}, ${k.personId}, ${k.venueId}, ${ts(k.timeIn)}, ${k.timeOut === null ? null : ts(k.timeOut)})`.execute(db),
      scope: touched.checkins([k]), add: (so: TraceInput) => so.checkins.push(k),
    })),
    ...input.cases.map((c) => ({
      apply: () => sql`insert into cases (id, code, person_id, confirmed_at, infectious_from, infectious_to) overriding system value
        values (${c.id}, ${c.code}, ${c.personId}, ${ts(c.to)}, ${ts(c.from)}, ${ts(c.to)})`.execute(db),
      scope: touched.case(c), add: (so: TraceInput) => so.cases.push(c),
    })),
    ...input.isolations.map((i) => ({
      apply: () => sql`insert into isolations (person_id, isolated_at) values (${i.personId}, ${ts(i.at)})
        on conflict (person_id) do update set isolated_at = least(isolations.isolated_at, excluded.isolated_at)`.execute(db),
      scope: touched.isolation(i.personId), add: (so: TraceInput) => so.isolations.push(i),
    })),
    ...(input.accepted ?? []).flatMap((id) => {
      const k = input.checkins.find((x) => x.id === id);
      return k ? [{
        apply: () => sql`insert into tracing_stay_acceptances (checkin_id, person_id) values (${id}, ${k.personId})`.execute(db),
        scope: touched.acceptance(k.personId), add: (so: TraceInput) => { so.accepted = [...(so.accepted ?? []), id]; },
      }] : [];
    }),
    ...input.rejections.map((r) => ({
      apply: () => sql`insert into tracing_rejections (source_person_id, target_person_id, reason)
        values (${r.source}, ${r.target}, 'không tiếp xúc') on conflict do nothing`.execute(db),
      scope: touched.rejection(r.source), add: (so: TraceInput) => so.rejections.push(r),
    })),
  ];
}

async function stored() {
  const rows = await t.app.db.selectFrom('classifications').selectAll().where('superseded_at', 'is', null).orderBy('person_id').execute();
  return rows.map((c) => ({ personId: c.person_id, level: c.level, caseId: c.case_id, via: c.via_person_id, kind: c.link_kind, ref: c.link_ref, at: c.exposed_at.getTime() }));
}

function expected(input: TraceInput, rules: TraceRules) {
  return [...classify(input, rules).classifications.values()].sort((a, b) => a.personId - b.personId)
    .map((c) => ({ personId: c.personId, level: c.level, caseId: c.caseId, via: c.link.via, kind: c.link.kind, ref: c.link.ref, at: c.link.at }));
}

async function reset(input: TraceInput, rules: TraceRules) {
  await sql`truncate case_labels, case_sources, work_items, classifications, tracing_reviews, tracing_stay_acceptances, tracing_rejections, isolations, contacts, checkins, household_members, households, cases, venues restart identity cascade`.execute(t.app.db);
  for (const v of input.venues) await sql`insert into venues (id, name, kind, commune_code) overriding system value values (${v.id}, ${`Địa điểm ${v.id}`}, ${v.kind}, '01273')`.execute(t.app.db);
  const set = (key: string, value: unknown) => sql`update policy_rules set value = ${JSON.stringify(value)}::jsonb where key = ${key}`.execute(t.app.db);
  await set('tracing.venue_kinds', rules.venueKinds);
  await set('tracing.fanout_review_threshold', { candidates: rules.fanoutThreshold });
  await set('tracing.max_depth', { levels: rules.maxDepth });
  await set('tracing.checkin_default_minutes', { minutes: rules.checkinDefaultMinutes });
}

describe('retrace from the database', () => {
  it('incremental equals from scratch: each arrival retraces only the cases it touches, in any order', async () => {
    await fc.assert(fc.asyncProperty(province, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 3 }), async ({ input, rules }, seed, checks) => {
      await reset(input, rules);
      const all = operations(input);
      const ops = fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { seed, numRuns: 1 })[0]!;
      const sofar: TraceInput = { cases: [], households: [], contacts: [], checkins: [], venues: input.venues, isolations: [], rejections: [] };
      const every = Math.max(1, Math.ceil(ops.length / checks));
      for (let i = 0; i < ops.length; i++) {
        await ops[i]!.apply();
        ops[i]!.add(sofar);
        await retrace(t.app.db, null, ops[i]!.scope);
        if ((i + 1) % every === 0) expect(await stored()).toEqual(expected(sofar, rules));
      }
      expect(await stored()).toEqual(expected(input, rules));
      // and a full retrace changes nothing
      expect(await retrace(t.app.db, null)).toMatchObject({ changed: 0, closed: 0 });
    }), { numRuns: Number(process.env.FC_RUNS_DB ?? 40) });
  }, 180_000);

  it('keeps history: a classification that changes is closed, never deleted, and records its rule versions and provenance', async () => {
    const h = 3_600_000;
    const base = Date.UTC(2021, 0, 28);
    const input: TraceInput = {
      cases: [{ id: 1, code: 'BN1234', personId: 1, from: base, to: base + 23 * h }],
      households: [], contacts: [{ id: 1, a: 1, b: 2, at: base + 10 * h }, { id: 2, a: 2, b: 3, at: base + 12 * h }],
      checkins: [], venues: [], isolations: [], rejections: [],
    };
    await reset(input, { venueKinds: { other: { contact: true, marginMinutes: 60, minOverlapMinutes: 0 } }, fanoutThreshold: 150, maxDepth: 2, checkinDefaultMinutes: 60 });
    for (const op of operations(input)) await op.apply();
    expect(await retrace(t.app.db, null)).toMatchObject({ classified: 2, changed: 2, closed: 0 });
    const f2 = await t.app.db.selectFrom('classifications').selectAll().where('person_id', '=', 3).executeTakeFirstOrThrow();
    expect(f2).toMatchObject({ level: 2, case_id: 1, via_person_id: 2, link_kind: 'contact' });
    expect(f2.rule_ids).toHaveLength(4);
    expect((f2.provenance as { caseCode: string; chain: Array<{ level: number }> }).caseCode).toBe('BN1234');
    expect((f2.provenance as { chain: unknown[] }).chain).toHaveLength(2);
    // Person 3 becomes a case: their F2 classification is closed (kept), and nothing else changes.
    await sql`insert into cases (id, code, person_id, confirmed_at, infectious_from, infectious_to) overriding system value values (2, 'BN1235', 3, now(), now(), now())`.execute(t.app.db);
    expect(await retrace(t.app.db, null)).toMatchObject({ classified: 1, changed: 0, closed: 1 });
    const all = await t.app.db.selectFrom('classifications').select(['person_id', 'superseded_at']).orderBy('id').execute();
    expect(all.map((r) => [r.person_id, r.superseded_at === null])).toEqual([[2, true], [3, false]]);
  });

  it('loads stays within the venue margin before and after the case was there (office ±60 min)', async () => {
    const at = (h: number, min = 0) => Date.UTC(2021, 0, 28, h, min);
    const input: TraceInput = {
      cases: [{ id: 1, code: 'BN1', personId: 1, from: at(0), to: at(23) }],
      households: [], contacts: [], venues: [{ id: 7, kind: 'office' }], isolations: [], rejections: [],
      checkins: [
        { id: 1, personId: 1, venueId: 7, timeIn: at(9, 30), timeOut: at(10, 40) },
        { id: 2, personId: 6, venueId: 7, timeIn: at(8, 0), timeOut: at(8, 45) }, // left 45 min before the case came
        { id: 3, personId: 7, venueId: 7, timeIn: at(11, 30), timeOut: at(12, 0) }, // came 50 min after the case left
        { id: 4, personId: 8, venueId: 7, timeIn: at(12, 0), timeOut: at(12, 30) }, // 80 min after: not a contact
      ],
    };
    const rules: TraceRules = { venueKinds: { office: { contact: true, marginMinutes: 60, minOverlapMinutes: 0 }, other: { contact: true, marginMinutes: 60, minOverlapMinutes: 0 } }, fanoutThreshold: 150, maxDepth: 1, checkinDefaultMinutes: 60 };
    await reset(input, rules);
    for (const op of operations(input)) await op.apply();
    await retrace(t.app.db, null);
    const stored = await t.app.db.selectFrom('classifications').select(['person_id', 'exposed_at']).where('superseded_at', 'is', null).orderBy('person_id').execute();
    expect(stored.map((r) => [r.person_id, r.exposed_at.getTime()])).toEqual([[6, at(8, 30)], [7, at(11, 30)]]);
  });
});
