export { TimelinePanel } from "./components/TimelinePanel";
export type { TimelinePanelProps } from "./components/TimelinePanel";
export { ScheduledEmails } from "./components/ScheduledEmails";
export { pendingEmails } from "./hooks/pendingEmails";
