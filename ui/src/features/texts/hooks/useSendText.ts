import { useCallback, useState } from "react";
import { sendText } from "../../../ipc/commands";

/** A message to send: from the seller's number, to the contact's, and what it says. */
export type OutgoingText = { from: string; to: string; body: string };

/**
 * Sends text messages for a record (R19). `forActivity` is the Up Next step the pane was
 * opened for: the message typed in the box completes it; a failed one sent again does not.
 */
export function useSendText(recordId: string, forActivity: string | null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = useCallback(
    async (text: OutgoingText, forStep: boolean): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await sendText({
          record: recordId,
          forActivity: forStep ? forActivity : null,
          from: text.from,
          to: text.to,
          body: text.body,
        });
        return true;
      } catch (e: unknown) {
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [recordId, forActivity],
  );

  const clearError = useCallback(() => setError(null), []);
  return { busy, error, send, clearError };
}
