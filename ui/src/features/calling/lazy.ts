import { lazy } from "react";

/** The call flow, loaded on the first call. */
export const CallFlow = lazy(() =>
  import("./components/CallFlow").then((m) => ({ default: m.CallFlow })),
);
