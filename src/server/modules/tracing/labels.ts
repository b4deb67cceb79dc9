// Writers of the kept traces: case_labels (a case's labels) and case_sources (the cases a case reached), with
// the byte sort keys whose order is the engine's order of chains (rules.ts compareKeys).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { binaryArray, float8Array, int4Array, int8Array, textArray } from '../../platform/db/arrays.ts';
import { pipelined } from '../../platform/db/pipelined.ts';
import type { Label } from './rules.ts';

/** A sort key as bytes whose byte order is the numeric order of the key: each number (|n| < 2^52) offset by 2^52
 * and written as 8 bytes big-endian. */
export function sortKeyBytes(key: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe(key.length * 8);
  writeSortKey(key, b, 0);
  return b;
}

function writeSortKey(key: readonly number[], b: Buffer, at: number): void {
  for (let i = 0; i < key.length; i++) {
    const u = key[i]! + 2 ** 52;
    const hi = Math.floor(u / 2 ** 32);
    b.writeUInt32BE(hi, at + i * 8);
    b.writeUInt32BE(u - hi * 2 ** 32, at + i * 8 + 4);
  }
}

/** Sort keys as a `bytea[]` parameter (binary: no hex on either side). */
function sortKeyArray(keys: ReadonlyArray<readonly number[]>): Buffer {
  return binaryArray('bytea', keys.length, (i) => keys[i]!.length * 8, (i, b, at) => writeSortKey(keys[i]!, b, at));
}

/** The key back from its bytes (sortKeyBytes' inverse). */
export function sortKeyOf(b: Uint8Array): number[] {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let o = 0; o + 8 <= buf.length; o += 8) out.push(buf.readUInt32BE(o) * 2 ** 32 + buf.readUInt32BE(o + 4) - 2 ** 52);
  return out;
}

/** Inserts labels (case_labels), 50,000 rows per statement; the next statement's arrays are built while
 * PostgreSQL inserts the previous one. */
export async function insertLabels(db: Db, labels: readonly Label[]) {
  // Times go as epoch milliseconds, every array in binary (arrays.ts).
  const ms = (x: number | undefined) => (x === undefined ? null : x);
  await pipelined(Math.ceil(labels.length / 50_000), (j) => {
    const b = labels.slice(j * 50_000, (j + 1) * 50_000);
    return sql`insert into case_labels (case_id, person_id, level, exposed_at, via_person_id, link_kind, link_ref, venue_id, source_from, source_to, target_from, target_to, sort_key)
      select c, p, lv, to_timestamp(at / 1000.0), via, kind, ref, venue, to_timestamp(sf / 1000.0), to_timestamp(st / 1000.0), to_timestamp(tf / 1000.0), to_timestamp(tt / 1000.0), k
      from unnest(${int8Array(b.map((l) => l.caseId))}::bigint[], ${int8Array(b.map((l) => l.personId))}::bigint[], ${int4Array(b.map((l) => l.level))}::int[],
        ${float8Array(b.map((l) => l.link.at))}::float8[], ${int8Array(b.map((l) => l.link.via))}::bigint[], ${textArray(b.map((l) => l.link.kind))}::text[],
        ${int8Array(b.map((l) => l.link.ref))}::bigint[], ${int8Array(b.map((l) => l.link.venueId ?? null))}::bigint[], ${float8Array(b.map((l) => ms(l.link.sourceFrom)))}::float8[],
        ${float8Array(b.map((l) => ms(l.link.sourceTo)))}::float8[], ${float8Array(b.map((l) => ms(l.link.targetFrom)))}::float8[], ${float8Array(b.map((l) => ms(l.link.targetTo)))}::float8[],
        ${sortKeyArray(b.map((l) => l.key))}::bytea[]) as u(c, p, lv, at, via, kind, ref, venue, sf, st, tf, tt, k)`.execute(db);
  });
}

/** Inserts the links between cases: `reachedCase` was reached by the label's case. */
export async function insertSources(db: Db, reached: ReadonlyArray<Label & { reachedCase: number }>) {
  if (!reached.length) return;
  await sql`insert into case_sources (case_id, source_case_id, level, exposed_at, via_person_id, link_kind, link_ref, sort_key)
    select c, s, lv, to_timestamp(at / 1000.0), via, kind, ref, k
    from unnest(${int8Array(reached.map((l) => l.reachedCase))}::bigint[], ${int8Array(reached.map((l) => l.caseId))}::bigint[], ${int4Array(reached.map((l) => l.level))}::int[],
      ${float8Array(reached.map((l) => l.link.at))}::float8[], ${int8Array(reached.map((l) => l.link.via))}::bigint[], ${textArray(reached.map((l) => l.link.kind))}::text[],
      ${int8Array(reached.map((l) => l.link.ref))}::bigint[], ${sortKeyArray(reached.map((l) => l.key))}::bytea[]) as u(c, s, lv, at, via, kind, ref, k)`.execute(db);
}
