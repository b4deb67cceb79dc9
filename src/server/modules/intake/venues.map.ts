// The venue map without a tile server: the province's commune outlines projected once to an SVG frame, and the
// venues as points in the same frame. The outlines are read at run time from the shared reference data
// (../shared/data/geo/*-communes-*.geojson beside the repository) and never copied into it; without that file
// the map answers `available: false` and the page shows the list only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { VenueKind, VenueMap } from '../../../contracts/intake.checkins.ts';
import type { Db } from '../../platform/db/connect.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const GEO_DIR = path.resolve(ROOT, '../shared/data/geo');
const WIDTH = 1000;
const MAX_POINTS = 5_000;

type Ring = Array<[number, number]>;
type Frame = { lon0: number; lat1: number; k: number; kx: number; height: number };
type Outlines = { frame: Frame; communes: Array<{ code: string; name: string; path: string }> } | null;

const cache = new Map<string, Outlines>();

export function project(f: Frame, lon: number, lat: number): [number, number] {
  return [(lon - f.lon0) * f.kx * f.k, (f.lat1 - lat) * f.k];
}

/** Outlines of the province's communes in an SVG frame WIDTH wide (equirectangular, scaled by the cosine of
 * the middle latitude: close enough over a province), points under half a unit apart dropped. */
export function outlinesFrom(geojson: { features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }> }, provinceCode: string): Outlines {
  const feats = geojson.features.filter((f) => String(f.properties.province_code ?? '') === provinceCode && typeof f.properties.code === 'string');
  if (!feats.length) return null;
  const polys = (g: { type: string; coordinates: unknown }): Ring[][] => (g.type === 'MultiPolygon' ? (g.coordinates as Ring[][]) : g.type === 'Polygon' ? [g.coordinates as Ring[]] : []);
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (const f of feats) for (const p of polys(f.geometry)) for (const r of p) for (const [lon, lat] of r) {
    if (lon < minLon) minLon = lon; if (lon > maxLon) maxLon = lon; if (lat < minLat) minLat = lat; if (lat > maxLat) maxLat = lat;
  }
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const k = WIDTH / ((maxLon - minLon) * kx);
  const frame: Frame = { lon0: minLon, lat1: maxLat, k, kx, height: Math.ceil((maxLat - minLat) * k) };
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const communes = feats.map((f) => {
    let d = '';
    for (const p of polys(f.geometry)) for (const ring of p) {
      let last: [number, number] | null = null;
      let n = 0;
      for (const [lon, lat] of ring) {
        const [x, y] = project(frame, lon, lat);
        if (last && Math.abs(x - last[0]) < 0.5 && Math.abs(y - last[1]) < 0.5) continue;
        d += `${n === 0 ? 'M' : 'L'}${r1(x)} ${r1(y)}`;
        last = [x, y];
        n++;
      }
      if (n) d += 'Z';
    }
    return { code: String(f.properties.code), name: String(f.properties.name ?? f.properties.code), path: d };
  });
  return { frame, communes };
}

function outlines(provinceCode: string, dir = GEO_DIR): Outlines {
  const key = `${dir}|${provinceCode}`;
  if (cache.has(key)) return cache.get(key)!;
  let found: Outlines = null;
  try {
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((x) => /-communes-.*\.geojson$/.test(x)).sort() : []) {
      found = outlinesFrom(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), provinceCode);
      if (found) break;
    }
  } catch {
    found = null; // unreadable or malformed: no map rather than an error
  }
  cache.set(key, found);
  return found;
}

export async function venueMap(db: Db, provinceCode: string, q: { commune?: string; kind?: VenueKind }, dir?: string): Promise<VenueMap> {
  const o = outlines(provinceCode, dir);
  if (!o) return { available: false, viewBox: '0 0 0 0', communes: [], venues: [], unplaced: 0 };
  const where = [sql`active`];
  if (q.commune) where.push(sql`commune_code = ${q.commune}`);
  if (q.kind) where.push(sql`kind = ${q.kind}`);
  const cond = sql.join(where, sql` and `);
  const [rows, unplaced] = await Promise.all([
    sql<{ id: number; name: string; kind: VenueKind; lat: number; lon: number }>`select id, name, kind, lat, lon from venues where ${cond} and lat is not null order by id limit ${MAX_POINTS}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from venues where ${cond} and lat is null`.execute(db),
  ]);
  return {
    available: true,
    viewBox: `0 0 ${WIDTH} ${o.frame.height}`,
    communes: o.communes,
    venues: rows.rows.map((v) => {
      const [x, y] = project(o.frame, v.lon, v.lat);
      return { id: v.id, name: v.name, kind: v.kind, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    }),
    unplaced: unplaced.rows[0]!.n,
  };
}
