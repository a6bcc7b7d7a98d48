export { ShortcutsDialog } from "./lazy";
export { useShortcuts } from "./hooks/useShortcuts";
export type { ShortcutHandlers } from "./hooks/useShortcuts";
