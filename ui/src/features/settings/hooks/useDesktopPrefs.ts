import { useCallback, useEffect, useState } from "react";
import { useChanged } from "../../../ipc/changes";
import { desktopPrefs, setDesktopPrefs, type DesktopPrefs } from "../../../ipc/commands";
import { prefsFromForm, type NotificationsForm } from "./notificationsForm";

export type DesktopPrefsDone = "saved" | "dndOff" | null;
type During = "save" | "dndOff";

/**
 * The desktop preferences of the Notifications tab: loaded, followed while the tab is open
 * (do not disturb is also set from the tray), saved, and do not disturb turned off.
 */
export function useDesktopPrefs() {
  const [kept, setKept] = useState<DesktopPrefs | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<During | null>(null);
  const [error, setError] = useState<{ during: During; error: unknown } | null>(null);
  const [done, setDone] = useState<DesktopPrefsDone>(null);

  useEffect(() => {
    let current = true;
    desktopPrefs().then(
      (prefs) => current && setKept(prefs),
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, []);

  // The tray's do not disturb announces "anything may have changed".
  useChanged((records) => {
    if (records.length > 0) return;
    desktopPrefs().then(
      (prefs) => setKept(prefs),
      () => {
        // What is shown stays; the next change or opening the tab tries again.
      },
    );
  });

  const send = useCallback(async (prefs: DesktopPrefs, during: During): Promise<boolean> => {
    setBusy(during);
    setError(null);
    setDone(null);
    try {
      await setDesktopPrefs(prefs);
      setKept(prefs);
      setDone(during === "save" ? "saved" : "dndOff");
      return true;
    } catch (e) {
      setError({ during, error: e });
      return false;
    } finally {
      setBusy(null);
    }
  }, []);

  /** Saves the form; do not disturb stays as the back end has it. */
  const save = useCallback(
    (form: NotificationsForm) => send(prefsFromForm(form, kept?.notify.dndUntil ?? null), "save"),
    [send, kept],
  );

  /** Notifications on again now; what the form changed waits for Save. */
  const turnDndOff = useCallback(
    () =>
      kept
        ? send({ ...kept, notify: { ...kept.notify, dndUntil: null } }, "dndOff")
        : Promise.resolve(false),
    [send, kept],
  );

  return { prefs: kept, loadError, busy, error, done, save, turnDndOff };
}
