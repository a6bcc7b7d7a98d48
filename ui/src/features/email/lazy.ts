import { lazy } from "react";

/** The email composer and its editor, loaded when the seller first writes an email. */
export const EmailComposer = lazy(() =>
  import("./components/EmailComposer").then((m) => ({ default: m.EmailComposer })),
);
