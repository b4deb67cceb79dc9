// Dates as directives write them: "ngày 03 tháng 8 năm 2020" (Decree 30 Điều 8 d, the issue date), "03/8/2020",
// "03-8-2020", and deadlines: "trước ngày 15/8/2021", "trước 17 giờ ngày 20/8/2021", "chậm nhất ngày 25/9/2021".
import { isValidIsoDate } from '../../../contracts/identity.ts';

/** OCR reads 0 as O and 1 as l/I inside numbers. */
const digits = (s: string): string => s.replace(/[Oo]/g, '0').replace(/[lI|]/g, '1');

export function isoDate(day: string | number, month: string | number, year: string | number): string | null {
  const d = Number(digits(String(day)));
  const m = Number(digits(String(month)));
  const y = Number(digits(String(year)));
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1945 || y > 2100) return null;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/** A numeric date "dd/mm/yyyy" (also with - or .), or "ngày dd tháng mm năm yyyy" in words, at the start. */
const NUMERIC = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?/;
const WORDS = /^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?/i;

export function readDateAt(s: string, fallbackYear: number | null): { iso: string | null; length: number } | null {
  const m = NUMERIC.exec(s) ?? WORDS.exec(s);
  if (!m) return null;
  const year = m[3] ?? (fallbackYear != null ? String(fallbackYear) : null);
  return { iso: year ? isoDate(m[1]!, m[2]!, year) : null, length: m[0].length };
}

/** The first full date written in the text ("03/8/2020" or "03 tháng 8 năm 2020"). */
export function firstDate(s: string): string | null {
  const re = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
  const m = re.exec(s);
  if (!m) return null;
  return m[1] ? isoDate(m[1], m[2]!, m[3]!) : isoDate(m[4]!, m[5]!, m[6]!);
}

// The deadline markers: "trước [X giờ [Y phút]] [ngày] D", "chậm nhất [là] [trước] …", "hạn chót …", "không quá …",
// "xong trong ngày …", "trong ngày …". A time of day ("17 giờ", "17h00") is read past: the schema keeps dates.
const DEADLINE_RE =
  /(?:\btrước|chậm nhất(?:\s+(?:là|vào|đến|trước|trong))*|hạn chót(?:\s+là)?|hạn cuối(?:\s+là)?|thời hạn(?:\s+là)?:?|không quá|trong ngày)\s+(?:(?:\d{1,2})\s*(?:giờ|h|g)\s*(?:\d{1,2}\s*(?:phút|p|')?)?\s*,?\s*)?(?:(?:ngày|ngàỵ)\s*)?(?=\d)/giu;
// What rules out a "trước ngày" that dates an event rather than setting a deadline ("người về từ vùng dịch
// trước ngày 15/7").
const NOT_DEADLINE_BEFORE = /(?:về từ|đến từ|đi từ|trở về|đi về|nhập cảnh|xuất cảnh|có mặt)(?:\s+[^\s,;.]+){0,4}\s*$/iu;
/** …unless the clause asks for something to be done by then ("hoàn thành việc rà soát lao động trở về trước
 * ngày 20/5/2021"). */
const COMPLETION = /hoàn thành|báo cáo|gửi|xong|trình|nộp|hoàn tất/iu;

/** The first deadline in a task's text, as an ISO date; a date without a year takes `year`. */
export function findDeadline(text: string, year: number | null): string | null {
  for (const m of text.matchAll(DEADLINE_RE)) {
    const clause = text.slice(0, m.index).split(/[;.:]/).pop() ?? '';
    if (NOT_DEADLINE_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)) && !COMPLETION.test(clause)) continue;
    const d = readDateAt(text.slice(m.index + m[0].length), year);
    if (d?.iso) return d.iso;
  }
  return null;
}
