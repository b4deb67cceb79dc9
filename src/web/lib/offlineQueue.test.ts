import { describe, expect, it } from 'vitest';
import type { CheckpointEntryInput, CheckpointEntryResult } from '../../contracts/intake.checkpoints.ts';
import { backoffMs, drain, memoryStore, queued, startSync } from './offlineQueue.ts';

let n = 0;
const entry = (): CheckpointEntryInput => ({
  clientId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, checkpointId: 1, fullName: `Người ${n}`, decision: 'allowed', recordedAt: '2026-01-01T00:00:00Z',
});
const ok = (status: 'created' | 'duplicate' = 'created') => async (es: CheckpointEntryInput[]): Promise<CheckpointEntryResult[]> =>
  es.map((e, i) => ({ clientId: e.clientId, status, id: i + 1, personId: null, receivedAt: '2026-01-01T00:00:00Z', code: null }));

describe('offline queue', () => {
  it('removes entries only once the server acknowledged them (created or duplicate)', async () => {
    const s = memoryStore();
    for (let i = 0; i < 5; i++) await s.put(queued(entry(), new Date(2026, 0, 1, 0, i)));
    expect(await drain(s, ok('duplicate'), 2)).toEqual({ sent: 5, rejected: 0, remaining: 0, error: null });
    expect(s.items.size).toBe(0);
  });

  it('keeps the batch when there is no answer, and counts the attempt', async () => {
    const s = memoryStore();
    const e = entry();
    await s.put(queued(e));
    const r = await drain(s, async () => { throw new TypeError('Failed to fetch'); });
    expect(r.remaining).toBe(1);
    expect(s.items.get(e.clientId)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('marks refused entries and does not send them again; an entry without a result stays pending', async () => {
    const s = memoryStore();
    const [a, b, c] = [entry(), entry(), entry()];
    for (const e of [a, b, c]) await s.put(queued(e));
    const sent: string[][] = [];
    const send = async (es: CheckpointEntryInput[]) => {
      sent.push(es.map((e) => e.clientId));
      return [
        { clientId: a.clientId, status: 'rejected' as const, id: null, personId: null, receivedAt: null, code: 'checkpoint.invalid_time' },
        { clientId: b.clientId, status: 'created' as const, id: 1, personId: null, receivedAt: 'x', code: null },
      ];
    };
    await drain(s, send);
    expect(s.items.get(a.clientId)).toMatchObject({ status: 'rejected', code: 'checkpoint.invalid_time' });
    expect(s.items.has(b.clientId)).toBe(false);
    expect(s.items.get(c.clientId)?.status).toBe('pending');
    await drain(s, send);
    expect(sent[1]).toEqual([c.clientId]);
  });

  it('backs off exponentially up to a minute', () => {
    expect([0, 1, 2, 3, 10].map((f) => backoffMs(f, () => 0.5))).toEqual([0, 1000, 2000, 4000, 60000]);
  });

  it('retries after a failure until the queue is empty', async () => {
    const s = memoryStore();
    await s.put(queued(entry()));
    let calls = 0;
    const timers: Array<() => void> = [];
    const reports: number[] = [];
    await new Promise<void>((resolve) => {
      startSync(s, async (es) => { if (++calls === 1) throw new Error('offline'); return ok()(es); }, {
        onChange: (r) => { reports.push(r.remaining); if (r.remaining === 0) resolve(); else queueMicrotask(() => timers.shift()?.()); },
        setTimer: ((fn: () => void) => { timers.push(fn); return 0; }) as unknown as typeof setTimeout,
        clearTimer: (() => {}) as typeof clearTimeout,
      });
    });
    expect(reports).toEqual([1, 0]);
    expect(s.items.size).toBe(0);
  });
});
