import { useCallback, useEffect, useRef, useState } from "react";
import { runCommand, type Activity } from "../../../ipc/commands";

/** How long the seller has to undo a skip before it is sent. */
export const UNDO_MS = 5000;

type Pending = { activity: Activity; timer: number };

/**
 * Skips wait `UNDO_MS` before they reach the back end; Undo drops them, and closing the
 * window sends them at once.
 */
export function useDeferredSkip(onError: (error: unknown) => void) {
  const [pending, setPending] = useState<Activity | null>(null);
  const current = useRef<Pending | null>(null);
  const errorRef = useRef(onError);
  useEffect(() => {
    errorRef.current = onError;
  });

  const send = useCallback((activity: Activity) => {
    runCommand({ command: "skip", activity: activity.id }).catch((e: unknown) =>
      errorRef.current(e),
    );
  }, []);

  const flush = useCallback(() => {
    const p = current.current;
    if (!p) return;
    window.clearTimeout(p.timer);
    current.current = null;
    setPending(null);
    send(p.activity);
  }, [send]);

  const schedule = useCallback(
    (activity: Activity) => {
      if (current.current?.activity.id === activity.id) return;
      flush();
      const timer = window.setTimeout(() => {
        if (current.current?.activity.id !== activity.id) return;
        current.current = null;
        setPending(null);
        send(activity);
      }, UNDO_MS);
      current.current = { activity, timer };
      setPending(activity);
    },
    [flush, send],
  );

  const undo = useCallback(() => {
    const p = current.current;
    if (!p) return;
    window.clearTimeout(p.timer);
    current.current = null;
    setPending(null);
  }, []);

  useEffect(() => {
    window.addEventListener("beforeunload", flush);
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("beforeunload", flush);
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [flush]);

  return { pending, schedule, undo };
}
