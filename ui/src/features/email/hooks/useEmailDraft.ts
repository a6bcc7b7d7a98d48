import { useCallback, useEffect, useRef, useState } from "react";
import {
  discardEmailDraft,
  emailComposer,
  saveEmailDraft,
  sendEmail,
  type CommandDone,
  type EmailComposer,
  type EmailDraft,
} from "../../../ipc/commands";
import { useEmailSettingsSaved } from "./emailSettingsEvents";
import { joinAddresses, splitAddresses, withSignature } from "./emailText";

/** The draft is saved this long after the last change (R16: a crash loses about a second). */
export const AUTOSAVE_MS = 400;
/** While the seller keeps typing, saved at least this often. */
export const AUTOSAVE_MAX_MS = 1000;

/** What the seller edits: To and Cc as typed, the subject, the body (HTML). */
export type DraftFields = { to: string; cc: string; subject: string; bodyHtml: string };

function fieldsOf(composer: EmailComposer): DraftFields {
  const { draft } = composer;
  return {
    to: joinAddresses(draft.to),
    cc: joinAddresses(draft.cc),
    subject: draft.subject,
    // A fresh email gets the seller's signature below it; a restored one has it already.
    bodyHtml: composer.restored
      ? draft.bodyHtml
      : withSignature(draft.bodyHtml, composer.signature),
  };
}

function draftOf(base: EmailDraft, fields: DraftFields): EmailDraft {
  return {
    ...base,
    to: splitAddresses(fields.to),
    cc: splitAddresses(fields.cc),
    subject: fields.subject,
    bodyHtml: fields.bodyHtml,
  };
}

/**
 * The composer's email for a record: loaded from `email_composer`, every change saved as a
 * draft shortly after the seller stops typing (and when the composer goes), sent or
 * scheduled, or discarded. Saves, the discard and the send go to the back end one after the
 * other, so a late save never brings back a draft that was sent or discarded.
 */
export function useEmailDraft(recordId: string, forActivity: string | null) {
  const [composer, setComposer] = useState<EmailComposer | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fields, setFields] = useState<DraftFields | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  const base = useRef<EmailDraft | null>(null);
  const latest = useRef<DraftFields | null>(null);
  const restored = useRef(false);
  /** Bumped on every change; `saved` is the last version the back end has. */
  const version = useRef(0);
  const saved = useRef(0);
  /** Sent or discarded: nothing more is saved. */
  const finished = useRef(false);
  const timer = useRef<number | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let current = true;
    emailComposer(recordId, forActivity).then(
      (c) => {
        if (!current) return;
        base.current = c.draft;
        restored.current = c.restored;
        const initial = fieldsOf(c);
        latest.current = initial;
        setFields(initial);
        setComposer(c);
      },
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, [recordId, forActivity, attempt]);

  // Set up meanwhile in Settings → Email: whether Send can go, and how.
  useEmailSettingsSaved(() => {
    emailComposer(recordId, forActivity).then(
      (c) =>
        setComposer((prev) =>
          prev ? { ...prev, ready: c.ready, route: c.route, signature: c.signature } : prev,
        ),
      () => {},
    );
  });

  const stopTimer = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  }, []);

  /** When the oldest change not yet saved was made (null: all saved or being saved). */
  const firstUnsaved = useRef<number | null>(null);

  const enqueue = useCallback(<T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(op);
    queue.current = run.catch(() => {});
    return run;
  }, []);

  /** Saves the latest text unless the back end has it already: the failure, or null. */
  const saveNow = useCallback(async (): Promise<unknown> => {
    if (finished.current || version.current === saved.current) return null;
    if (!base.current || !latest.current) return null;
    const v = version.current;
    try {
      const at = await saveEmailDraft(draftOf(base.current, latest.current));
      saved.current = Math.max(saved.current, v);
      setSavedAt(at);
      setSaveError(null);
      return null;
    } catch (e) {
      setSaveError(e);
      return e ?? new Error("not saved");
    }
  }, []);

  /** Saves now what was typed; false when saving failed (`saveError` says why). */
  const flush = useCallback((): Promise<boolean> => {
    stopTimer();
    firstUnsaved.current = null;
    return enqueue(saveNow).then((e) => e === null);
  }, [stopTimer, enqueue, saveNow]);

  /** Saves now what was typed; rejects with the back end's error. */
  const keep = useCallback(async (): Promise<void> => {
    stopTimer();
    const e = await enqueue(saveNow);
    if (e !== null) throw e;
  }, [stopTimer, enqueue, saveNow]);

  const change = useCallback(
    (patch: Partial<DraftFields>) => {
      if (!latest.current) return;
      latest.current = { ...latest.current, ...patch };
      setFields(latest.current);
      version.current += 1;
      stopTimer();
      // Saved a moment after the last key — and at least once a second while the seller keeps
      // typing, so a crash never loses more than about a second.
      const now = performance.now();
      if (firstUnsaved.current === null) firstUnsaved.current = now;
      const wait = Math.max(0, Math.min(AUTOSAVE_MS, firstUnsaved.current + AUTOSAVE_MAX_MS - now));
      timer.current = window.setTimeout(() => {
        firstUnsaved.current = null;
        void flush();
      }, wait);
    },
    [flush, stopTimer],
  );

  /** The editor tidied the body by itself (e.g. a paragraph after a list): not a change. */
  const normalize = useCallback((patch: Partial<DraftFields>) => {
    if (!latest.current) return;
    latest.current = { ...latest.current, ...patch };
    setFields(latest.current);
  }, []);

  // Going away with unsaved typing (the window closing, the record switched some other way):
  // it is saved all the same.
  useEffect(
    () => () => {
      stopTimer();
      if (!finished.current && version.current !== saved.current && base.current) {
        const draft = draftOf(base.current, latest.current!);
        void queue.current.then(() => saveEmailDraft(draft)).catch(() => {});
      }
    },
    [stopTimer],
  );

  /** Whether closing would drop something: the seller typed, or it is a kept draft. */
  const hasDraft = useCallback(() => restored.current || version.current > 0, []);

  const discard = useCallback(async (): Promise<void> => {
    stopTimer();
    await enqueue(async () => {
      finished.current = true;
      try {
        await discardEmailDraft(recordId);
      } catch (e) {
        finished.current = false;
        throw e;
      }
    });
  }, [recordId, stopTimer, enqueue]);

  /** Send now (`sendAt` null) or at a time (R17); the draft goes with it. */
  const send = useCallback(
    async (sendAt: string | null): Promise<CommandDone> => {
      stopTimer();
      return enqueue(async () => {
        if (!base.current || !latest.current) throw new Error("The email is not loaded yet.");
        finished.current = true;
        try {
          return await sendEmail({ draft: draftOf(base.current, latest.current), sendAt });
        } catch (e) {
          finished.current = false;
          // What was typed since the last save is still saved.
          if (version.current !== saved.current) {
            timer.current = window.setTimeout(() => void flush(), AUTOSAVE_MS);
          }
          throw e;
        }
      });
    },
    [flush, stopTimer, enqueue],
  );

  const retry = useCallback(() => {
    setLoadError(null);
    setAttempt((n) => n + 1);
  }, []);

  return {
    composer,
    loadError,
    fields,
    /** When this composer last saved the draft (ISO). */
    savedAt,
    saveError,
    change,
    normalize,
    flush,
    keep,
    hasDraft,
    discard,
    send,
    retry,
  };
}

export type EmailDraftState = ReturnType<typeof useEmailDraft>;
