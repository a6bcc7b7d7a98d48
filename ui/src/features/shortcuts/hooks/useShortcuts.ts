import { useEffect, useRef } from "react";
import { isOwnedKeyTarget } from "../../../lib/typingTarget";
import { shortcutFor, type ShortcutAction } from "./shortcutKeys";

export type ShortcutHandlers = Partial<Record<ShortcutAction, (event: KeyboardEvent) => void>>;

/** Arrows and Enter belong to whatever has the focus, except the page itself and the list. */
function arrowsAreOurs(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target === document.body || target === document.documentElement) return true;
  return target.getAttribute("role") === "row" || target.getAttribute("role") === "grid";
}

/**
 * The window's keyboard shortcuts. They never fire while the seller types in a field, or
 * inside an open dialog or menu.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (isOwnedKeyTarget(event.target)) return;
      const action = shortcutFor(event);
      if (!action) return;
      const isArrowOrEnter = event.key.startsWith("Arrow") || event.key === "Enter";
      if (isArrowOrEnter && !arrowsAreOurs(event.target)) return;
      const handler = latest.current[action];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
