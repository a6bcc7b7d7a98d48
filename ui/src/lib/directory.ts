import type { Assignee, DirectoryView } from "../ipc/commands";

/** A user's name from the directory, or their id when the directory doesn't know them. */
export function userName(directory: DirectoryView | null, id: string): string {
  return directory?.users.find((u) => u.id === id)?.name ?? id;
}

/** The name of whoever an activity is assigned to: a user or a team. */
export function assigneeName(directory: DirectoryView | null, assignee: Assignee): string {
  if (assignee.kind === "user") return userName(directory, assignee.id);
  return directory?.teams.find((t) => t.id === assignee.id)?.name ?? assignee.id;
}
