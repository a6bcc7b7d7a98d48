/** Reads a remembered value from `localStorage`; `fallback` when missing, unreadable or invalid. */
export function loadStored<T>(key: string, fallback: T, valid: (value: unknown) => value is T): T {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return fallback;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

/** Remembers a value between launches; a full or disabled storage is not an error. */
export function saveStored(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full disk: the setting just isn't remembered.
  }
}
