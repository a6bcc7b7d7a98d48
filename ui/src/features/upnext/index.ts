export { ActivityFeedbackProvider } from "./components/ActivityFeedbackProvider";
export { UpNextPanel } from "./components/UpNextPanel";
export type { UpNextHandle, UpNextPanelProps } from "./components/UpNextPanel";
export { UNDO_MS } from "./hooks/useDeferredSkip";
