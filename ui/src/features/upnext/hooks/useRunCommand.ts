import { useCallback, useState } from "react";
import { runCommand, type Command } from "../../../ipc/commands";

/** Runs a command from a dialog: busy while it runs, the error kept for the dialog to show. */
export function useRunCommand() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(async (command: Command): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await runCommand(command);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
