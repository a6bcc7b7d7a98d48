import { useEffect, useRef } from "react";
import { isOwnedKeyTarget } from "../../../lib/typingTarget";
import { isKeypadKey } from "./phoneNumber";

/**
 * While `enabled`, the keyboard's 0–9, * and # press the call's keypad — unless the seller is
 * typing somewhere (a field, a dialog, a list).
 */
export function useKeypadKeys(enabled: boolean, onKey: (key: string) => void): void {
  const latest = useRef(onKey);
  useEffect(() => {
    latest.current = onKey;
  });

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (!isKeypadKey(event.key) || isOwnedKeyTarget(event.target)) return;
      event.preventDefault();
      latest.current(event.key);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
