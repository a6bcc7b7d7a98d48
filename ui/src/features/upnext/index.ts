export { ActivityFeedbackProvider } from "./components/ActivityFeedbackProvider";
export { useFeedback } from "./hooks/feedback";
export { CompleteDialog } from "./components/lazyDialogs";
export { UpNextPanel } from "./components/UpNextPanel";
export type { UpNextHandle, UpNextPanelProps } from "./components/UpNextPanel";
export { UNDO_MS } from "./hooks/useDeferredSkip";
