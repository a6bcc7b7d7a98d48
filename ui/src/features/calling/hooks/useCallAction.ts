import { useCallback, useState } from "react";

/**
 * Runs the buttons of one call (mute, hold, keys, hang up…): what they change comes back with
 * the phone's next status; a refusal is kept to show next to the call.
 */
export function useCallAction() {
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setPending((n) => n + 1);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setPending((n) => n - 1);
    }
  }, []);

  const clear = useCallback(() => setError(null), []);
  return { run, busy: pending > 0, error, clear };
}
