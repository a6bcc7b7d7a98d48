import { useEffect, useRef } from "react";

type Listener = () => void;

const listeners = new Set<Listener>();

/** Settings → Email saved: an open composer checks again whether it can send. */
export function notifyEmailSettingsSaved(): void {
  for (const listener of [...listeners]) listener();
}

/** Calls `onSaved` whenever Settings → Email is saved, until the component unmounts. */
export function useEmailSettingsSaved(onSaved: Listener): void {
  const latest = useRef(onSaved);
  useEffect(() => {
    latest.current = onSaved;
  });
  useEffect(() => {
    const listener = () => latest.current();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
