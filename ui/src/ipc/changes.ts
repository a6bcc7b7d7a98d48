/**
 * One place where "these records changed" is announced: by the back end's `changed` event
 * (this window, or another process such as the CLI) and by this window's own commands.
 */
import { listen } from "@tauri-apps/api/event";
import { useEffect, useRef } from "react";
import type { Changed } from "./bindings/Changed";

type Listener = (records: string[]) => void;

const listeners = new Set<Listener>();

/** Tells every view that `records` changed; an empty list means "anything may have". */
export function notifyChanged(records: string[]): void {
  for (const listener of [...listeners]) listener(records);
}

/** Calls `onChange` whenever records change, until the component unmounts. */
export function useChanged(onChange: Listener): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    const listener: Listener = (records) => latest.current(records);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}

/** Forwards the back end's `changed` events to `useChanged` listeners; mount once. */
export function useBackendChanges(): void {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let unmounted = false;
    listen<Changed>("changed", (event) => notifyChanged(event.payload?.records ?? [])).then(
      (unlisten) => {
        if (unmounted) unlisten();
        else stop = unlisten;
      },
      () => {
        // No event channel (e.g. a plain browser): the views still refresh after own commands.
      },
    );
    return () => {
      unmounted = true;
      stop?.();
    };
  }, []);
}

/** Whether a change to `records` concerns `record` (an empty list concerns everyone). */
export function concerns(records: string[], record: string | null): boolean {
  return record !== null && (records.length === 0 || records.includes(record));
}
