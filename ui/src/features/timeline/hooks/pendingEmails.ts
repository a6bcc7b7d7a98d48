import type { Activity } from "../../../ipc/commands";

/** When a pending email is to go: its send time, or its due time without email details. */
export const sendTime = (a: Activity) => new Date(a.email?.sendAt ?? a.due);

/**
 * The emails waiting to go (R17: scheduled, or sent but not out yet), soonest first, among a
 * record's closed activities (the Up Next view's `completed`, where they are `pending`).
 */
export function pendingEmails(activities: Activity[]): Activity[] {
  return activities
    .filter((a) => a.type === "email" && a.state === "pending")
    .sort((a, b) => sendTime(a).getTime() - sendTime(b).getTime());
}
