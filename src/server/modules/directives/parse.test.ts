// parseDirective on the seed documents (shared/seeds, when the folder is there) and on the fixtures
// (test/fixtures/directives): every field as expected; output of the schema's shape for any input; only
// DirectiveParseError for input that is no text.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParsedDirective } from '../../../contracts/directives.ts';
import { loadDirectiveCases, type DirectiveCase } from './accuracy.ts';
import { DirectiveParseError, MAX_DIRECTIVE_CHARS, parseDirective } from './parse.ts';

const SEEDS = process.env.PHONGDICH_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../../../../shared/seeds');
const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/directives');
const SCHEMA = path.join(SEEDS, 'directive-parse.schema.json');
const haveSeeds = fs.existsSync(SEEDS);
const seedCases: DirectiveCase[] = haveSeeds ? loadDirectiveCases(SEEDS) : [];
const fixtureCases: DirectiveCase[] = loadDirectiveCases(FIXTURES);

const nfc = (x: unknown): unknown => (x === undefined ? undefined : JSON.parse(JSON.stringify(x).normalize('NFC')));
const METADATA = ['issuer', 'number', 'doc_type', 'place', 'date', 'subject', 'references', 'recipients', 'signer'] as const;

/** Field by field, so a failure names the field (and the task) that differs. The summary is free wording. */
function expectDirective(got: ParsedDirective, exp: ParsedDirective): void {
  for (const field of METADATA) expect(nfc(got[field]), field).toEqual(nfc(exp[field]));
  expect(got.tasks.map((t) => t.item), 'task items').toEqual(exp.tasks.map((t) => t.item));
  exp.tasks.forEach((want, i) => {
    const have = got.tasks[i];
    for (const field of ['lead', 'support', 'deadline'] as const) {
      expect(nfc(have?.[field]), `task ${want.item ?? '(unnumbered)'} ${field}`).toEqual(nfc(want[field]));
    }
    expect(typeof have?.summary, `task ${want.item} summary`).toBe('string');
  });
}

describe.skipIf(!haveSeeds)('the seed directives', () => {
  for (const c of seedCases) it(`${c.name} reads as its expected JSON`, () => expectDirective(parseDirective(c.text), c.expected));
});

