import type { DesktopPrefs } from "../../../ipc/commands";

/** The quiet hours a seller starts from when switching them on. */
export const DEFAULT_QUIET_HOURS = { start: "20:00", end: "08:00" };
/** Minutes before a meeting its reminder comes when the seller never chose (kept as null). */
export const DEFAULT_MEETING_LEAD = 15;
export const MEETING_LEADS = [5, 10, 15, 30, 60];

/** The desktop preferences as the Notifications tab edits them (not do not disturb). */
export type NotificationsForm = {
  closeToTray: boolean;
  startAtLogin: boolean;
  quietHours: boolean;
  /** "HH:MM", as a time field has it. */
  quietStart: string;
  quietEnd: string;
  meetingLead: number;
};

/** "20:00:00", the back end's time of day, as a time field shows it: "20:00". */
const toField = (time: string) => time.slice(0, 5);
/** A time field's "20:00" as the back end reads it: "20:00:00". */
const toBackEnd = (time: string) => (time.length === 5 ? `${time}:00` : time);

export function formFromPrefs(prefs: DesktopPrefs): NotificationsForm {
  const quiet = prefs.notify.quietHours;
  return {
    closeToTray: prefs.closeToTray,
    startAtLogin: prefs.startAtLogin,
    quietHours: quiet !== null,
    quietStart: quiet ? toField(quiet.start) : DEFAULT_QUIET_HOURS.start,
    quietEnd: quiet ? toField(quiet.end) : DEFAULT_QUIET_HOURS.end,
    meetingLead: prefs.notify.meetingLeadMinutes ?? DEFAULT_MEETING_LEAD,
  };
}

/** Whether a time field holds a time ("HH:MM"): an emptied one doesn't. */
export function isTimeOfDay(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value);
}

/** The meeting leads to offer: the usual ones, and the seller's own when it is another. */
export function meetingLeads(current: number): number[] {
  return MEETING_LEADS.includes(current)
    ? MEETING_LEADS
    : [...MEETING_LEADS, current].sort((a, b) => a - b);
}

/**
 * What `set_desktop_prefs` takes: times as "HH:MM:SS", the default meeting lead as null, and
 * do not disturb as the back end has it (the form leaves it alone).
 */
export function prefsFromForm(form: NotificationsForm, dndUntil: string | null): DesktopPrefs {
  return {
    closeToTray: form.closeToTray,
    startAtLogin: form.startAtLogin,
    notify: {
      quietHours: form.quietHours
        ? { start: toBackEnd(form.quietStart), end: toBackEnd(form.quietEnd) }
        : null,
      dndUntil,
      meetingLeadMinutes: form.meetingLead === DEFAULT_MEETING_LEAD ? null : form.meetingLead,
    },
  };
}
