import { useCallback, useEffect, useState } from "react";
import { emailSettings, setEmailSettings, type EmailSettingsView } from "../../../ipc/commands";
import { notifyEmailSettingsSaved } from "../../email";
import { settingsFromForm, type EmailSettingsForm } from "./emailSettingsForm";

/** Settings → Email: loaded once, saved, then loaded again as the back end kept it. */
export function useEmailSettings() {
  const [loaded, setLoaded] = useState<{ view: EmailSettingsView; generation: number } | null>(
    null,
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    emailSettings().then(
      (view) => current && setLoaded({ view, generation: 1 }),
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, []);

  const save = useCallback(
    async (form: EmailSettingsForm): Promise<boolean> => {
      if (!loaded) return false;
      const { settings, password } = settingsFromForm(form, loaded.view);
      setSaving(true);
      setError(null);
      setSaved(false);
      try {
        await setEmailSettings(settings, password);
        setSaved(true);
        notifyEmailSettingsSaved();
        try {
          // Whether a password is kept now; the password box starts empty again.
          const view = await emailSettings();
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
