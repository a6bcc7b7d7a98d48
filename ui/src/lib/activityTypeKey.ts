import type { ActivityType } from "../ipc/commands";

/** The translation key of an activity type's name. */
export function activityTypeKey(type: ActivityType, teamsMeeting = false): string {
  return type === "meeting" && teamsMeeting
    ? "common.activityType.teamsMeeting"
    : `common.activityType.${type}`;
}
