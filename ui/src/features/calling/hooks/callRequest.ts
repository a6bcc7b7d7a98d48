import type { DialPlan, ErrorPayload } from "../../../ipc/commands";

/** What the seller asked to call. A plan the caller already has saves a round trip. */
export type CallRequest = {
  recordId: string;
  contactName: string;
  preloaded?: { plan: DialPlan | null; error: ErrorPayload | null };
};
