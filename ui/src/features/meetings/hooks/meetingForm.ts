import type { Command, CrmRecord } from "../../../ipc/commands";
import { fromLocalInputValue, toLocalInputValue, toRfc3339 } from "../../../lib/snoozeTimes";

/** The lengths the seller picks from, in minutes. */
export const DURATIONS = [15, 30, 45, 60, 90, 120] as const;

export const DEFAULT_DURATION = 30;

/** What the new meeting form holds, as typed. */
export type MeetingForm = {
  subject: string;
  /** A `datetime-local` value, local time. */
  start: string;
  durationMinutes: number;
  attendees: string;
  location: string;
  description: string;
  joinUrl: string;
};

/** The next full hour after `now`, local time: 10:20 gives 11:00, 10:00 gives 11:00. */
export function nextFullHour(now: Date): Date {
  const at = new Date(now);
  at.setMinutes(0, 0, 0);
  at.setHours(at.getHours() + 1);
  return at;
}

/** The form as it opens for a record: a meeting with its contact, next full hour, 30 min. */
export function initialForm(record: CrmRecord, subject: string, now: Date): MeetingForm {
  return {
    subject,
    start: toLocalInputValue(nextFullHour(now)),
    durationMinutes: DEFAULT_DURATION,
    attendees: record.contact.email ?? "",
    location: "",
    description: "",
    joinUrl: "",
  };
}

/** The people typed in Attendees, split at commas, semicolons and new lines. */
export function parseAttendees(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

/**
 * The `createMeeting` command for the form, or null while the start isn't a date and time.
 * The back end checks the rest (subject, duration, link, addresses) and says what is wrong.
 */
export function createMeetingCommand(
  meeting: string,
  record: string,
  form: MeetingForm,
): Command | null {
  const start = fromLocalInputValue(form.start);
  if (!start) return null;
  const joinUrl = form.joinUrl.trim();
  return {
    command: "createMeeting",
    meeting,
    record,
    subject: form.subject.trim(),
    start: toRfc3339(start),
    durationMinutes: form.durationMinutes,
    location: form.location.trim(),
    attendees: parseAttendees(form.attendees),
    description: form.description.trim(),
    joinUrl: joinUrl === "" ? null : joinUrl,
  };
}
