// The demo province: reference data (seeded on every start) plus users and a small synthetic province: a few
// thousand people in households, venues, 28 days of check-ins, recorded contacts and a seeded outbreak, traced.
import type { App } from '../platform/context.ts';
import { createUser } from '../platform/auth/service.ts';
import { provinceCommunes } from '../modules/reference/index.ts';
import { retrace } from '../modules/tracing/index.ts';
import { generateProvince } from './province.ts';

export const DEMO_PASSWORD = 'PhongDich@2021';

export const DEMO_USERS = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', areaScope: 'province' },
  { username: 'canbo', displayName: 'Cán bộ CDC tỉnh', role: 'health', areaScope: 'province', agencyCode: 'CDC' },
  { username: 'bcd', displayName: 'Văn phòng Ban Chỉ đạo', role: 'steering', areaScope: 'province', agencyCode: 'BCD' },
] as const;

/** Seeds the demo if the database has no users yet. Returns whether it did. */
export async function seedDemo(app: App, opts: { people: number; seed?: number }): Promise<boolean> {
  const has = await app.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (has) return false;
  const communes = (await provinceCommunes(app.db, app.config.provinceCode)).map((c) => c.code);
  if (communes.length === 0) throw new Error(`no communes for province ${app.config.provinceCode}: import them first (phongdich import units FILE)`);
  for (const u of DEMO_USERS) {
    await createUser(app.db, { ...u, password: DEMO_PASSWORD, agencyCode: 'agencyCode' in u ? u.agencyCode : null, areaCommunes: [] });
  }
  await createUser(app.db, {
    username: 'xa', displayName: `Cán bộ ${communes[0]}`, role: 'field', password: DEMO_PASSWORD,
    agencyCode: `UBND_${communes[0]}`, areaScope: 'communes', areaCommunes: [communes[0]!],
  });
  if (opts.people >= 10) {
    const all = await provinceCommunes(app.db, app.config.provinceCode);
    await generateProvince(app.db, {
      communes: all.map((c) => ({ code: c.code, name: c.name })), people: opts.people, days: 28, seed: opts.seed ?? 2021,
      outbreak: Math.max(1, Math.min(8, Math.floor(opts.people / 400))), deferChecks: false,
    });
    await retrace(app.db, null);
  }
  return true;
}
