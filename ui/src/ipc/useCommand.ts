import { useCallback, useEffect, useState } from "react";

export type CommandState<T> =
  { status: "loading" } | { status: "error"; error: unknown } | { status: "success"; data: T };

type Settled<T> = {
  run: () => Promise<T>;
  attempt: number;
  state: Exclude<CommandState<T>, { status: "loading" }>;
};

/**
 * Runs a command when the component mounts and again whenever `run` changes (keep it
 * stable with `useCallback`), ignoring answers that arrive for an outdated call.
 */
export function useCommand<T>(run: () => Promise<T>): CommandState<T> & { retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    let current = true;
    run().then(
      (data) => {
        if (current) setSettled({ run, attempt, state: { status: "success", data } });
      },
      (error: unknown) => {
        if (current) setSettled({ run, attempt, state: { status: "error", error } });
      },
    );
    return () => {
      current = false;
    };
  }, [run, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const state: CommandState<T> =
    settled && settled.run === run && settled.attempt === attempt
      ? settled.state
      : { status: "loading" };
  return { ...state, retry };
}
