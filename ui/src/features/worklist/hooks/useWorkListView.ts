import { useCallback, useMemo, useState } from "react";
import { loadStored, saveStored } from "../../../lib/storage";
import { useDebounced } from "../../../lib/useDebounced";
import {
  DEFAULT_VIEW,
  VIEW_KEY,
  isFiltered,
  isView,
  toQuery,
  type WorkListView,
} from "./workListView";

/** Searches cost a few ms at 100,000 records; the pause only groups fast keystrokes. */
export const SEARCH_DEBOUNCE_MS = 60;

/** The list's filters, sort and grouping (remembered) and its search box (debounced). */
export function useWorkListView() {
  const [view, setView] = useState<WorkListView>(() => loadStored(VIEW_KEY, DEFAULT_VIEW, isView));
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebounced(search, SEARCH_DEBOUNCE_MS);

  const update = useCallback((change: Partial<WorkListView>) => {
    setView((prev) => {
      const next = { ...prev, ...change };
      saveStored(VIEW_KEY, next);
      return next;
    });
  }, []);

  const clearFilters = useCallback(() => {
    update({ types: [], due: [], recordKinds: [], owner: "anyone" });
    setSearch("");
  }, [update]);

  const query = useMemo(() => toQuery(view, debouncedSearch), [view, debouncedSearch]);

  return {
    view,
    update,
    search,
    setSearch,
    clearFilters,
    query,
    filtered: isFiltered(view, debouncedSearch),
  };
}
