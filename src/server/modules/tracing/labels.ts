// Writers of the kept traces: case_labels (a case's labels) and case_sources (the cases a case reached), with
// the byte sort keys whose order is the engine's order of chains (rules.ts compareKeys).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { numArray, tokenArray } from '../../platform/db/arrays.ts';
import type { Label } from './rules.ts';

/** A sort key as bytes whose byte order is the numeric order of the key: each number (|n| < 2^52) offset by 2^52
 * and written as 8 bytes big-endian. */
export function sortKeyBytes(key: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe(key.length * 8);
  key.forEach((n, i) => {
    const u = n + 2 ** 52;
    const hi = Math.floor(u / 2 ** 32);
    b.writeUInt32BE(hi, i * 8);
    b.writeUInt32BE(u - hi * 2 ** 32, i * 8 + 4);
  });
  return b;
}

/** The key back from its bytes (sortKeyBytes' inverse). */
export function sortKeyOf(b: Uint8Array): number[] {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let o = 0; o + 8 <= buf.length; o += 8) out.push(buf.readUInt32BE(o) * 2 ** 32 + buf.readUInt32BE(o + 4) - 2 ** 52);
  return out;
}

/** Inserts labels (case_labels), 50,000 rows per statement. */
export async function insertLabels(db: Db, labels: readonly Label[]) {
  // Times go as epoch milliseconds (numbers serialise 1.5× faster than dates in the driver).
  const ms = (x: number | undefined) => (x === undefined ? null : x);
  for (let i = 0; i < labels.length; i += 50_000) {
    const b = labels.slice(i, i + 50_000);
    await sql`insert into case_labels (case_id, person_id, level, exposed_at, via_person_id, link_kind, link_ref, venue_id, source_from, source_to, target_from, target_to, sort_key)
      select c, p, lv, to_timestamp(at / 1000.0), via, kind, ref, venue, to_timestamp(sf / 1000.0), to_timestamp(st / 1000.0), to_timestamp(tf / 1000.0), to_timestamp(tt / 1000.0), decode(k, 'hex')
      from unnest(${numArray(b.map((l) => l.caseId))}::bigint[], ${numArray(b.map((l) => l.personId))}::bigint[], ${numArray(b.map((l) => l.level))}::int[],
        ${numArray(b.map((l) => l.link.at))}::float8[], ${numArray(b.map((l) => l.link.via))}::bigint[], ${tokenArray(b.map((l) => l.link.kind))}::text[],
        ${numArray(b.map((l) => l.link.ref))}::bigint[], ${numArray(b.map((l) => l.link.venueId ?? null))}::bigint[], ${numArray(b.map((l) => ms(l.link.sourceFrom)))}::float8[],
        ${numArray(b.map((l) => ms(l.link.sourceTo)))}::float8[], ${numArray(b.map((l) => ms(l.link.targetFrom)))}::float8[], ${numArray(b.map((l) => ms(l.link.targetTo)))}::float8[],
        ${tokenArray(b.map((l) => sortKeyBytes(l.key).toString('hex')))}::text[]) as u(c, p, lv, at, via, kind, ref, venue, sf, st, tf, tt, k)`.execute(db);
  }
}

/** Inserts the links between cases: `reachedCase` was reached by the label's case. */
export async function insertSources(db: Db, reached: ReadonlyArray<Label & { reachedCase: number }>) {
  if (!reached.length) return;
  await sql`insert into case_sources (case_id, source_case_id, level, exposed_at, via_person_id, link_kind, link_ref, sort_key)
    select c, s, lv, to_timestamp(at / 1000.0), via, kind, ref, decode(k, 'hex')
    from unnest(${numArray(reached.map((l) => l.reachedCase))}::bigint[], ${numArray(reached.map((l) => l.caseId))}::bigint[], ${numArray(reached.map((l) => l.level))}::int[],
      ${numArray(reached.map((l) => l.link.at))}::float8[], ${numArray(reached.map((l) => l.link.via))}::bigint[], ${tokenArray(reached.map((l) => l.link.kind))}::text[],
      ${numArray(reached.map((l) => l.link.ref))}::bigint[], ${tokenArray(reached.map((l) => sortKeyBytes(l.key).toString('hex')))}::text[]) as u(c, s, lv, at, via, kind, ref, k)`.execute(db);
}
