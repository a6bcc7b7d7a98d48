import { lazy } from "react";

// The meeting dialogs load on first use, keeping them out of the first screen's bundle.
export const NewMeetingDialog = lazy(() =>
  import("./components/NewMeetingDialog").then((m) => ({ default: m.NewMeetingDialog })),
);
export const MeetingDetailsDialog = lazy(() =>
  import("./components/MeetingDetailsDialog").then((m) => ({ default: m.MeetingDetailsDialog })),
);
