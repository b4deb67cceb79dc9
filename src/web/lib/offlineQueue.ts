// The offline queue of checkpoint entries. An entry is kept (IndexedDB) the moment it is recorded, with its
// client-generated UUID, and leaves the queue only when the server acknowledged it (created, or duplicate: an
// earlier send was stored). The server stores each UUID once, so sending a batch twice (the answer was lost,
// the page reloaded mid-sync) never makes a duplicate, and nothing is removed before it is stored: no loss.
// An entry the server refuses for good (rejected) stays, marked, for the officer to see; it is not resent.
// The logic (drain, backoff) works on a QueueStore, so it is tested with the in-memory store.
import { CHECKPOINT_BATCH_MAX, type CheckpointEntryInput, type CheckpointEntryResult } from '../../contracts/intake.checkpoints.ts';

export type QueuedEntry = {
  entry: CheckpointEntryInput;
  status: 'pending' | 'rejected';
  code: string | null;
  attempts: number;
  queuedAt: string;
};

export interface QueueStore {
  put(item: QueuedEntry): Promise<void>;
  list(): Promise<QueuedEntry[]>;
  remove(clientIds: readonly string[]): Promise<void>;
}

/** Sends a batch; throws when there is no answer (offline, 5xx): the batch stays queued. */
export type SendBatch = (entries: CheckpointEntryInput[]) => Promise<CheckpointEntryResult[]>;

export function queued(entry: CheckpointEntryInput, now = new Date()): QueuedEntry {
  return { entry, status: 'pending', code: null, attempts: 0, queuedAt: now.toISOString() };
}

export type DrainReport = { sent: number; rejected: number; remaining: number; error: unknown };

/** Sends the pending entries in batches (oldest first). Stops at the first batch without an answer. */
export async function drain(store: QueueStore, send: SendBatch, batchSize = CHECKPOINT_BATCH_MAX): Promise<DrainReport> {
  const pending = (await store.list()).filter((q) => q.status === 'pending').sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  let sent = 0;
  let rejected = 0;
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    let results: CheckpointEntryResult[];
    try {
      results = await send(batch.map((q) => q.entry));
    } catch (error) {
      for (const q of batch) await store.put({ ...q, attempts: q.attempts + 1 });
      return { sent, rejected, remaining: pending.length - sent - rejected, error };
    }
    const byId = new Map(results.map((r) => [r.clientId.toLowerCase(), r]));
    const done: string[] = [];
    for (const q of batch) {
      const r = byId.get(q.entry.clientId.toLowerCase());
      if (!r) continue; // no answer for it: stays pending
      if (r.status === 'created' || r.status === 'duplicate') done.push(q.entry.clientId);
      else {
        rejected++;
        await store.put({ ...q, status: 'rejected', code: r.code, attempts: q.attempts + 1 });
      }
    }
    await store.remove(done);
    sent += done.length;
  }
  return { sent, rejected, remaining: pending.length - sent - rejected, error: null };
}

/** Wait before the next try after `failures` failed drains in a row: 1 s, 2 s, 4 s … at most 60 s, ±20 % jitter. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const base = Math.min(60_000, 1000 * 2 ** (failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type Syncer = { kick: () => void; stop: () => void };

/** Drains now and whenever kicked (a new entry, back online), retrying with backoff while entries are pending.
 * One drain at a time: a kick during a drain runs one more drain after it. */
export function startSync(store: QueueStore, send: SendBatch, opts: { onChange?: (r: DrainReport) => void; isOnline?: () => boolean; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout } = {}): Syncer {
  const setTimer = opts.setTimer ?? setTimeout;
  const clearTimer = opts.clearTimer ?? clearTimeout;
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) { again = true; return; }
    if (timer) { clearTimer(timer); timer = null; }
    running = true;
    let report: DrainReport;
    try {
      report = opts.isOnline && !opts.isOnline()
        ? { sent: 0, rejected: 0, remaining: (await store.list()).filter((q) => q.status === 'pending').length, error: new Error('offline') }
        : await drain(store, send);
    } catch (error) {
      report = { sent: 0, rejected: 0, remaining: -1, error };
    }
    running = false;
    opts.onChange?.(report);
    if (stopped) return;
    if (again) { again = false; failures = 0; void run(); return; }
    if (report.error && report.remaining !== 0) {
      failures++;
      timer = setTimer(() => { timer = null; void run(); }, backoffMs(failures));
    } else failures = 0;
  };
  void run();
  return { kick: () => { failures = 0; void run(); }, stop: () => { stopped = true; if (timer) clearTimer(timer); } };
}

export function memoryStore(): QueueStore & { items: Map<string, QueuedEntry> } {
  const items = new Map<string, QueuedEntry>();
  return {
    items,
    put: async (q) => { items.set(q.entry.clientId, structuredClone(q)); },
    list: async () => [...items.values()].map((q) => structuredClone(q)),
    remove: async (ids) => { for (const id of ids) items.delete(id); },
  };
}

const STORE = 'entries';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}

/** The queue in IndexedDB (database `name`, one object store keyed by the entry's clientId). */
export function idbStore(name = 'phongdich-checkpoints'): QueueStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = () => (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => { r.result.createObjectStore(STORE, { keyPath: 'entry.clientId' }); };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  }));
  const tx = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode);
  const done = (t: IDBTransaction) => new Promise<void>((resolve, reject) => { t.oncomplete = () => resolve(); t.onerror = () => reject(t.error); t.onabort = () => reject(t.error); });
  return {
    async put(q) { const t = await tx('readwrite'); t.objectStore(STORE).put(q); await done(t); },
    async list() { const t = await tx('readonly'); return req(t.objectStore(STORE).getAll() as IDBRequest<QueuedEntry[]>); },
    async remove(ids) {
      if (ids.length === 0) return;
      const t = await tx('readwrite');
      for (const id of ids) t.objectStore(STORE).delete(id);
      await done(t);
    },
  };
}
