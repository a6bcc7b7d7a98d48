/**
 * What the seller typed and didn't send yet, per record, for as long as the window is open:
 * closing the pane or going to another record doesn't lose it.
 */
const drafts = new Map<string, string>();

export function draftOf(record: string): string {
  return drafts.get(record) ?? "";
}

export function keepDraft(record: string, body: string): void {
  if (body === "") drafts.delete(record);
  else drafts.set(record, body);
}

/** Forgets every unsent message (tests start afresh). */
export function forgetDrafts(): void {
  drafts.clear();
}
