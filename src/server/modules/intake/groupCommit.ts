// Group commit: concurrent writes gathered into one batch, written by one statement and one COMMIT, each
// caller answered only after its batch committed. On this 2-core machine a durable one-row INSERT per request
// tops out near 7,000/s (one fsync each); gathered, the same fsyncs carry dozens of rows
// (../shared/design/ARCHITECTURE.md, "known hard parts").
//
// Batching adapts to the load by itself: with nothing in flight a batch leaves at the end of the current turn
// of the event loop (all requests parsed from the sockets in that turn go together); while batches are in
// flight, new items wait up to `maxWaitMs` (or until `maxBatch` of them are queued) for a free slot. Slower
// commits therefore mean bigger batches, not longer queues.
//
// A failed batch rejects every item in it (never a silent drop); `flush` may also fail single items (an Error
// in its place in the result array) without failing the others.

export type GroupCommitOptions<I, O> = {
  /** Writes the items durably and returns one result per item, in order (an Error fails that item only). */
  flush: (items: I[]) => Promise<Array<O | Error>>;
  /** The error every item of a batch gets when `flush` throws. */
  batchError: (cause: unknown) => Error;
  /** The error when the queue is full or the committer is closed. */
  busyError: () => Error;
  maxBatch?: number;
  maxWaitMs?: number;
  maxInFlight?: number;
  maxQueue?: number;
  onBatchError?: (cause: unknown, size: number) => void;
};

export type GroupCommitStats = {
  batches: number; items: number; failedBatches: number; maxBatchSeen: number; queued: number; inFlight: number;
  /** Total milliseconds spent in flush (the statement and its commit), and in the queue before it (per item). */
  flushMs: number; waitMs: number;
};

export type GroupCommitter<I, O> = {
  submit: (item: I) => Promise<O>;
  /** Stops taking items and waits until everything queued is written (or failed). */
  close: () => Promise<void>;
  stats: () => GroupCommitStats;
};

type Pending<I, O> = { item: I; at: number; resolve: (o: O) => void; reject: (e: Error) => void };

export function groupCommitter<I, O>(opts: GroupCommitOptions<I, O>): GroupCommitter<I, O> {
  const maxBatch = opts.maxBatch ?? 500;
  const maxWaitMs = opts.maxWaitMs ?? 2;
  const maxInFlight = opts.maxInFlight ?? 3;
  const maxQueue = opts.maxQueue ?? 50_000;
  let queue: Array<Pending<I, O>> = [];
  let inFlight = 0;
  let scheduled = false;
  let closed = false;
  let idle: Array<() => void> = [];
  const stats = { batches: 0, items: 0, failedBatches: 0, maxBatchSeen: 0, flushMs: 0, waitMs: 0 };

  const settleIdle = () => {
    if (queue.length === 0 && inFlight === 0 && idle.length) {
      const waiting = idle;
      idle = [];
      for (const w of waiting) w();
    }
  };

  const run = async (batch: Array<Pending<I, O>>) => {
    inFlight++;
    stats.batches++;
    stats.items += batch.length;
    if (batch.length > stats.maxBatchSeen) stats.maxBatchSeen = batch.length;
    const t0 = performance.now();
    for (const p of batch) stats.waitMs += t0 - p.at;
    try {
      let results: Array<O | Error>;
      try {
        results = await opts.flush(batch.map((p) => p.item));
        if (results.length !== batch.length) throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
      } catch (cause) {
        stats.failedBatches++;
        opts.onBatchError?.(cause, batch.length);
        const err = opts.batchError(cause);
        for (const p of batch) p.reject(err);
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const r = results[i]!;
        if (r instanceof Error) batch[i]!.reject(r);
        else batch[i]!.resolve(r);
      }
    } finally {
      stats.flushMs += performance.now() - t0;
      inFlight--;
      // Whatever queued during this batch's flight has waited long enough: it goes now.
      if (queue.length) pump();
      settleIdle();
    }
  };

  const pump = () => {
    while (inFlight < maxInFlight && queue.length) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      void run(batch);
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    const go = () => { scheduled = false; pump(); };
    if (inFlight === 0) setImmediate(go);
    else setTimeout(go, maxWaitMs);
  };

  return {
    submit(item: I): Promise<O> {
      if (closed || queue.length >= maxQueue) return Promise.reject(opts.busyError());
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, at: performance.now(), resolve, reject });
        if (queue.length >= maxBatch && inFlight < maxInFlight) pump();
        else schedule();
      });
    },
    close(): Promise<void> {
      closed = true;
      pump();
      if (queue.length === 0 && inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
    stats: () => ({ ...stats, queued: queue.length, inFlight }),
  };
}
