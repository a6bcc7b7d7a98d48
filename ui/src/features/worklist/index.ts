export { WorkList } from "./components/WorkList";
