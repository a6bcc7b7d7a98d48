export { TimelinePanel } from "./components/TimelinePanel";
export type { TimelinePanelProps } from "./components/TimelinePanel";
