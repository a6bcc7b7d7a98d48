import {
  FluentProvider,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { PreferencesProvider, usePreferences } from "../features/settings";
import i18n from "../i18n";

/**
 * Segoe UI where the OS has it (Windows), else the bundled Noto Sans: Linux desktops differ in
 * their fonts, and some render Greek accents badly; Noto Sans covers Latin and Greek.
 */
const FONT =
  '"Segoe UI", "Segoe UI Web (West European)", "Noto Sans", -apple-system, BlinkMacSystemFont, sans-serif';
const withFont = (theme: Theme): Theme => ({ ...theme, fontFamilyBase: FONT });
const LIGHT = withFont(webLightTheme);
const DARK = withFont(webDarkTheme);

function ThemedFluent({ children }: { children: ReactNode }) {
  const { dark } = usePreferences();
  return (
    <FluentProvider theme={dark ? DARK : LIGHT} style={{ height: "100vh" }}>
      {children}
    </FluentProvider>
  );
}

/** Everything the app needs around it: translations, the seller's preferences, the theme. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <PreferencesProvider>
        <ThemedFluent>{children}</ThemedFluent>
      </PreferencesProvider>
    </I18nextProvider>
  );
}
