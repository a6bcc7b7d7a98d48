import { lazy } from "react";

/** The settings dialog, loaded when first opened. */
export const SettingsDialog = lazy(() =>
  import("./components/SettingsDialog").then((m) => ({ default: m.SettingsDialog })),
);
