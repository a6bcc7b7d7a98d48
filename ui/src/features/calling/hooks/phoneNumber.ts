/**
 * A number as typed or pasted, kept to what can be dialled: digits, `*` and `#`, and a `+`
 * at the start only. "+30 (210) 123-4567 ext" becomes "+302101234567". A SIP address
 * ("sip:maria@pbx.example.com", from a sip: link) is kept as it is, without spaces.
 */
export function normaliseNumber(input: string): string {
  const trimmed = input.trim();
  if (/^sips?:/i.test(trimmed)) return trimmed.replace(/\s/g, "");
  const plus = trimmed.startsWith("+") ? "+" : "";
  return plus + trimmed.replace(/[^0-9*#]/g, "");
}

/** Keypad keys, in the order a phone lays them out. */
export const KEYPAD_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

export function isKeypadKey(key: string): boolean {
  return (KEYPAD_KEYS as readonly string[]).includes(key);
}
