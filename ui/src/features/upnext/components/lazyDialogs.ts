import { lazy } from "react";

// The action dialogs load on first use, keeping them out of the first screen's bundle.
export const CompleteDialog = lazy(() =>
  import("./CompleteDialog").then((m) => ({ default: m.CompleteDialog })),
);
export const NoteDialog = lazy(() =>
  import("./NoteDialog").then((m) => ({ default: m.NoteDialog })),
);
export const SnoozeDialog = lazy(() =>
  import("./SnoozeDialog").then((m) => ({ default: m.SnoozeDialog })),
);
export const AssignDialog = lazy(() =>
  import("./AssignDialog").then((m) => ({ default: m.AssignDialog })),
);
