import { lazy } from "react";

/** The conversation pane, loaded when a conversation is first opened. */
export const ConversationPane = lazy(() =>
  import("./components/ConversationPane").then((m) => ({ default: m.ConversationPane })),
);
