import { useCallback, useMemo, useRef, useState } from "react";
import type { UpNextView } from "../../../ipc/commands";

/** The email the composer is open for. */
export type EmailTarget = {
  /** New for every composer opened: a fresh one starts over. */
  key: number;
  recordId: string;
  /** The Up Next email step it is written for, if any. */
  forActivity: string | null;
  /** Known from the card or Up Next; the composer says it once loaded otherwise. */
  contactName: string | null;
};

/** What the guard asks of the open composer (its imperative handle). */
export type ComposerHandle = {
  /** Whether closing would drop something: text the seller wrote, or a kept draft. */
  hasDraft: () => boolean;
  /** Saves what was typed; rejects with the back end's error. */
  keep: () => Promise<void>;
  /** Deletes the draft; rejects with the back end's error. */
  discard: () => Promise<void>;
  focus: () => void;
};

/** The Save draft / Discard / Cancel question (R16), while it is asked. */
export type DraftPromptState = {
  contactName: string | null;
  busy: "save" | "discard" | null;
  error: unknown;
  onSave: () => void;
  onDiscard: () => void;
  onCancel: () => void;
};

type Pending = { action: () => void; busy: "save" | "discard" | null; error: unknown };

/**
 * R16: the email composer's place in the window. `guard(record, action)` runs `action` (a
 * switch to `record`) at once when nothing would be lost, and otherwise first asks the
 * seller Save draft / Discard / Cancel about the email being written for another record.
 * `start` opens the composer, through the same guard.
 */
export function useDraftGuard() {
  const [email, setEmail] = useState<EmailTarget | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [contactName, setContactName] = useState<string | null>(null);
  const open = useRef<EmailTarget | null>(null);
  const composer = useRef<ComposerHandle | null>(null);
  const nextKey = useRef(0);
  const asking = useRef<Pending | null>(null);

  const show = useCallback((target: EmailTarget | null) => {
    open.current = target;
    setEmail(target);
  }, []);

  const close = useCallback(() => {
    show(null);
    asking.current = null;
    setPending(null);
  }, [show]);

  const guard = useCallback(
    (recordId: string | null, action: () => void) => {
      const current = open.current;
      if (!current || recordId === null || recordId === current.recordId) {
        action();
        return;
      }
      if (!composer.current?.hasDraft()) {
        // Nothing typed and nothing kept: the composer just goes.
        show(null);
        action();
        return;
      }
      asking.current = { action, busy: null, error: null };
      setContactName(current.contactName);
      setPending(asking.current);
    },
    [show],
  );

  const start = useCallback(
    (recordId: string, forActivity: string | null, contactName: string | null = null) => {
      const current = open.current;
      if (current?.recordId === recordId) {
        composer.current?.focus();
        return;
      }
      guard(recordId, () => {
        nextKey.current += 1;
        show({ key: nextKey.current, recordId, forActivity, contactName });
      });
    },
    [guard, show],
  );

  /** The composer learnt who it writes to (a record opened by its id). */
  const named = useCallback((name: string) => {
    if (open.current && open.current.contactName !== name) {
      open.current = { ...open.current, contactName: name };
    }
  }, []);

  /** The open composer's handle, as its `ref`. */
  const attach = useCallback((handle: ComposerHandle | null) => {
    composer.current = handle;
  }, []);

  const settle = useCallback(
    async (how: "save" | "discard") => {
      const waiting = asking.current;
      if (!waiting || waiting.busy) return;
      const update = (change: Partial<Pending>) => {
        asking.current = { ...waiting, ...change };
        setPending(asking.current);
      };
      update({ busy: how, error: null });
      try {
        if (how === "save") await composer.current?.keep();
        else await composer.current?.discard();
      } catch (error) {
        update({ busy: null, error });
        return;
      }
      close();
      waiting.action();
    },
    [close],
  );

  const prompt: DraftPromptState | null = useMemo(
    () =>
      pending && {
        contactName,
        busy: pending.busy,
        error: pending.error,
        onSave: () => void settle("save"),
        onDiscard: () => void settle("discard"),
        onCancel: () => {
          if (asking.current?.busy) return;
          asking.current = null;
          setPending(null);
        },
      },
    [pending, contactName, settle],
  );

  return {
    /** The composer's record and step, or null when it is closed. */
    email,
    /** The open composer's `ref`. */
    attach,
    guard,
    start,
    close,
    named,
    /** The R16 question while it is asked, for `<DraftPrompt>`. */
    prompt,
  };
}

/** The Up Next email step an email from this record's view is written for, if any. */
export function emailStepOf(view: UpNextView | null | undefined): string | null {
  const active = view?.active;
  return active?.mainAction === "email" ? active.activity.id : null;
}
