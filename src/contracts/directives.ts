// The result of parsing a directive's text (`phongdich directive parse FILE --json`). The shape is the one of
// shared/seeds/directive-parse.schema.json: same keys, nulls where the text does not say, strings NFC with
// whitespace collapsed, dates ISO. Kept strict so the CLI never prints a key the schema does not know.
import { z } from 'zod';
import { IsoDate } from './common.ts';

export const DirectiveReference = z.strictObject({
  number: z.string().nullable().describe("Number and symbol of the cited document, e.g. '272/TB-VPCP'"),
  date: IsoDate.nullable(),
  issuer: z.string().nullable().describe("Who issued it, as the text names it, e.g. 'Văn phòng Chính phủ'"),
});
export type DirectiveReference = z.infer<typeof DirectiveReference>;

export const DirectiveSigner = z.strictObject({
  name: z.string().nullable(),
  title: z.string().nullable().describe("e.g. 'Phó Chủ tịch', 'Chánh Văn phòng'"),
  authority: z.string().nullable().describe("Signing prefixes joined by '; ', e.g. 'TM. Ủy ban nhân dân; KT. Chủ tịch'"),
});
export type DirectiveSigner = z.infer<typeof DirectiveSigner>;

export const DirectiveTask = z.strictObject({
  item: z.string().nullable().describe("Item label: '3', '2.a', 'III.1', 'Điều 2'; null for an unnumbered paragraph"),
  lead: z.array(z.string()).describe('Agencies given the work (giao …, … chủ trì, a heading "Sở X:"), as named'),
  support: z.array(z.string()).describe("Agencies named after 'phối hợp với'"),
  deadline: IsoDate.nullable(),
  summary: z.string(),
});
export type DirectiveTask = z.infer<typeof DirectiveTask>;

export const ParsedDirective = z.strictObject({
  issuer: z.string().nullable(),
  number: z.string().nullable(),
  doc_type: z.string().nullable(),
  place: z.string().nullable(),
  date: IsoDate.nullable(),
  subject: z.string().nullable(),
  references: z.array(DirectiveReference),
  recipients: z.array(z.string()),
  signer: DirectiveSigner.nullable(),
  tasks: z.array(DirectiveTask),
});
export type ParsedDirective = z.infer<typeof ParsedDirective>;

/** An agency of the registry the parser resolves names against (reference module seed: code, name, aliases). */
export const AgencyEntry = z.object({
  code: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
});
export type AgencyEntry = z.infer<typeof AgencyEntry>;

/** Stable codes of DirectiveParseError. */
export const DIRECTIVE_ERROR_CODES = ['directive.empty', 'directive.not_text', 'directive.too_large'] as const;
export type DirectiveErrorCode = (typeof DIRECTIVE_ERROR_CODES)[number];
