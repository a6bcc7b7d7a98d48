import type { DialPlan, ErrorPayload } from "../../../ipc/commands";

/** What the seller asked to call. A plan the caller already has saves a round trip. */
export type CallRequest = {
  recordId: string;
  contactName: string;
  /** The Up Next phone call step the call is made for: completing the call completes it (R14). */
  activityId?: string;
  preloaded?: { plan: DialPlan | null; error: ErrorPayload | null };
};
