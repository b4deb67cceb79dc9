// Pure helpers of the venue and check-in pages: the idempotency key of a check-in (kept until its answer
// arrives, so a retry on a flaky connection is the same check-in), the phone remembered on the citizen's phone,
// the venue form (inputs ⇄ the POST body, client checks mirroring VenueInput), posters, the CSV template.
import { normalizePhone } from '../../contracts/identity.ts';
import { VENUE_KIND_LABELS, VENUE_KINDS, type VenueInput, type VenueKind } from '../../contracts/intake.checkins.ts';
import type { Lang } from '../../contracts/errors.ts';
import type { MessageKey } from '../i18n.ts';

/** A UUID version 7 (time first, then random): keys written close in time sit close in the server's index. */
export function uuid7(now = Date.now(), random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  let t = now;
  for (let i = 5; i >= 0; i--) { b[i] = t % 256; t = Math.floor(t / 256); }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage when usable (private mode and old browsers may refuse), else a store that keeps nothing. */
export function browserStore(): Store {
  try {
    const s = globalThis.localStorage;
    if (s) return s;
  } catch { /* refused */ }
  return { getItem: () => null, setItem: () => {}, removeItem: () => {} };
}

const ME = 'phongdich.checkin.me';
const PENDING = 'phongdich.checkin.pending';
const LAST = 'phongdich.checkin.last';

function read<T>(store: Store, key: string): T | null {
  try {
    const v = store.getItem(key);
    return v ? (JSON.parse(v) as T) : null;
  } catch {
    return null;
  }
}
function write(store: Store, key: string, value: unknown): void {
  try { store.setItem(key, JSON.stringify(value)); } catch { /* full or refused: nothing kept */ }
}

export type Me = { phone: string; name: string | null };

/** The phone (and name) typed once on this device. */
export function rememberedMe(store: Store): Me | null {
  const me = read<Me>(store, ME);
  return me && typeof me.phone === 'string' && normalizePhone(me.phone) ? me : null;
}
export function rememberMe(store: Store, me: Me): void { write(store, ME, me); }
export function forgetMe(store: Store): void { try { store.removeItem(ME); } catch { /* ignore */ } }

type Pending = { token: string; phone: string; key: string; at: number };
/** How long an unanswered check-in is retried under the same key (a later tap is a new visit). */
export const RETRY_WINDOW_MS = 10 * 60_000;

/** The key for a check-in at this venue by this phone: the one of an attempt still unanswered (a retry), else a
 * new one, kept until the answer comes. */
export function checkinKey(store: Store, token: string, phone: string, now = Date.now()): string {
  const p = read<Pending>(store, PENDING);
  if (p && p.token === token && p.phone === phone && now - p.at < RETRY_WINDOW_MS) return p.key;
  const key = uuid7(now);
  write(store, PENDING, { token, phone, key, at: now } satisfies Pending);
  return key;
}

export type LastVisit = { token: string; key: string; checkinId: number; venueName: string; timeIn: string; expectedOut: string; checkedOutAt: string | null };

/** The answer arrived: the attempt is settled and becomes the visit a check-out refers to. */
export function settleCheckin(store: Store, visit: Omit<LastVisit, 'checkedOutAt'>): void {
  try { store.removeItem(PENDING); } catch { /* ignore */ }
  write(store, LAST, { ...visit, checkedOutAt: null } satisfies LastVisit);
}
export function lastVisit(store: Store): LastVisit | null { return read<LastVisit>(store, LAST); }
export function markCheckedOut(store: Store, at: string): void {
  const v = lastVisit(store);
  if (v) write(store, LAST, { ...v, checkedOutAt: at });
}

/** True when the visit at this venue is recent enough to show instead of a new check-in (a second scan). */
export function isRecentVisit(v: LastVisit | null, token: string, now = Date.now()): v is LastVisit {
  return !!v && v.token === token && !v.checkedOutAt && now < new Date(v.expectedOut).getTime();
}

export function phoneProblem(raw: string): MessageKey | null {
  if (!raw.trim()) return 'common.required';
  return normalizePhone(raw) ? null : 'checkin.phoneInvalid';
}

/** '0912 345 678' for display. */
export function formatPhone(p: string): string {
  return /^\d{10}$/.test(p) ? `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}` : p;
}

export function kindLabel(kind: string, lang: Lang): string {
  return (VENUE_KIND_LABELS as Record<string, { vi: string; en: string }>)[kind]?.[lang] ?? kind;
}
export const kindOptions = (lang: Lang) => VENUE_KINDS.map((k) => ({ value: k, label: VENUE_KIND_LABELS[k][lang] }));

/** '45 phút', '8 giờ', '1 giờ 30 phút' (or English). */
export function formatStay(minutes: number, lang: Lang): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const [hu, mu] = lang === 'vi' ? ['giờ', 'phút'] : ['h', 'min'];
  if (!h) return `${m} ${mu}`;
  return m ? `${h} ${hu} ${m} ${mu}` : `${h} ${hu}`;
}

