export { WorkList } from "./components/WorkList";
export type { WorkListHandle, WorkListProps } from "./components/WorkList";
export type { QuickAction } from "./components/QuickActions";
