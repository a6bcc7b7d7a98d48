import { emailSettings, setEmailSettings, type EmailSettingsView } from "../../../ipc/commands";
import { notifyEmailSettingsSaved } from "../../email";
import { settingsFromForm, type EmailSettingsForm } from "./emailSettingsForm";
import { useSavedSettings } from "./useSavedSettings";

async function write(form: EmailSettingsForm, view: EmailSettingsView): Promise<void> {
  const { settings, password } = settingsFromForm(form, view);
  await setEmailSettings(settings, password);
  // An open composer waiting for a mail server sees it set up.
  notifyEmailSettingsSaved();
}

/**
 * Settings → Email: loaded once, saved, then loaded again as the back end kept it (whether a
 * password is kept now; the password box starts empty again).
 */
export function useEmailSettings() {
  return useSavedSettings(emailSettings, write);
}
