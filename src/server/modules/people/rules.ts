// What an officer typed into the search box: an identity number, a phone number, or (part of) a name.
import { foldVietnamese, normalizePhone } from '../../../contracts/identity.ts';

export type SearchIntent =
  | { kind: 'none' }
  | { kind: 'id'; value: string; phone: string | null }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; folded: string; nfc: string; tokens: string[] };

export function classifyQuery(raw: string | undefined): SearchIntent {
  const q = (raw ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!q) return { kind: 'none' };
  const compact = q.replace(/[\s.()-]/g, '');
  if (/^\+?\d+$/.test(compact)) {
    const phone = normalizePhone(compact);
    if (/^\d{9}$|^\d{12}$/.test(compact)) return { kind: 'id', value: compact, phone };
    if (phone) return { kind: 'phone', value: phone };
    return { kind: 'id', value: compact, phone: null };
  }
  // Passport numbers: letters and digits mixed, no spaces (e.g. C1234567, B12345678).
  if (/^[A-Za-z]{1,2}\d{6,10}$/.test(compact)) return { kind: 'id', value: compact.toUpperCase(), phone: null };
  const folded = foldVietnamese(q);
  return { kind: 'name', folded, nfc: q, tokens: folded.split(' ').filter(Boolean) };
}

/** Escapes LIKE wildcards so that "%" or "_" typed by a user match themselves. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
