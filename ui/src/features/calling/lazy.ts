import { lazy } from "react";

/** The call flow, loaded on the first call. */
export const CallFlow = lazy(() =>
  import("./components/CallFlow").then((m) => ({ default: m.CallFlow })),
);

/** The dial pad for a manual call, loaded when first opened. */
export const DialPadDialog = lazy(() =>
  import("./components/DialPadDialog").then((m) => ({ default: m.DialPadDialog })),
);

/** The docked call panel, loaded with the first call. */
export const CallDock = lazy(() =>
  import("./components/CallDock").then((m) => ({ default: m.CallDock })),
);
