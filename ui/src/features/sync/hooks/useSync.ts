import { listen } from "@tauri-apps/api/event";
import { useEffect, useRef, useState } from "react";
import { syncStatus, type SyncStatus } from "../../../ipc/commands";

export type SyncState = {
  /** The sync with Dynamics 365 as last heard of; null until the first answer. */
  status: SyncStatus | null;
  /** Why `sync_status` failed, when it did (an older back end, say). */
  error: unknown;
};

/**
 * The sync with Dynamics 365: loaded with `sync_status`, then replaced by every `sync` event
 * the back end sends after a change (sign-in, progress, pending changes, problems). Mount once.
 */
export function useSync(): SyncState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    let heard = false;
    let stop: (() => void) | null = null;
    listen<SyncStatus>("sync", (event) => {
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
    syncStatus().then(
      // An event may have brought newer news while the command ran.
      (first) => current && !heard && setStatus(first),
      (e: unknown) => current && !heard && setError(e),
    );
    return () => {
      current = false;
      stop?.();
    };
  }, []);

  return { status, error };
}

/** Calls `onSync` on every `sync` event, until the component unmounts. */
export function useSyncEvents(onSync: (status: SyncStatus) => void): void {
  const latest = useRef(onSync);
  useEffect(() => {
    latest.current = onSync;
  });
  useEffect(() => {
    let current = true;
    let stop: (() => void) | null = null;
    listen<SyncStatus>("sync", (event) => {
      if (current && event.payload) latest.current(event.payload);
    }).then(
      (unlisten) => {
        if (current) stop = unlisten;
        else unlisten();
      },
      () => {
        // No event channel: nothing to follow.
      },
    );
    return () => {
      current = false;
      stop?.();
    };
  }, []);
}
