import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { usePrefersDark } from "../hooks/usePrefersDark";
import i18n from "../i18n";

/** Everything the app needs around it: translations and the Fluent theme. */
export function AppProviders({ children }: { children: ReactNode }) {
  const dark = usePrefersDark();
  return (
    <I18nextProvider i18n={i18n}>
      <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ minHeight: "100vh" }}>
        {children}
      </FluentProvider>
    </I18nextProvider>
  );
}
