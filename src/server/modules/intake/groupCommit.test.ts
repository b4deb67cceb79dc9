// The group committer on its own (no database): gathering, answers after the flush, failures, back-pressure.
import { describe, expect, it } from 'vitest';
import { groupCommitter } from './groupCommit.ts';
import { rateLimiter } from './checkins.limits.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function committer(flushImpl: (items: number[]) => Promise<Array<number | Error>>, opts: { maxBatch?: number; maxInFlight?: number; maxQueue?: number } = {}) {
  const batches: number[][] = [];
  const c = groupCommitter<number, number>({
    flush: async (items) => { batches.push([...items]); return flushImpl(items); },
    batchError: () => new Error('batch failed'),
    busyError: () => new Error('busy'),
    maxWaitMs: 1,
    ...opts,
  });
  return { c, batches };
}

describe('group commit', () => {
  it('gathers requests made in the same turn into one batch and answers each with its own result', async () => {
    const { c, batches } = committer(async (items) => items.map((x) => x * 10));
    const out = await Promise.all([1, 2, 3, 4, 5].map((x) => c.submit(x)));
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('answers nobody before the flush has finished (the commit)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { c } = committer(async (items) => { await gate; return items; });
    let answered = 0;
    const all = [1, 2, 3].map((x) => c.submit(x).then((v) => { answered++; return v; }));
    await sleep(20);
    expect(answered).toBe(0);
    release();
    expect(await Promise.all(all)).toEqual([1, 2, 3]);
  });

  it('while batches are in flight, queues the next requests into larger batches', async () => {
    const { c, batches } = committer(async (items) => { await sleep(15); return items; }, { maxInFlight: 1 });
    const first = c.submit(0);
    await sleep(1);
    const rest = Array.from({ length: 50 }, (_, i) => c.submit(i + 1));
    await Promise.all([first, ...rest]);
    expect(batches[0]).toEqual([0]);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(batches.flat()).toHaveLength(51);
  });

  it('a failed batch rejects every request in it, and the next batch works', async () => {
    let fail = true;
    const { c } = committer(async (items) => { if (fail) throw new Error('connection lost'); return items; });
    const failed = await Promise.allSettled([1, 2, 3].map((x) => c.submit(x)));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe('batch failed');
    fail = false;
    expect(await c.submit(4)).toBe(4);
  });

  it('one item can fail alone', async () => {
    const { c } = committer(async (items) => items.map((x) => (x === 2 ? new Error('bad row') : x)));
    const r = await Promise.allSettled([1, 2, 3].map((x) => c.submit(x)));
    expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('caps batches at maxBatch and refuses when the queue is full', async () => {
    const { c, batches } = committer(async (items) => { await sleep(5); return items; }, { maxBatch: 10, maxInFlight: 1, maxQueue: 25 });
    const accepted = Array.from({ length: 35 }, (_, i) => c.submit(i)); // 10 in flight, 25 queued
    await expect(c.submit(99)).rejects.toThrow('busy');
    await Promise.all(accepted);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(10);
  });

  it('close waits for what is queued, then refuses new work', async () => {
    const { c } = committer(async (items) => { await sleep(10); return items; }, { maxInFlight: 1 });
    const pending = [1, 2, 3].map((x) => c.submit(x));
    await c.close();
    expect(await Promise.all(pending)).toEqual([1, 2, 3]);
    await expect(c.submit(4)).rejects.toThrow('busy');
  });
});

describe('rate limits', () => {
  it('allows a burst, then one request per refill interval, per key', () => {
    const l = rateLimiter({ burst: 3, perSecond: 2 });
    const t = 1_000_000;
    expect([l.take('a', t), l.take('a', t), l.take('a', t)]).toEqual([0, 0, 0]);
    expect(l.take('a', t)).toBe(500);
    expect(l.take('b', t)).toBe(0);
    expect(l.take('a', t + 500)).toBe(0);
    expect(l.take('a', t + 500)).toBeGreaterThan(0);
  });

  it('forgets the least recently used clients beyond its size', () => {
    const l = rateLimiter({ burst: 1, perSecond: 1 }, 100);
    for (let i = 0; i < 250; i++) l.take(`k${i}`, 0);
    expect(l.size()).toBeLessThanOrEqual(100);
  });
});
