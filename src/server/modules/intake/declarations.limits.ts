// Rate limits of the public forms, per client. Citizens' reports use a token bucket in PostgreSQL, shared by
// every process serving the database (one statement per submission). Declarations, which must carry thousands
// a second, use the in-memory buckets of checkins.limits.ts per process, as check-ins do (a statement per
// request cost as much as the declaration itself: docs/benchmarks.md); several processes each keep their own,
// so a reverse proxy should add its own per-address limit. The client is a hash of its address.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import { rateLimiter } from './checkins.limits.ts';
import type { Db } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors.ts';

export type Limit = { capacity: number; perMinute: number };

/** A family declares for several people from one phone; a commune office may sit behind one address. */
export const PUBLIC_LIMITS = {
  declaration: { capacity: 20, perMinute: 10 },
  report: { capacity: 5, perMinute: 2 },
  read: { capacity: 120, perMinute: 120 },
} satisfies Record<string, Limit>;
export type LimitName = keyof typeof PUBLIC_LIMITS;

const clientKey = (name: string, ip: string) => `${name}:${crypto.createHash('sha256').update(ip).digest('base64url').slice(0, 22)}`;

/** Takes one token from the client's bucket in PostgreSQL; false when the bucket is empty. */
export async function takeToken(db: Db, name: string, ip: string, limit: Limit): Promise<boolean> {
  const rate = limit.perMinute / 60;
  const r = await sql<{ tokens: number }>`
    insert into intake_rate_buckets as b (key, tokens, at) values (${clientKey(name, ip)}, ${limit.capacity - 1}, now())
    on conflict (key) do update set
      tokens = least(${limit.capacity}::float8, b.tokens + extract(epoch from now() - b.at) * ${rate}::float8) - 1,
      at = now()
    where least(${limit.capacity}::float8, b.tokens + extract(epoch from now() - b.at) * ${rate}::float8) >= 1
    returning tokens`.execute(db);
  // Full buckets say nothing: now and then, forget those idle long enough to have refilled.
  if (Math.random() < 0.01) {
    await sql`delete from intake_rate_buckets where at < now() - make_interval(secs => ${Math.ceil(limit.capacity / rate)})`.execute(db);
  }
  return r.rows.length > 0;
}

/** The refusal of a client whose bucket is empty (429 with Retry-After: see sendError). */
export function refuse(limit: Limit): never {
  throw new AppError({ code: 'request.rate_limited', kind: 'rate_limited', details: { retryAfterSeconds: Math.ceil(60 / limit.perMinute) } });
}

/** A preHandler that refuses a client whose PostgreSQL bucket is empty. */
export function limitedBy(db: Db, name: LimitName, limit: Limit) {
  return async (req: FastifyRequest) => {
    if (!(await takeToken(db, name, req.ip, limit))) refuse(limit);
  };
}

/** A preHandler that refuses a client whose bucket in this process's memory is empty. */
export function limitedInMemory(limit: Limit) {
  const buckets = rateLimiter({ burst: limit.capacity, perSecond: limit.perMinute / 60 });
  return async (req: FastifyRequest) => {
    if (buckets.take(req.ip) > 0) refuse(limit);
  };
}
