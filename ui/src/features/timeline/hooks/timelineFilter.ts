import type { TimelineEvent } from "../../../ipc/commands";

export type TimelineKind = TimelineEvent["kind"];

export const TIMELINE_KINDS: TimelineKind[] = [
  "noteAdded",
  "completed",
  "skipped",
  "cancelled",
  "snoozed",
  "assigned",
  "ownerChanged",
  "stepStarted",
  "sequenceFinished",
  "callPlaced",
  "callEnded",
  "emailScheduled",
  "emailSent",
  "textSent",
  "textReceived",
  "meetingCreated",
];

export type TimelineFilter = "all" | TimelineKind;