describe.skipIf(!haveSeeds)('phongdich directive parse FILE --json (the CLI, as a process)', () => {
  it('prints each seed\'s expected result', async () => {
    const { execFileSync } = await import('node:child_process');
    const bin = path.resolve(import.meta.dirname, '../../../../bin/phongdich.js');
    for (const c of seedCases) {
      const out = execFileSync(process.execPath, [bin, 'directive', 'parse', path.join(SEEDS, `${c.name}.txt`), '--json'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
      expectDirective(JSON.parse(out) as ParsedDirective, c.expected);
    }
  }, 60_000);
});

describe('the fixture directives', () => {
  it('has at least 12 of them', () => expect(fixtureCases.length).toBeGreaterThanOrEqual(12));
  for (const c of fixtureCases) it(`${c.name} reads as its expected JSON`, () => expectDirective(parseDirective(c.text), c.expected));
});

// ---------------------------------------------------------------------------------------------------------------
// Shape

type JsonSchema = { type?: string | string[]; required?: string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/** The part of JSON Schema the directive schema uses: type (with null), required, properties, items. */
function schemaErrors(value: unknown, schema: JsonSchema, at = '$'): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value;
  if (types.length && !types.includes(kind)) return [`${at}: ${kind} is not ${types.join('|')}`];
  const errors: string[] = [];
  if (kind === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${at}.${key}: missing`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in obj) errors.push(...schemaErrors(obj[key], sub, `${at}.${key}`));
    for (const key of Object.keys(obj)) if (schema.properties && !(key in schema.properties)) errors.push(`${at}.${key}: not in the schema`);
  }
  if (kind === 'array' && schema.items) (value as unknown[]).forEach((v, i) => errors.push(...schemaErrors(v, schema.items!, `${at}[${i}]`)));
  return errors;
}

const schema: JsonSchema | null = fs.existsSync(SCHEMA) ? (JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as JsonSchema) : null;

function expectSchemaShape(result: ParsedDirective): void {
  const z = ParsedDirective.safeParse(result);
  expect(z.success, z.success ? '' : JSON.stringify(z.error.issues)).toBe(true);
  if (schema) expect(schemaErrors(result, schema)).toEqual([]);
}

describe('the output shape', () => {
  it.skipIf(!schema)('the expected files themselves follow directive-parse.schema.json', () => {
    for (const c of [...seedCases, ...fixtureCases]) expect(schemaErrors(c.expected, schema!), c.name).toEqual([]);
  });
  it('follows directive-parse.schema.json and the zod contract for every document', () => {
    for (const c of [...seedCases, ...fixtureCases]) expectSchemaShape(parseDirective(c.text));
  });
  it('gives nulls and empty lists for text that is not a directive', () => {
    const r = parseDirective('Hôm nay trời đẹp, chúng tôi đi chơi công viên.');
    expectSchemaShape(r);
    expect(r).toMatchObject({ issuer: null, number: null, doc_type: null, date: null, references: [], recipients: [], tasks: [] });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Input that is not a document

describe('input that is no text', () => {
  const code = (f: () => unknown): string | null => {
    try { f(); return null; } catch (e) { return e instanceof DirectiveParseError ? e.code : `other: ${String(e)}`; }
  };
  it('refuses empty text and whitespace with directive.empty', () => {
    expect(code(() => parseDirective(''))).toBe('directive.empty');
    expect(code(() => parseDirective(' \n\t \u00a0\n'))).toBe('directive.empty');
    expect(code(() => parseDirective('---\n***\n| |\n'))).toBe('directive.empty');
  });
  it('refuses binary data and non-strings with directive.not_text', () => {
    expect(code(() => parseDirective('%PDF-1.4\u0000\u0001\u0002binary'))).toBe('directive.not_text');
    expect(code(() => parseDirective(null as unknown as string))).toBe('directive.not_text');
    expect(code(() => parseDirective(Buffer.from('Số: 1/UBND') as unknown as string))).toBe('directive.not_text');
  });
  it('refuses text longer than the limit with directive.too_large', () => {
    expect(code(() => parseDirective('a'.repeat(MAX_DIRECTIVE_CHARS + 1)))).toBe('directive.too_large');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Robustness: junk never crashes the parser

const FRAGMENTS = [
  'ỦY BAN NHÂN DÂN', 'TỈNH CAO BẰNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 12 /UBND-VX',
  'Số: /KH-UBND', 'Cao Bằng, ngày 03 tháng 8 năm 2020', 'ngày tháng năm', 'V/v tăng cường', 'CHỈ THỊ', 'THÔNG BÁO', 'Kính gửi:',
  '- Sở Y tế;', '1. Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh', 'a)', 'b) Đề nghị', 'I.', 'Điều 1.', '2.1.',
  'trước 17 giờ ngày 20/8/2021', 'trước ngày 31/2/2021', 'các sở, ban, ngành, ', 'UBND các huyện, thành phố', 'các lực lượng',
  'Giám đốc các sở:', 'Nơi nhận:', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'TM.', 'Q.', 'Nguyễn Văn A', '| STT | Chủ trì | Phối hợp |',
  '|---|---|', '| 1 | Sở Y tế | |', '**', '##', '\\.', './.', '(', ')', ':', ';', ',', '-', '', '   ', '\t', 'ố', 'e\u0301\u0302',
];

function parsesOrRefuses(text: string): void {
  let result: ParsedDirective;
  try {
    result = parseDirective(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DirectiveParseError);
    return;
  }
  expectSchemaShape(result);
}

describe('any input', () => {
  it('random strings of any code points', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), parsesOrRefuses), { numRuns: 300 });
  });
  it('random arrangements of directive fragments', () => {
    const line = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 12 }));
    const doc = fc.array(fc.array(line, { maxLength: 4 }).map((l) => l.join(' ')), { maxLength: 40 }).map((l) => l.join('\n'));
    fc.assert(fc.property(doc, parsesOrRefuses), { numRuns: 300 });
  });
  it('documents with random cuts and insertions', () => {
    const texts = [...seedCases, ...fixtureCases].map((c) => c.text);
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 8 }));
    const mutated = fc.tuple(fc.constantFrom(...texts), fc.array(edit, { maxLength: 12 })).map(([text, edits]) =>
      edits.reduce((t, [at, cut, ins]) => { const i = at % (t.length + 1); return t.slice(0, i) + ins + t.slice(i + cut); }, text));
    fc.assert(fc.property(mutated, parsesOrRefuses), { numRuns: 150 });
  });
  it('reads a long document in well under a second', () => {
    const big = fixtureCases.map((c) => c.text).join('\n').repeat(8);
    const t0 = performance.now();
    parsesOrRefuses(big);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
