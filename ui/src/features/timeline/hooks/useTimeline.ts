import { timeline } from "../../../ipc/commands";
import { useLive } from "../../../ipc/useLive";

/** A record's timeline, newest first, refreshed whenever the record changes. */
export function useTimeline(recordId: string | null) {
  return useLive(recordId, timeline);
}
