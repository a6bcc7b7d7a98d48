export { CallFlow } from "./lazy";
export type { CallRequest } from "./hooks/callRequest";
