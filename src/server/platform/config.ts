// The only place that reads environment variables. Parsed once, typed, and a wrong value stops the start
// with a message naming the variable.
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  PHONGDICH_DATA_DIR: z.string().default('./data'),
  PHONGDICH_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  PHONGDICH_COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  PHONGDICH_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  PHONGDICH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  PHONGDICH_DEMO_PEOPLE: z.coerce.number().int().min(0).max(2_000_000).default(3000),
  PHONGDICH_TRUST_PROXY: z.string().default('false'),
  PHONGDICH_READ_AUDIT_COMMIT: z.enum(['async', 'sync']).default('async'),
  PHONGDICH_TRACE_INDEX: z.enum(['memory', 'off']).default('memory'),
  PHONGDICH_PROVINCE_CODE: z.string().regex(/^\d{2}$/, 'hai chữ số / two digits').default('04'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  cookieSecure: 'auto' | boolean;
  sessionHours: number;
  logLevel: z.infer<typeof schema>['PHONGDICH_LOG_LEVEL'];
  demoPeople: number;
  provinceCode: string;
  readAuditCommit: 'async' | 'sync';
  /** 'memory': `serve` keeps the check-ins in memory for tracing (modules/tracing/checkinIndex.ts). */
  traceIndex: 'memory' | 'off';
  trustProxy: boolean | string[];
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.PHONGDICH_DATA_DIR),
    embeddedPgPort: e.PHONGDICH_PG_PORT,
    cookieSecure: e.PHONGDICH_COOKIE_SECURE === 'auto' ? 'auto' : e.PHONGDICH_COOKIE_SECURE === 'true',
    sessionHours: e.PHONGDICH_SESSION_HOURS,
    logLevel: e.PHONGDICH_LOG_LEVEL,
    demoPeople: e.PHONGDICH_DEMO_PEOPLE,
    provinceCode: e.PHONGDICH_PROVINCE_CODE,
    readAuditCommit: e.PHONGDICH_READ_AUDIT_COMMIT,
    traceIndex: e.PHONGDICH_TRACE_INDEX,
    // 'true' (any proxy), 'false', or the proxies' addresses/CIDRs ('10.0.0.1,10.0.0.0/8').
    trustProxy: e.PHONGDICH_TRUST_PROXY === 'true' ? true : e.PHONGDICH_TRUST_PROXY === 'false' ? false : e.PHONGDICH_TRUST_PROXY.split(',').map((x) => x.trim()).filter(Boolean),
  };
}
