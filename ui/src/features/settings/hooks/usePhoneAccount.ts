import { useCallback, useEffect, useState } from "react";
import {
  phoneAccount,
  removePhoneAccount,
  savePhoneAccount,
  type PhoneAccountView,
} from "../../../ipc/commands";
import { accountFromForm, type PhoneAccountForm } from "./phoneAccountForm";

export type PhoneAccountDone = "saved" | "removed" | null;

/** The phone account of the Settings form: loaded once, saved, removed. */
export function usePhoneAccount() {
  const [loaded, setLoaded] = useState<{ view: PhoneAccountView; generation: number } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"saving" | "removing" | null>(null);
  const [error, setError] = useState<{ during: "save" | "remove"; error: unknown } | null>(null);
  const [done, setDone] = useState<PhoneAccountDone>(null);

  const load = useCallback(async () => {
    try {
      const view = await phoneAccount();
      setLoaded((prev) => ({ view, generation: (prev?.generation ?? 0) + 1 }));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, []);

  useEffect(() => {
    let current = true;
    phoneAccount().then(
      (view) => current && setLoaded({ view, generation: 1 }),
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, []);

  const save = useCallback(
    async (form: PhoneAccountForm): Promise<boolean> => {
      const { account, password, turnPassword } = accountFromForm(form);
      setBusy("saving");
      setError(null);
      setDone(null);
      try {
        await savePhoneAccount(account, password, turnPassword);
        setDone("saved");
        await load();
        return true;
      } catch (e) {
        setError({ during: "save", error: e });
        return false;
      } finally {
        setBusy(null);
      }
    },
    [load],
  );

  const remove = useCallback(async (): Promise<boolean> => {
    setBusy("removing");
    setError(null);
    setDone(null);
    try {
      await removePhoneAccount();
      setDone("removed");
      await load();
      return true;
    } catch (e) {
      setError({ during: "remove", error: e });
      return false;
    } finally {
      setBusy(null);
    }
  }, [load]);

  return {
    view: loaded?.view ?? null,
    /** Bumped on every load: the form starts over from what the back end kept. */
    generation: loaded?.generation ?? 0,
    loadError,
    busy,
    error,
    done,
    save,
    remove,
  };
}
