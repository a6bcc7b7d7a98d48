import { useCallback, useEffect, useRef, useState } from "react";
import {
  pageTotal,
  workList,
  workListCount,
  type WorkListCard,
  type WorkListQuery,
} from "../../../ipc/commands";
import { useChanged } from "../../../ipc/changes";

/** Cards fetched per page after the first (the first is `query.limit`). */
export const NEXT_PAGE_SIZE = 200;
/** The back end's largest page. */
const MAX_PAGE_SIZE = 500;
/**
 * A refresh reloads at most this many cards (four calls); further down, the list loads on
 * again as the seller scrolls.
 */
const MAX_REFRESH = 2000;

export type WorkListPages = {
  status: "loading" | "error" | "ready";
  error: unknown;
  cards: WorkListCard[];
  /** How many cards match over all pages; null until known. */
  total: number | null;
  nextCursor: string | null;
  loadingMore: boolean;
  /** The cards are the previous query's, shown while this one's load. */
  stale: boolean;
};

type Held = WorkListPages & { query: WorkListQuery; attempt: number };

const EMPTY = {
  error: null,
  cards: [],
  total: null,
  nextCursor: null,
  loadingMore: false,
  stale: false,
};

/**
 * The work list, a page at a time: `loadMore` fetches the next page from the cursor as the
 * seller scrolls. A change of query starts again with one call; a change to the records
 * reloads quietly as many cards as are already on screen.
 */
export function useWorkListPages(query: WorkListQuery) {
  const [attempt, setAttempt] = useState(0);
  const [held, setHeld] = useState<Held | null>(null);
  const generation = useRef(0);

  // What is on screen belongs to this query (and attempt); or it is the previous query's cards
  // while this one's load (no blank list between keystrokes); or, the first time, loading.
  let state: WorkListPages;
  if (held && held.query === query && held.attempt === attempt) state = held;
  else if (held && held.status === "ready" && held.attempt === attempt)
    state = { ...held, total: null, nextCursor: null, loadingMore: false, stale: true };
  else state = { ...EMPTY, status: "loading" };
  const current = useRef(state);
  useEffect(() => {
    current.current = state;
  });

  /** Asks for the total apart when the first page didn't bring it. */
  const countIfNeeded = useCallback((q: WorkListQuery, total: number | null, mine: number) => {
    if (total !== null) return;
    workListCount(q).then(
      (count) => {
        if (mine === generation.current)
          setHeld((h) => (h && h.query === q ? { ...h, total: count } : h));
      },
      () => {
        // No count: the list works without it.
      },
    );
  }, []);

  useEffect(() => {
    const mine = ++generation.current;
    workList(query).then(
      (page) => {
        if (mine !== generation.current) return;
        const total = pageTotal(page);
        setHeld({
          query,
          attempt,
          status: "ready",
          error: null,
          cards: page.cards,
          total,
          nextCursor: page.nextCursor,
          loadingMore: false,
          stale: false,
        });
        countIfNeeded(query, total, mine);
      },
      (error: unknown) => {
        if (mine === generation.current)
          setHeld({ query, attempt, ...EMPTY, status: "error", error });
      },
    );
  }, [query, attempt, countIfNeeded]);

  const loadMore = useCallback(() => {
    const now = current.current;
    if (now.status !== "ready" || now.stale || !now.nextCursor || now.loadingMore) return;
    const mine = generation.current;
    current.current = { ...now, loadingMore: true };
    setHeld((h) => (h ? { ...h, loadingMore: true } : h));
    workList({ ...query, limit: NEXT_PAGE_SIZE, after: now.nextCursor }).then(
      (page) => {
        if (mine !== generation.current) return;
        setHeld((h) =>
          h
            ? {
                ...h,
                cards: h.cards.concat(page.cards),
                nextCursor: page.nextCursor,
                loadingMore: false,
              }
            : h,
        );
      },
      () => {
        // Keep the cursor: scrolling on tries again.
        if (mine === generation.current) setHeld((h) => (h ? { ...h, loadingMore: false } : h));
      },
    );
  }, [query]);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const wanted = Math.min(MAX_REFRESH, Math.max(current.current.cards.length, query.limit));
    let cards: WorkListCard[] = [];
    let total: number | null = null;
    let cursor: string | null = null;
    try {
      do {
        const page = await workList({
          ...query,
          limit: Math.min(MAX_PAGE_SIZE, Math.max(query.limit, wanted - cards.length)),
          after: cursor,
        });
        if (mine !== generation.current) return;
        if (cursor === null) total = pageTotal(page);
        cards = cards.concat(page.cards);
        cursor = page.nextCursor;
      } while (cursor && cards.length < wanted);
    } catch (error) {
      if (mine !== generation.current || current.current.status === "ready") return;
      setHeld({ query, attempt, ...EMPTY, status: "error", error });
      return;
    }
    setHeld({
      query,
      attempt,
      status: "ready",
      error: null,
      cards,
      total,
      nextCursor: cursor,
      loadingMore: false,
      stale: false,
    });
    countIfNeeded(query, total, mine);
  }, [query, attempt, countIfNeeded]);

  useChanged(() => void refresh());

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  /** The query the cards on screen answer (the previous one while `stale`). */
  const shownQuery = state.status === "ready" && held ? held.query : query;

  return { ...state, shownQuery, loadMore, retry };
}
