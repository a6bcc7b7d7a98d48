/** A length of time in words, e.g. "2 days", "3 hours", "45 minutes", in the given language. */
export function formatDuration(minutes: number, locale: string): string {
  const unit = (value: number, name: "day" | "hour" | "minute") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  if (minutes >= 1440 && minutes % 1440 === 0) return unit(minutes / 1440, "day");
  if (minutes >= 60 && minutes % 60 === 0) return unit(minutes / 60, "hour");
  if (minutes >= 1440) return unit(Math.round((minutes / 1440) * 10) / 10, "day");
  if (minutes >= 60) return unit(Math.round((minutes / 60) * 10) / 10, "hour");
  return unit(minutes, "minute");
}

/** Seconds as a clock shows a call's length: "0:07", "3:12", "1:02:03". */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`
    : `${minutes}:${seconds}`;
}
