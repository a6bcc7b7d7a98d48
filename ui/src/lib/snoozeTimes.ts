/** Quick snooze picks, all in the local time zone. */
export function inOneHour(now: Date): Date {
  const at = new Date(now.getTime() + 3_600_000);
  at.setSeconds(0, 0);
  return at;
}

export function tomorrowAtNine(now: Date): Date {
  const at = new Date(now);
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

/** 9:00 on the next Monday after today (a week ahead when today is Monday). */
export function nextMondayAtNine(now: Date): Date {
  const at = new Date(now);
  const days = (8 - at.getDay()) % 7 || 7;
  at.setDate(at.getDate() + days);
  at.setHours(9, 0, 0, 0);
  return at;
}

/** The value of an `<input type="datetime-local">` for a date: "2025-06-12T09:00". */
export function toLocalInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The date in a `datetime-local` value (local time), or null when it isn't one. */
export function fromLocalInputValue(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  const at = new Date(y, mo - 1, d, h, mi, 0, 0);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** RFC 3339 in UTC without milliseconds, as the back end expects: "2025-06-12T06:00:00Z". */
export function toRfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}
