import { createContext, useContext } from "react";
import type { Activity } from "../../../ipc/commands";

export type Notice = {
  id: number;
  intent: "error" | "warning" | "success";
  title: string;
  body: string;
  /** The notice's own test id; by default `command-error` or `action-blocked`. */
  testId?: string;
};

export type FeedbackContextValue = {
  /** Skips `activity` after the undo window, unless the seller undoes it first. */
  scheduleSkip: (activity: Activity) => void;
  /** The activity whose skip is waiting for its undo window to pass. */
  pendingSkip: string | null;
  /** Shows a command's failure with its translated message. */
  reportError: (title: string, error: unknown) => void;
  /** Shows why an action can't be done. */
  warn: (title: string, body: string) => void;
  /** A short confirmation that something went through (e.g. "Email sent"); goes by itself. */
  confirm: (title: string, body?: string, testId?: string) => void;
};

export const FeedbackContext = createContext<FeedbackContextValue | null>(null);

export function useFeedback(): FeedbackContextValue {
  const value = useContext(FeedbackContext);
  if (!value) throw new Error("useFeedback needs an <ActivityFeedbackProvider>");
  return value;
}
