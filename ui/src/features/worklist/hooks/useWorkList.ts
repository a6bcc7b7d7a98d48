import { useCallback } from "react";
import { workList, type WorkListQuery } from "../../../ipc/commands";
import { useCommand } from "../../../ipc/useCommand";

/** Loads one page of the work list; reloads when `query` (keep it stable) changes. */
export function useWorkList(query: WorkListQuery) {
  const run = useCallback(() => workList(query), [query]);
  return useCommand(run);
}
