import { listen } from "@tauri-apps/api/event";
import { useEffect, useRef } from "react";

/**
 * Calls `onEvent` with the payload of every `name` event the back end sends, until the
 * component unmounts. `onListening` runs once the listener is in place (or when there is no
 * event channel, as in a plain browser): what was waiting before it can be asked for then
 * without missing what comes after.
 */
export function useBackendEvent<T>(
  name: string,
  onEvent: (payload: T) => void,
  onListening?: () => void,
): void {
  const latest = useRef({ onEvent, onListening });
  useEffect(() => {
    latest.current = { onEvent, onListening };
  });
  useEffect(() => {
    let current = true;
    let stop: (() => void) | null = null;
    const ready = () => {
      if (current) latest.current.onListening?.();
    };
    listen<T>(name, (event) => {
      if (current && event.payload) latest.current.onEvent(event.payload);
    }).then(
      (unlisten) => {
        if (current) stop = unlisten;
        else unlisten();
        ready();
      },
      // No event channel: only what was waiting.
      ready,
    );
    return () => {
      current = false;
      stop?.();
    };
  }, [name]);
}
