import { useCallback, useEffect, useRef, useState } from "react";
import { concerns, useChanged } from "./changes";

export type LiveState<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "error"; error: unknown }
  | { status: "success"; data: T };

type Held<T> = { key: string; state: LiveState<T> };

/**
 * Loads what `load` returns for `key` (a record id; null loads nothing) and loads it again,
 * quietly, whenever that record changes. Answers for an outdated key are ignored.
 */
export function useLive<T>(
  key: string | null,
  load: (key: string) => Promise<T>,
): LiveState<T> & { reload: () => void } {
  const [held, setHeld] = useState<Held<T> | null>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  const fetchKey = useCallback((k: string) => {
    const mine = ++generation.current;
    loadRef.current(k).then(
      (data) => {
        if (mine === generation.current) setHeld({ key: k, state: { status: "success", data } });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        // A failed refresh keeps what is on screen; a failed first load shows the error.
        setHeld((prev) =>
          prev?.key === k && prev.state.status === "success"
            ? prev
            : { key: k, state: { status: "error", error } },
        );
      },
    );
  }, []);

  useEffect(() => {
    if (key !== null) fetchKey(key);
    else generation.current++;
  }, [key, fetchKey]);

  useChanged((records) => {
    if (key !== null && concerns(records, key)) fetchKey(key);
  });

  const reload = useCallback(() => {
    if (key !== null) {
      setHeld(null);
      fetchKey(key);
    }
  }, [key, fetchKey]);

  let state: LiveState<T>;
  if (key === null) state = { status: "idle" };
  else if (held && held.key === key) state = held.state;
  else state = { status: "loading" };
  return { ...state, reload };
}
