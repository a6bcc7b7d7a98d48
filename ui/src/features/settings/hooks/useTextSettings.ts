import { useCallback, useEffect, useState } from "react";
import { setTextSettings, textSettings, type TextSettingsView } from "../../../ipc/commands";
import { settingsFromForm, type TextSettingsForm } from "./textSettingsForm";

/** Settings → Text messages: loaded once, saved, then loaded again as the back end kept it. */
export function useTextSettings() {
  const [loaded, setLoaded] = useState<{ view: TextSettingsView; generation: number } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    textSettings().then(
      (view) => current && setLoaded({ view, generation: 1 }),
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, []);

  const save = useCallback(
    async (form: TextSettingsForm): Promise<boolean> => {
      if (!loaded) return false;
      const { settings, token } = settingsFromForm(form, loaded.view);
      setSaving(true);
      setError(null);
      setSaved(false);
      try {
        await setTextSettings(settings, token);
        setSaved(true);
        try {
          // The numbers as the back end wrote them (E.164), and the token now kept.
          const view = await textSettings();
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
    [loaded],
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
