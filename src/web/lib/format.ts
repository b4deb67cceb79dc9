// Pure formatting helpers: dates as dd/MM/yyyy (the Vietnamese convention, also used in the English UI
// so that officials read one format), numbers with the separators of the UI language.
import type { Lang } from '../../contracts/errors.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// Times are shown in Vietnam's time (UTC+7, no daylight saving), whatever the browser's time zone: a
// province's records are read and compared in one clock.
const VN_OFFSET = 7 * 3_600_000;
const vn = (d: Date) => new Date(d.getTime() + VN_OFFSET);

/** 'YYYY-MM-DD' or an ISO timestamp → 'dd/MM/yyyy'; '' for empty or unparseable input. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : localDate(vn(d));
}

/** ISO timestamp → 'dd/MM/yyyy HH:mm:ss' in Vietnam time; '' for empty or unparseable input. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const v = vn(d);
  return `${localDate(v)} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
}

/** ISO timestamp → 'dd/MM/yyyy HH:mm' in Vietnam time; '' for empty or unparseable input. */
export function formatDateTimeMinutes(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const v = vn(d);
  return `${localDate(v)} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
}

/** Epoch ms or ISO timestamp → 'HH:mm dd/MM' (short, for times inside a sentence); '' when unusable. */
export function formatTimeDay(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const v = vn(d);
  return `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())} ${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}`;
}

/** dd/MM/yyyy of a date already shifted to Vietnam time. */
function localDate(v: Date): string {
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${pad(v.getUTCFullYear(), 4)}`;
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN'),
  en: new Intl.NumberFormat('en-GB'),
};

/** 12345 → '12.345' (vi) or '12,345' (en). */
export function formatNumber(n: number, lang: Lang): string {
  return numberFormats[lang].format(n);
}

/** Parses a 4-digit year typed by a user; null when empty, NaN when not a year. */
export function parseYear(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  return /^\d{4}$/.test(s) ? Number(s) : Number.NaN;
}
