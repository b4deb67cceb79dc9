// Array parameters in PostgreSQL's binary format (what array_send writes). The driver sends a Buffer as a binary
// parameter, and the server reads it with array_recv: no number is printed in Node nor parsed on the server. (A
// JS array is escaped element by element by the driver: 667,000 labels as 13 arrays took ~7 s; as text literals
// built with one join, 470 ms per 50,000 labels to build; these, 100 ms.) The element type must be the cast's
// exactly (`$n::bigint[]` takes int8Array only): array_recv refuses any other.
const OID = { int2: 21, int4: 23, int8: 20, float8: 701, text: 25, bytea: 17, uuid: 2950 } as const;
type Elem = keyof typeof OID;

/** An array of `n` elements of type `elem`, element i of `size(i)` bytes (−1: NULL) written by `write`. */
export function binaryArray(elem: Elem, n: number, size: (i: number) => number, write: (i: number, b: Buffer, at: number) => void): Buffer {
  if (n === 0) {
    const b = Buffer.alloc(12);
    b.writeInt32BE(OID[elem], 8);
    return b;
  }
  let bytes = 20 + 4 * n;
  let nulls = false;
  const sizes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = size(i);
    sizes[i] = s;
    if (s < 0) nulls = true; else bytes += s;
  }
  const b = Buffer.allocUnsafe(bytes);
  b.writeInt32BE(1, 0); // dimensions
  b.writeInt32BE(nulls ? 1 : 0, 4);
  b.writeInt32BE(OID[elem], 8);
  b.writeInt32BE(n, 12);
  b.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (let i = 0; i < n; i++) {
    const s = sizes[i]!;
    b.writeInt32BE(s, at);
    at += 4;
    if (s >= 0) { write(i, b, at); at += s; }
  }
  return b;
}

const isNull = (x: unknown): x is null | undefined => x === null || x === undefined;

/** A 64-bit integer (|x| < 2^53) as 8 bytes big-endian. */
export function writeInt8(b: Buffer, at: number, x: number): void {
  const hi = Math.floor(x / 4_294_967_296);
  b.writeInt32BE(hi, at);
  b.writeUInt32BE(x - hi * 4_294_967_296, at + 4);
}

/** For `$n::bigint[]`. */
export function int8Array(xs: ReadonlyArray<number | null | undefined>): Buffer {
  for (const x of xs) if (!isNull(x) && !Number.isSafeInteger(x)) throw new Error(`int8Array: not a safe integer: ${x}`);
  return binaryArray('int8', xs.length, (i) => (isNull(xs[i]) ? -1 : 8), (i, b, at) => writeInt8(b, at, xs[i]!));
}

/** For `$n::int[]`. */
export function int4Array(xs: ReadonlyArray<number | null | undefined>): Buffer {
  for (const x of xs) if (!isNull(x) && !(Number.isInteger(x) && x >= -2_147_483_648 && x <= 2_147_483_647)) throw new Error(`int4Array: not a 32-bit integer: ${x}`);
  return binaryArray('int4', xs.length, (i) => (isNull(xs[i]) ? -1 : 4), (i, b, at) => { b.writeInt32BE(xs[i]!, at); });
}

/** For `$n::float8[]` (epoch milliseconds for times; ±Infinity for an open end, never NaN). */
export function float8Array(xs: ReadonlyArray<number | null | undefined>): Buffer {
  for (const x of xs) if (!isNull(x) && Number.isNaN(x)) throw new Error('float8Array: NaN');
  return binaryArray('float8', xs.length, (i) => (isNull(xs[i]) ? -1 : 8), (i, b, at) => { b.writeDoubleBE(xs[i]!, at); });
}

/** For `$n::text[]` (any strings, UTF-8). */
export function textArray(xs: ReadonlyArray<string | null | undefined>): Buffer {
  return binaryArray('text', xs.length, (i) => (isNull(xs[i]) ? -1 : Buffer.byteLength(xs[i]!)), (i, b, at) => { b.write(xs[i]!, at); });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For `$n::uuid[]` (the canonical 36-character form). */
export function uuidArray(xs: ReadonlyArray<string | null | undefined>): Buffer {
  for (const x of xs) if (!isNull(x) && !UUID.test(x)) throw new Error(`uuidArray: not a UUID: ${JSON.stringify(x)}`);
  return binaryArray('uuid', xs.length, (i) => (isNull(xs[i]) ? -1 : 16), (i, b, at) => { b.write(xs[i]!.replace(/-/g, ''), at, 'hex'); });
}
