import { listen } from "@tauri-apps/api/event";
import { useCallback, useEffect, useState } from "react";
import { phoneStatus, type CallInfo, type PhoneStatus } from "../../../ipc/commands";

export type PhoneState = {
  /** The phone as last heard of; null until the first answer. */
  status: PhoneStatus | null;
  /** Why `phone_status` failed, when it did (an older back end, say). */
  error: unknown;
  /**
   * Shows a call the seller just placed at once, before the back end's `phone` event: an
   * answer arriving after newer news of the same call is ignored.
   */
  track: (call: CallInfo) => void;
};

/**
 * The softphone's status: loaded with `phone_status`, then replaced by every `phone` event
 * the back end sends after a change (registration, calls, recent numbers). Mount once.
 */
export function usePhone(): PhoneState {
  const [status, setStatus] = useState<PhoneStatus | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    let heard = false;
    let stop: (() => void) | null = null;
    listen<PhoneStatus>("phone", (event) => {
      if (!current || !event.payload) return;
      heard = true;
      setStatus(event.payload);
      setError(null);
    }).then(
      (unlisten) => {
        if (current) stop = unlisten;
        else unlisten();
      },
      () => {
        // No event channel (a plain browser): the first snapshot is all there is.
      },
    );
    phoneStatus().then(
      // An event may have brought newer news while the command ran.
      (first) => current && !heard && setStatus(first),
      (e: unknown) => current && !heard && setError(e),
    );
    return () => {
      current = false;
      stop?.();
    };
  }, []);

  const track = useCallback((call: CallInfo) => {
    setStatus((prev) => {
      if (!prev || prev.calls.some((c) => c.id === call.id)) return prev;
      // As the back end does: a new call takes the ended ones off the panel.
      const going = prev.calls.filter((c) => c.phase !== "ended");
      return { ...prev, calls: [...going, call] };
    });
  }, []);

  return { status, error, track };
}
