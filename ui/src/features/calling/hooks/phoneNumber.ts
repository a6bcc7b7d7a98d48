/**
 * A number as typed or pasted, kept to what can be dialled: digits, `*` and `#`, and a `+`
 * at the start only. "+30 (210) 123-4567 ext" becomes "+302101234567".
 */
export function normaliseNumber(input: string): string {
  const trimmed = input.trim();
  const plus = trimmed.startsWith("+") ? "+" : "";
  return plus + trimmed.replace(/[^0-9*#]/g, "");
}

/** Keypad keys, in the order a phone lays them out. */
export const KEYPAD_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

export function isKeypadKey(key: string): boolean {
  return (KEYPAD_KEYS as readonly string[]).includes(key);
}
