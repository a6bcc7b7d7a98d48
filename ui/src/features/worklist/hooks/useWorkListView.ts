import { useCallback, useMemo, useState } from "react";
import { loadStored, saveStored } from "../../../lib/storage";
import {
  DEFAULT_VIEW,
  VIEW_KEY,
  isFiltered,
  isView,
  toQuery,
  type WorkListView,
} from "./workListView";

/**
 * The list's filters, sort and grouping (remembered) and its search box. Every keystroke
 * searches at once: a search costs a few ms at 100,000 records, the previous results stay on
 * screen until the new ones arrive, and a late answer to an older query is dropped.
 */
export function useWorkListView() {
  const [view, setView] = useState<WorkListView>(() => loadStored(VIEW_KEY, DEFAULT_VIEW, isView));
  const [search, setSearch] = useState("");

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

  const query = useMemo(() => toQuery(view, search), [view, search]);

  return {
    view,
    update,
    search,
    setSearch,
    clearFilters,
    query,
    filtered: isFiltered(view, search),
  };
}
