import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { el } from "./locales/el";
import { en } from "./locales/en";

export const SUPPORTED_LANGUAGES = ["en", "el"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Greek for any `el…` locale (e.g. "el", "el-GR"); English for everything else. */
export function detectLanguage(locale: string | undefined | null): Language {
  return locale?.toLowerCase().startsWith("el") ? "el" : "en";
}

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    el: { translation: el },
  },
  lng: detectLanguage(typeof navigator === "undefined" ? undefined : navigator.language),
  fallbackLng: "en",
  supportedLngs: SUPPORTED_LANGUAGES,
  interpolation: {
    // React escapes already.
    escapeValue: false,
  },
});

export default i18n;

function syncDocumentLanguage(lng: string) {
  if (typeof document !== "undefined") {
    document.documentElement.lang = lng;
  }
}
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);
