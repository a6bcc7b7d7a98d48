import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { PreferencesProvider, usePreferences } from "../features/settings";
import i18n from "../i18n";

function ThemedFluent({ children }: { children: ReactNode }) {
  const { dark } = usePreferences();
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ height: "100vh" }}>
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
