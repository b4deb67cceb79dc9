// Bulk writes in several statements: the next statement's parameters (CPU in Node) are built while PostgreSQL
// runs the one before (its CPU), instead of one after the other.

/** Runs statements 0 … n − 1 in order (on one transaction: the caller's statements go to the same connection),
 * building statement i + 1 (its parameters: CPU in Node) while statement i runs (in PostgreSQL). The first
 * failure is thrown once the statement after it has settled too. */
export async function pipelined(n: number, statement: (i: number) => Promise<unknown>): Promise<void> {
  let inFlight: Promise<unknown> | null = null;
  for (let i = 0; i < n; i++) {
    const next = statement(i);
    next.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    if (inFlight) {
      try { await inFlight; } catch (e) { await next.catch(() => {}); throw e; }
    }
    inFlight = next;
  }
  await inFlight;
}
