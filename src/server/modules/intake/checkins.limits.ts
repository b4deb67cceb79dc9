// Rate limits of the public check-in endpoints, in memory per process: a token bucket per client address and
// one per phone number. Per address the limit is generous, because many phones share one address (a school's
// Wi-Fi, a carrier's NAT): a school gate at 7 a.m. sends a few check-ins a second. Per phone it is tight: a
// person cannot enter ten venues a minute. Several processes behind a balancer each keep their own buckets,
// so the effective limit is at most the sum; a reverse proxy should add its own per-address limit.

export type Limit = { burst: number; perSecond: number };

export type RateLimiter = {
  /** 0 when allowed (a token is taken), else the milliseconds until the next token. */
  take: (key: string, now?: number) => number;
  size: () => number;
};

export function rateLimiter(limit: Limit, maxKeys = 200_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) {
          // Forget the longest-unused tenth: a forgotten client starts again with a full bucket, which is the
          // state an idle client would be in anyway.
          let n = Math.ceil(maxKeys / 10);
          for (const k of buckets.keys()) { if (n-- <= 0) break; buckets.delete(k); }
        }
        b = { tokens: limit.burst, at: now };
      } else {
        buckets.delete(key); // re-inserted below: the map's order is the order of last use
        b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
        b.at = now;
      }
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - b.tokens) / limit.perSecond) * 1000);
    },
    size: () => buckets.size,
  };
}

export type CheckinLimits = { perAddress: Limit; perPhone: Limit };

/** Defaults: 60 at once and 20 a second per address; 6 at once and one every 10 s per phone. */
export const DEFAULT_LIMITS: CheckinLimits = {
  perAddress: { burst: 60, perSecond: 20 },
  perPhone: { burst: 6, perSecond: 0.1 },
};
