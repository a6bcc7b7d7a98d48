import { useCallback, useEffect, useState } from "react";

/**
 * A Settings tab whose form is loaded once from the back end, saved, then loaded again as the
 * back end kept it (what it normalised, whether a secret is now in the keyring).
 * `write` sends the form; what it throws is the error the tab shows.
 */
export function useSavedSettings<View, Form>(
  load: () => Promise<View>,
  write: (form: Form, view: View) => Promise<void>,
) {
  const [loaded, setLoaded] = useState<{ view: View; generation: number } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    load().then(
      (view) => current && setLoaded({ view, generation: 1 }),
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, [load]);

  const save = useCallback(
    async (form: Form): Promise<boolean> => {
      if (!loaded) return false;
      setSaving(true);
      setError(null);
      setSaved(false);
      try {
        await write(form, loaded.view);
        setSaved(true);
        try {
          const view = await load();
          setLoaded((prev) => ({ view, generation: (prev?.generation ?? 0) + 1 }));
        } catch {
          // Saved all the same; the form keeps what was typed.
        }
        return true;
      } catch (e: unknown) {
        setError(e);
        return false;
      } finally {
        setSaving(false);
      }
    },
    [loaded, load, write],
  );

  return {
    view: loaded?.view ?? null,
    /** Bumped on every load: the form starts over from what the back end kept. */
    generation: loaded?.generation ?? 0,
    loadError,
    saving,
    error,
    saved,
    save,
  };
}
