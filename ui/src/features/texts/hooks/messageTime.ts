const DAY_MS = 86_400_000;

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() &&
  a.getMonth() === b.getMonth() &&
  a.getDate() === b.getDate();

/**
 * When a message was sent or received, short, in the local zone: "10:42" today, "Mon 10:42"
 * within the last six days, "3 Jun, 10:42" before, with the year when it isn't this one.
 */
export function formatMessageTime(at: Date, now: Date, locale: string): string {
  const clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  if (sameDay(at, now)) return new Intl.DateTimeFormat(locale, clock).format(at);
  if (Math.abs(now.getTime() - at.getTime()) < 6 * DAY_MS) {
    return new Intl.DateTimeFormat(locale, { weekday: "short", ...clock }).format(at);
  }
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: at.getFullYear() === now.getFullYear() ? undefined : "numeric",
    ...clock,
  }).format(at);
}
