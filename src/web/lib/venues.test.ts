// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  checkinKey, csvTemplate, emptyVenueForm, formatPhone, formatStay, forgetMe, isoToVnLocal, isRecentVisit, kindLabel, lastVisit, markCheckedOut,
  parseCoordinates, phoneProblem, rememberedMe, rememberMe, settleCheckin, uuid7, venueFormOf, venueInput, vnLocalToIso, type Store,
} from './venues.ts';

function memoryStore(): Store & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); }, removeItem: (k) => { data.delete(k); } };
}

describe('check-in keys', () => {
  it('makes version-7 UUIDs whose first bytes are the time, so later keys sort later', () => {
    const a = uuid7(1_700_000_000_000);
    const b = uuid7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13) < b.slice(0, 13)).toBe(true);
    expect(uuid7(0, (x) => x.fill(0))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('reuses the key of an unanswered attempt at the same venue, and a new key after the answer', () => {
    const s = memoryStore();
    const k1 = checkinKey(s, 'tok', '0912345678', 1000);
    expect(checkinKey(s, 'tok', '0912345678', 2000)).toBe(k1);
    expect(checkinKey(s, 'other', '0912345678', 3000)).not.toBe(k1);
    const k3 = checkinKey(s, 'tok', '0912345678', 4000);
    settleCheckin(s, { token: 'tok', key: k3, checkinId: 7, venueName: 'Chợ', timeIn: '2021-03-05T01:00:00.000Z', expectedOut: '2021-03-05T02:00:00.000Z' });
    expect(checkinKey(s, 'tok', '0912345678', 5000)).not.toBe(k3);
    expect(lastVisit(s)).toMatchObject({ key: k3, checkinId: 7, checkedOutAt: null });
  });

  it('gives up retrying after ten minutes (a later tap is a new visit)', () => {
    const s = memoryStore();
    const k = checkinKey(s, 'tok', '0912345678', 0);
    expect(checkinKey(s, 'tok', '0912345678', 11 * 60_000)).not.toBe(k);
  });

  it('shows a recent visit at the same venue until its expected end or a check-out', () => {
    const s = memoryStore();
    settleCheckin(s, { token: 'tok', key: 'k', checkinId: 1, venueName: 'Chợ', timeIn: new Date(1000).toISOString(), expectedOut: new Date(60_000).toISOString() });
    const v = lastVisit(s);
    expect(isRecentVisit(v, 'tok', 30_000)).toBe(true);
    expect(isRecentVisit(v, 'tok', 61_000)).toBe(false);
    expect(isRecentVisit(v, 'other', 30_000)).toBe(false);
    markCheckedOut(s, new Date(40_000).toISOString());
    expect(isRecentVisit(lastVisit(s), 'tok', 45_000)).toBe(false);
  });

  it('remembers the phone typed once, and forgets it on request; junk in storage is ignored', () => {
    const s = memoryStore();
    expect(rememberedMe(s)).toBeNull();
    rememberMe(s, { phone: '0912345678', name: null });
    expect(rememberedMe(s)).toEqual({ phone: '0912345678', name: null });
    forgetMe(s);
    expect(rememberedMe(s)).toBeNull();
    s.setItem('phongdich.checkin.me', '{not json');
    expect(rememberedMe(s)).toBeNull();
  });
});

describe('phones, stays, kinds', () => {
  it('checks phones in any written form', () => {
    expect(phoneProblem('')).toBe('common.required');
    expect(phoneProblem('+84 912 345 678')).toBeNull();
    expect(phoneProblem('12345')).toBe('checkin.phoneInvalid');
    expect(formatPhone('0912345678')).toBe('0912 345 678');
  });

  it('writes stays and kinds in the UI language', () => {
    expect(formatStay(45, 'vi')).toBe('45 phút');
    expect(formatStay(480, 'vi')).toBe('8 giờ');
    expect(formatStay(90, 'en')).toBe('1 h 30 min');
    expect(kindLabel('bus_station', 'vi')).toBe('Bến xe');
    expect(kindLabel('hotel', 'en')).toBe('Hotel, guesthouse');
  });
});

describe('venue form', () => {
  it('reads coordinates pasted from a map app', () => {
    expect(parseCoordinates('22.6657, 106.2578')).toEqual({ lat: 22.6657, lon: 106.2578 });
    expect(parseCoordinates('22.6657° 106.2578°')).toEqual({ lat: 22.6657, lon: 106.2578 });
    expect(parseCoordinates('106.2578, 222.6')).toBeNull();
    expect(parseCoordinates('near the market')).toBeNull();
  });

  it('turns the inputs into the request body, or says what is wrong per field', () => {
    const bad = venueInput({ ...emptyVenueForm, coordinates: 'x', stay: '3' });
    expect(bad).toEqual({ errors: { name: 'common.required', kind: 'common.required', communeCode: 'common.required', coordinates: 'venues.coordinatesInvalid', stay: 'venues.stayInvalid' } });
    const ok = venueInput({ ...emptyVenueForm, name: ' Chợ Xanh ', kind: 'market', communeCode: '01273', coordinates: '22.6657, 106.2578', stay: '' });
    expect(ok).toEqual({ input: { name: 'Chợ Xanh', kind: 'market', communeCode: '01273', address: null, lat: 22.6657, lon: 106.2578, defaultStayMinutes: null, active: true } });
    const v = { name: 'Chợ', kind: 'market' as const, communeCode: '01273', address: null, lat: 22.5, lon: 106.1, defaultStayMinutes: 45, active: false };
    expect(venueInput(venueFormOf(v))).toEqual({ input: v });
  });

  it('converts the date-time input (Vietnam time) both ways', () => {
    expect(vnLocalToIso('2021-03-05T08:30')).toBe('2021-03-05T01:30:00.000Z');
    expect(vnLocalToIso('')).toBeNull();
    expect(isoToVnLocal(new Date('2021-03-05T01:30:00Z'))).toBe('2021-03-05T08:30');
  });

  it('offers a CSV template with the Vietnamese column names the importer reads', () => {
    expect(csvTemplate(5).split('\r\n')[0]).toBe('so_dien_thoai;dia_diem;gio_vao;gio_ra;ho_ten');
  });
});
