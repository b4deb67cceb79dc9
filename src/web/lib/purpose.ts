// The declared purpose of access (Decree 13/2023/NĐ-CP): every read of a person's record is audited with it.
// The user picks it in the header; it is remembered in localStorage and sent as `purpose=` on the person reads
// (GET /api/people and GET /api/people/:id). A tiny store shared by the header and the pages, no provider needed.
import { useSyncExternalStore } from 'react';
import { PURPOSES } from '../../contracts/people.ts';

export type Purpose = (typeof PURPOSES)[number];

export { PURPOSES };
export const DEFAULT_PURPOSE: Purpose = 'registry';
export const PURPOSE_STORAGE_KEY = 'phongdich.purpose';

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

/** A stored or received value as a purpose; anything unknown (missing, old, tampered) is the default. */
export function parsePurpose(value: unknown): Purpose {
  return isPurpose(value) ? value : DEFAULT_PURPOSE;
}

type ReadStorage = Pick<Storage, 'getItem'>;
type WriteStorage = Pick<Storage, 'setItem'>;

/** The remembered purpose; the default when there is none or storage is unavailable (private mode, tests). */
export function loadPurpose(storage: ReadStorage | undefined): Purpose {
  try {
    return parsePurpose(storage?.getItem(PURPOSE_STORAGE_KEY));
  } catch {
    return DEFAULT_PURPOSE;
  }
}

export function savePurpose(purpose: Purpose, storage: WriteStorage | undefined): void {
  try {
    storage?.setItem(PURPOSE_STORAGE_KEY, purpose);
  } catch {
    // private mode or full storage: the choice lasts for this tab only
  }
}

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

let current: Purpose | null = null;
const listeners = new Set<() => void>();

export function getPurpose(): Purpose {
  current ??= loadPurpose(browserStorage());
  return current;
}

export function setPurpose(purpose: Purpose): void {
  if (purpose === getPurpose()) return;
  current = purpose;
  savePurpose(purpose, browserStorage());
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current purpose; components re-render when it changes. */
export function usePurpose(): Purpose {
  return useSyncExternalStore(subscribe, getPurpose, getPurpose);
}
