// Dates of legal effect and officers' calendar days are Vietnamese days (UTC+7, no daylight saving).
const VN_OFFSET_MS = 7 * 3_600_000;

/** The Vietnamese calendar date ('YYYY-MM-DD') of an instant (default: now). */
export function vnDate(at: Date = new Date()): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Vietnamese calendar day begins. */
export function vnDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+07:00`);
}
