// Array parameters as PostgreSQL array literals built with one join. The driver escapes every element of a JS
// array one by one: sending 667,000 labels as 13 arrays took ~7 s in the driver alone; the same arrays as
// literals take a few hundred milliseconds. Only numbers and plain tokens are accepted (nothing to escape).

/** `{1,2,NULL}` for `$n::bigint[]`, `::int[]` or `::float8[]`. */
export function numArray(xs: ReadonlyArray<number | null | undefined>): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (i) out += ',';
    if (x === null || x === undefined) out += 'NULL';
    else if (Number.isFinite(x)) out += x;
    else throw new Error(`numArray: not a finite number: ${x}`);
  }
  return out + '}';
}

const TOKEN = /^[A-Za-z0-9_.:-]+$/;

/** `{a,b,NULL}` for `$n::text[]`, for tokens that need no quoting (kinds, codes, hex). */
export function tokenArray(xs: ReadonlyArray<string | null | undefined>): string {
  return `{${xs.map((x) => {
    if (x === null || x === undefined) return 'NULL';
    if (!TOKEN.test(x) || x.toUpperCase() === 'NULL') throw new Error(`tokenArray: not a plain token: ${JSON.stringify(x)}`);
    return x;
  }).join(',')}}`;
}
