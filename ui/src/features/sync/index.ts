export { SyncIndicator } from "./components/SyncIndicator";
export { CRM_NAME } from "./crmName";
export { useSync, useSyncEvents } from "./hooks/useSync";
export type { SyncState } from "./hooks/useSync";
