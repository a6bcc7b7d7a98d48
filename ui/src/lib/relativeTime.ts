const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/**
 * `target` relative to `now` in words, e.g. "in 2 hours", "3 days ago", "yesterday",
 * in the given language.
 */
export function formatRelative(target: Date, now: Date, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const seconds = (target.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 45 * MINUTE) return rtf.format(Math.round(seconds / MINUTE), "minute");
  if (abs < 22 * HOUR) return rtf.format(Math.round(seconds / HOUR), "hour");
  if (abs < 6.5 * DAY) return rtf.format(Math.round(seconds / DAY), "day");
  if (abs < 4 * WEEK) return rtf.format(Math.round(seconds / WEEK), "week");
  if (abs < 11 * MONTH) return rtf.format(Math.round(seconds / MONTH), "month");
  return rtf.format(Math.round(seconds / YEAR), "year");
}

/** An absolute date and time for a tooltip, in the given language and the local zone. */
export function formatDateTime(target: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }).format(target);
}

/** A time of day as a clock shows it, "08:05" (24-hour), in the local zone. */
export function formatClockTime(target: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(target);
}
