import { setTextSettings, textSettings, type TextSettingsView } from "../../../ipc/commands";
import { settingsFromForm, type TextSettingsForm } from "./textSettingsForm";
import { useSavedSettings } from "./useSavedSettings";

async function write(form: TextSettingsForm, view: TextSettingsView): Promise<void> {
  const { settings, token } = settingsFromForm(form, view);
  await setTextSettings(settings, token);
}

/**
 * Settings → Text messages: loaded once, saved, then loaded again as the back end kept it (the
 * numbers as it wrote them, E.164, and whether the token is kept now).
 */
export function useTextSettings() {
  return useSavedSettings(textSettings, write);
}
