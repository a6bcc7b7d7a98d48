/** Every global shortcut: what it does, and the keys that do it. */
export type ShortcutAction =
  | "next"
  | "previous"
  | "open"
  | "call"
  | "email"
  | "text"
  | "complete"
  | "snooze"
  | "skip"
  | "note"
  | "assign"
  | "search"
  | "help";

export const SHORTCUTS: { action: ShortcutAction; keys: string[] }[] = [
  { action: "next", keys: ["j", "ArrowDown"] },
  { action: "previous", keys: ["k", "ArrowUp"] },
  { action: "open", keys: ["Enter"] },
  { action: "call", keys: ["c"] },
  { action: "email", keys: ["e"] },
  { action: "text", keys: ["t"] },
  { action: "complete", keys: ["d"] },
  { action: "snooze", keys: ["s"] },
  { action: "skip", keys: ["x"] },
  { action: "note", keys: ["n"] },
  { action: "assign", keys: ["a"] },
  { action: "search", keys: ["/"] },
  { action: "help", keys: ["?"] },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

/** The action a key press asks for, or null. */
export function shortcutFor(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">,
): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  // "?" is Shift+/ on most layouts: take the character, whatever made it.
  return BY_KEY.get(event.key === "?" ? "?" : key) ?? null;
}
