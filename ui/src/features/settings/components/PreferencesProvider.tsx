import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePrefersDark } from "../../../hooks/usePrefersDark";
import { detectLanguage, type Language } from "../../../i18n";
import { setBackendLanguage } from "../../../ipc/commands";
import { loadStored, saveStored } from "../../../lib/storage";
import {
  DEFAULT_PREFERENCES,
  PREFERENCES_KEY,
  PreferencesContext,
  isPreferences,
  type Preferences,
} from "../hooks/preferences";

/** Holds the language and theme choices, remembers them and puts them in force. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const [preferences, setAll] = useState<Preferences>(() =>
    loadStored(PREFERENCES_KEY, DEFAULT_PREFERENCES, isPreferences),
  );
  const [systemLanguage, setSystemLanguage] = useState<Language | null>(null);
  const systemDark = usePrefersDark();

  const setPreferences = useCallback((change: Partial<Preferences>) => {
    setAll((prev) => {
      const next = { ...prev, ...change };
      saveStored(PREFERENCES_KEY, next);
      return next;
    });
  }, []);

  // Following the system at start-up keeps the language i18n detected until the back end
  // says which one the system uses; an explicit choice wins at once.
  const first = useRef(true);
  useEffect(() => {
    const wasFirst = first.current;
    first.current = false;
    let wanted: Language | null;
    if (preferences.language !== "system") wanted = preferences.language;
    else if (systemLanguage) wanted = systemLanguage;
    else wanted = wasFirst ? null : detectLanguage(navigator.language);
    if (!wanted) return;
    if (wanted !== i18n.language) void i18n.changeLanguage(wanted);
    void setBackendLanguage(wanted);
  }, [preferences.language, systemLanguage, i18n]);

  const dark = preferences.theme === "system" ? systemDark : preferences.theme === "dark";

  const value = useMemo(
    () => ({ preferences, setPreferences, reportSystemLanguage: setSystemLanguage, dark }),
    [preferences, setPreferences, dark],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}
