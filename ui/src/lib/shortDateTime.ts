const DAY_MS = 86_400_000;

/**
 * A moment as a seller says it, in the local zone: "Mon 08:00" in the coming week or the
 * last six days (so a weekday never means two days), "Mon, Jun 23, 08:00" further off, with
 * the year when it isn't this one.
 */
export function formatShortDateTime(target: Date, now: Date, locale: string): string {
  const ahead = target.getTime() - now.getTime();
  const near = ahead < 7 * DAY_MS && ahead > -6 * DAY_MS;
  const otherYear = target.getFullYear() !== now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: near ? undefined : "numeric",
    month: near ? undefined : "short",
    year: otherYear ? "numeric" : undefined,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(target);
}
