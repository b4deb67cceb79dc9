// The HTTP API of checkpoints (chốt kiểm soát) and their entries of people and vehicles. Shared by the server
// (validation, OpenAPI) and the web app (the offline queue validates an entry with the same schema before it
// keeps it, so that a queued entry is never refused for its format later).
import { z } from 'zod';
import { CommuneCode } from './common.ts';
import { checkIdNumber } from './identity.ts';

export const CHECKPOINT_KINDS = ['border_gate', 'provincial_gate', 'bus_station', 'train_station', 'port', 'other'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];
export const CHECKPOINT_DECISIONS = ['allowed', 'quarantine', 'turned_back'] as const;
export type CheckpointDecision = (typeof CHECKPOINT_DECISIONS)[number];
/** Entries per POST: the queue sends at most this many at once. */
export const CHECKPOINT_BATCH_MAX = 200;

export const CheckpointInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(CHECKPOINT_KINDS),
  communeCode: CommuneCode,
  address: z.string().trim().max(500).nullable().optional(),
});
export type CheckpointInput = z.infer<typeof CheckpointInput>;

export const CheckpointView = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(CHECKPOINT_KINDS),
  communeCode: z.string(),
  address: z.string().nullable(),
  active: z.boolean(),
});
export type CheckpointView = z.infer<typeof CheckpointView>;
export const CheckpointList = z.object({ items: z.array(CheckpointView) });

const text = (max: number) => z.string().trim().max(max).nullable().optional();

/** One entry as typed at the gate. recordedAt is the phone's clock when it was recorded (not when it was sent). */
export const CheckpointEntryInput = z.strictObject({
  clientId: z.uuid(),
  checkpointId: z.number().int().positive(),
  idNumber: text(20),
  phone: text(20),
  fullName: text(200),
  plate: text(20),
  origin: text(200),
  destination: text(200),
  temperature: z.number().min(30).max(45).nullable().optional(),
  decision: z.enum(CHECKPOINT_DECISIONS),
  note: text(500),
  recordedAt: z.iso.datetime({ offset: true }),
}).refine((e) => !!(e.idNumber || e.phone || e.fullName || e.plate), { message: 'a person or a vehicle', path: ['fullName'] });
export type CheckpointEntryInput = z.infer<typeof CheckpointEntryInput>;

export const CheckpointEntriesBody = z.strictObject({ entries: z.array(CheckpointEntryInput).min(1).max(CHECKPOINT_BATCH_MAX) });

/** created: stored now; duplicate: stored by an earlier send (its first result); rejected: never will be (code). */
export const CheckpointEntryResult = z.object({
  clientId: z.string(),
  status: z.enum(['created', 'duplicate', 'rejected']),
  id: z.number().nullable(),
  personId: z.number().nullable(),
  receivedAt: z.string().nullable(),
  code: z.string().nullable(),
});
export type CheckpointEntryResult = z.infer<typeof CheckpointEntryResult>;
export const CheckpointEntriesResult = z.object({ results: z.array(CheckpointEntryResult) });

export const CheckpointEntryView = z.object({
  id: z.number(),
  clientId: z.string(),
  checkpointId: z.number(),
  personId: z.number().nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  fullName: z.string().nullable(),
  plate: z.string().nullable(),
  origin: z.string().nullable(),
  destination: z.string().nullable(),
  temperature: z.number().nullable(),
  decision: z.enum(CHECKPOINT_DECISIONS),
  note: z.string().nullable(),
  recordedAt: z.string(),
  receivedAt: z.string(),
});
export type CheckpointEntryView = z.infer<typeof CheckpointEntryView>;
export const CheckpointEntriesQuery = z.strictObject({
  /** Vietnam day YYYY-MM-DD; default today. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const CheckpointEntryList = z.object({ items: z.array(CheckpointEntryView), truncated: z.boolean() });

/** The identity number as stored: a valid CCCD or CMND in its normal form, else the typed text without spaces. */
export function normalizeIdNumber(raw: string): string {
  const compact = raw.replace(/[\s.-]/g, '').toUpperCase();
  for (const type of ['cccd', 'cmnd'] as const) {
    const r = checkIdNumber(type, compact);
    if (r.ok) return r.value;
  }
  return compact;
}

export type ChipQr = { idNumber: string; oldIdNumber: string | null; fullName: string; birthDate: string | null; sex: 'male' | 'female' | null; address: string | null; issuedOn: string | null };

const ddmmyyyy = (s: string | undefined): string | null => {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s?.trim() ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
};

/** The QR text of a chip CCCD: `CCCD|CMND|Name|DOB ddmmyyyy|Sex|Address|IssueDate ddmmyyyy`; null when it is not one. */
export function parseChipQr(raw: string): ChipQr | null {
  const parts = raw.trim().split('|');
  if (parts.length < 6) return null;
  const id = parts[0]!.trim();
  if (!/^\d{12}$/.test(id)) return null;
  const sexText = (parts[4] ?? '').trim().toLowerCase();
  return {
    idNumber: id,
    oldIdNumber: /^\d{9}$/.test(parts[1]?.trim() ?? '') ? parts[1]!.trim() : null,
    fullName: (parts[2] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim(),
    birthDate: ddmmyyyy(parts[3]),
    sex: sexText === 'nam' ? 'male' : sexText === 'nữ' || sexText === 'nu' ? 'female' : null,
    address: parts[5]?.trim() || null,
    issuedOn: ddmmyyyy(parts[6]),
  };
}
