import { useCallback, useEffect, useRef, useState } from "react";
import {
  crmCancelSignIn,
  crmConnect,
  crmSignOut,
  syncNow,
  type SignInPrompt,
  type SyncStatus,
} from "../../../ipc/commands";

export type CrmAction = "connect" | "cancel" | "signOut" | "syncNow";

/**
 * Settings → Dynamics 365: connecting (the sign-in in the browser, or with a device code),
 * cancelling it, signing out and syncing now. What happens next arrives as `sync` events, in
 * `status`.
 */
export function useCrmConnection(status: SyncStatus | null) {
  const [busy, setBusy] = useState<CrmAction | null>(null);
  const [error, setError] = useState<{ during: CrmAction; error: unknown } | null>(null);
  /** The prompt `crm_connect` answered, the organization asked for, and the status known then. */
  const [started, setStarted] = useState<{
    prompt: SignInPrompt;
    orgUrl: string;
    basis: SyncStatus | null;
  } | null>(null);
  const latest = useRef(status);
  useEffect(() => {
    latest.current = status;
  });

  const run = useCallback(
    async <T>(action: CrmAction, work: () => Promise<T>): Promise<T | undefined> => {
      setBusy(action);
      setError(null);
      try {
        return await work();
      } catch (e) {
        setError({ during: action, error: e });
        return undefined;
      } finally {
        setBusy(null);
      }
    },
    [],
  );

  const connect = useCallback(
    /** In the browser by default; `deviceCode` for the code to enter on Microsoft's page. */
    async (orgUrl: string, deviceCode = false): Promise<boolean> => {
      const prompt = await run("connect", () => crmConnect(orgUrl, deviceCode));
      if (!prompt) return false;
      setStarted({ prompt, orgUrl, basis: latest.current });
      return true;
    },
    [run],
  );

  const cancel = useCallback(async () => {
    setStarted(null);
    await run("cancel", crmCancelSignIn);
  }, [run]);

  const signOut = useCallback(async (): Promise<boolean> => {
    const done = await run("signOut", async () => {
      await crmSignOut();
      return true;
    });
    return done === true;
  }, [run]);

  const sync = useCallback(async () => {
    await run("syncNow", syncNow);
  }, [run]);

  // The back end's news win; until it sends some, the prompt `crm_connect` answered shows.
  let prompt: SignInPrompt | null = null;
  if (status?.phase === "signingIn") prompt = status.signIn ?? started?.prompt ?? null;
  else if (started && started.basis === status) prompt = started.prompt;

  return {
    busy,
    error,
    /** The sign-in going on (the code to enter, or "" in the browser), if any. */
    prompt,
    /** The organization being signed in to, when known. */
    orgUrl: started?.orgUrl ?? status?.connection?.orgUrl ?? null,
    signingIn: status?.phase === "signingIn" || prompt !== null,
    connect,
    cancel,
    signOut,
    sync,
  };
}
