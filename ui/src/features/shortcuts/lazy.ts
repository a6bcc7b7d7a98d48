import { lazy } from "react";

/** The shortcuts dialog, loaded when first opened. */
export const ShortcutsDialog = lazy(() =>
  import("./components/ShortcutsDialog").then((m) => ({ default: m.ShortcutsDialog })),
);
