import { createContext, useContext } from "react";
import type { Language } from "../../../i18n";

export type LanguagePreference = Language | "system";
export type ThemePreference = "system" | "light" | "dark";

export type Preferences = {
  language: LanguagePreference;
  theme: ThemePreference;
};

export const DEFAULT_PREFERENCES: Preferences = { language: "system", theme: "system" };

export const PREFERENCES_KEY = "nextline.preferences";

export function isPreferences(value: unknown): value is Preferences {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ["system", "en", "el"].includes(v.language as string) &&
    ["system", "light", "dark"].includes(v.theme as string)
  );
}

export type PreferencesContextValue = {
  preferences: Preferences;
  setPreferences: (change: Partial<Preferences>) => void;
  /** The language the system asks for (the back end's, once known). */
  reportSystemLanguage: (language: Language) => void;
  /** Light or dark, after following the system where asked to. */
  dark: boolean;
};

export const PreferencesContext = createContext<PreferencesContextValue | null>(null);

/** The seller's language and theme choices, and the theme in force. */
export function usePreferences(): PreferencesContextValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error("usePreferences needs a <PreferencesProvider>");
  return value;
}
