import type { Activity } from "../../../ipc/commands";
import { formatDuration } from "../../../lib/duration";
import { formatClockTime } from "../../../lib/relativeTime";

/** When a meeting is: its details' start and end, or only its due time when it has none. */
export type MeetingTimes = { start: Date; end: Date | null };

export function meetingTimes(activity: Activity): MeetingTimes {
  const m = activity.meeting;
  if (!m) return { start: new Date(activity.due), end: null };
  return { start: new Date(m.start), end: new Date(m.end) };
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() &&
  a.getMonth() === b.getMonth() &&
  a.getDate() === b.getDate();

/**
 * A meeting's time in the local zone, e.g. "Tuesday, June 17, 2025 · 10:00–10:30 (30 minutes)";
 * one ending on another day gives both dates. Without an end, the day and the start only.
 */
export function formatMeetingTime({ start, end }: MeetingTimes, locale: string): string {
  const day = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "full" }).format(d);
  const clock = (d: Date) => formatClockTime(d, locale);
  if (!end) return `${day(start)} · ${clock(start)}`;
  const minutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
  const length = formatDuration(minutes, locale);
  if (sameDay(start, end)) return `${day(start)} · ${clock(start)}–${clock(end)} (${length})`;
  return `${day(start)} ${clock(start)} – ${day(end)} ${clock(end)} (${length})`;
}
