import type { SyncStatus } from "../../ipc/commands";

/** What the header's sync indicator says. */
export type SyncIndicatorState =
  "signInNeeded" | "signingIn" | "syncing" | "offline" | "problem" | "waiting" | "synced";

/** The indicator's state for a status; null when Nextline isn't connected (nothing to show). */
export function indicatorState(status: SyncStatus | null): SyncIndicatorState | null {
  if (!status) return null;
  switch (status.phase) {
    case "notConnected":
      return null;
    case "signingIn":
    case "syncing":
    case "offline":
    case "signInNeeded":
      return status.phase;
    case "idle":
      if (status.problem) return "problem";
      return status.pending > 0 ? "waiting" : "synced";
  }
}