/** Latitude and longitude from what an officer pastes: '22.6657, 106.2578' (a map app's copy), or two numbers
 * separated by spaces or a semicolon. Null when it is not a place on Earth. */
export function parseCoordinates(text: string): { lat: number; lon: number } | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text.replace(/°/g, ''));
  if (!m) return null;
  const lat = Number(m[1]), lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

export type VenueForm = { name: string; kind: VenueKind | ''; communeCode: string; address: string; coordinates: string; stay: string; active: boolean };
export type VenueField = 'name' | 'kind' | 'communeCode' | 'address' | 'coordinates' | 'stay';
export type VenueErrors = Partial<Record<VenueField, MessageKey>>;

export const emptyVenueForm: VenueForm = { name: '', kind: '', communeCode: '', address: '', coordinates: '', stay: '', active: true };

export function venueFormOf(v: { name: string; kind: VenueKind; communeCode: string; address: string | null; lat: number | null; lon: number | null; defaultStayMinutes: number | null; active: boolean }): VenueForm {
  return {
    name: v.name, kind: v.kind, communeCode: v.communeCode, address: v.address ?? '', active: v.active,
    coordinates: v.lat === null || v.lon === null ? '' : `${v.lat}, ${v.lon}`, stay: v.defaultStayMinutes === null ? '' : String(v.defaultStayMinutes),
  };
}

/** The POST/PUT body, or the problems per field. */
export function venueInput(f: VenueForm): { input: VenueInput } | { errors: VenueErrors } {
  const errors: VenueErrors = {};
  const name = f.name.trim();
  if (!name) errors.name = 'common.required';
  else if (name.length > 300) errors.name = 'venues.tooLong';
  if (!f.kind) errors.kind = 'common.required';
  if (!/^\d{5}$/.test(f.communeCode)) errors.communeCode = 'common.required';
  if (f.address.trim().length > 500) errors.address = 'venues.tooLong';
  const coords = f.coordinates.trim() ? parseCoordinates(f.coordinates) : null;
  if (f.coordinates.trim() && !coords) errors.coordinates = 'venues.coordinatesInvalid';
  const stay = f.stay.trim() ? Number(f.stay) : null;
  if (stay !== null && (!Number.isInteger(stay) || stay < 5 || stay > 1440)) errors.stay = 'venues.stayInvalid';
  if (Object.keys(errors).length) return { errors };
  return {
    input: {
      name, kind: f.kind as VenueKind, communeCode: f.communeCode, address: f.address.trim() || null,
      lat: coords?.lat ?? null, lon: coords?.lon ?? null, defaultStayMinutes: stay, active: f.active,
    },
  };
}

export const posterHref = (venueId: number, format: 'svg' | 'pdf') => `/api/intake/venues/${venueId}/poster?format=${format}`;

/** A CSV an officer can fill in a spreadsheet (Vietnamese column names, ';' as Excel in Vietnam saves it). */
export function csvTemplate(venueId?: number): string {
  return ['so_dien_thoai;dia_diem;gio_vao;gio_ra;ho_ten', `0912345678;${venueId ?? 123};05/03/2021 08:30;05/03/2021 09:15;Nguyễn Văn An`, ''].join('\r\n');
}

/** The local date-time input's value ('YYYY-MM-DDTHH:mm', Vietnam time) → ISO instant; null when empty/invalid. */
export function vnLocalToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Now (or an instant) as the local date-time input's value in Vietnam time. */
export function isoToVnLocal(at: Date = new Date()): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}
