import { useCallback, useEffect, useRef, useState } from "react";
import {
  outboxItems,
  retryOutboxItem,
  settleConflict,
  type ConflictChoice,
  type OutboxItem,
} from "../../../ipc/commands";
import { useSyncEvents } from "../../sync";

/** How many changes the list shows at most. */
export const OUTBOX_LIMIT = 200;

/**
 * The changes waiting to be sent to Dynamics 365, oldest first: loaded once, again on every
 * `sync` event, and after the seller retries a change or settles a conflict.
 */
export function useOutbox() {
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<{ during: "retry" | "settle"; error: unknown } | null>(null);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    outboxItems(OUTBOX_LIMIT).then(
      (loaded) => {
        if (mine !== generation.current) return;
        setItems(loaded);
        setLoadError(null);
      },
      (e: unknown) => {
        // A failed refresh keeps the list on screen; a failed first load shows the error.
        if (mine === generation.current) setLoadError(e);
      },
    );
  }, []);

  useEffect(() => {
    load();
  }, [load]);

  useSyncEvents(load);

  const act = useCallback(
    async (seq: number, during: "retry" | "settle", work: () => Promise<void>) => {
      setBusy(seq);
      setError(null);
      try {
        await work();
      } catch (e) {
        setError({ during, error: e });
      } finally {
        setBusy(null);
        load();
      }
    },
    [load],
  );

  const retry = useCallback((seq: number) => act(seq, "retry", () => retryOutboxItem(seq)), [act]);

  const settle = useCallback(
    (seq: number, keep: ConflictChoice) => act(seq, "settle", () => settleConflict(seq, keep)),
    [act],
  );

  return { items, loadError, busy, error, retry, settle };
}
