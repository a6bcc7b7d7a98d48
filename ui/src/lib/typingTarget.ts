/**
 * Whether a key press belongs to something else than the global shortcuts: a text field,
 * an open dialog, menu or list box, which all use letters and arrows themselves.
 */
export function isOwnedKeyTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return true;
  return (
    target.closest(
      '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [role="combobox"], [role="textbox"]',
    ) !== null
  );
}
