import { useCallback, useRef, useState } from "react";
import type { UpNextView } from "../../../ipc/commands";

/** The conversation pane asked for: its record, the step it answers, and which asking. */
export type ConversationRequest = {
  recordId: string;
  /** The Up Next text step it was opened for: sending completes it. */
  forActivity: string | null;
  /** Grows with every opening, so opening it again gives the message box the keyboard. */
  opened: number;
};

/**
 * Which record's conversation pane is open. It stays with its record: it shows while that
 * record is the one selected, and again when the seller comes back to it.
 */
export function useConversationPane() {
  const [pane, setPane] = useState<ConversationRequest | null>(null);
  const count = useRef(0);
  const open = useCallback((recordId: string, forActivity: string | null = null) => {
    count.current += 1;
    setPane({ recordId, forActivity, opened: count.current });
  }, []);
  const close = useCallback(() => setPane(null), []);
  return { pane, open, close };
}

/** The record's current step when it is a text message (sending one completes it). */
export function textStepOf(view: UpNextView | null | undefined): string | null {
  const active = view?.active?.activity;
  return active && active.type === "textMessage" ? active.id : null;
}
