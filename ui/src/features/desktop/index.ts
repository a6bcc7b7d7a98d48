export { useCallLinks } from "./hooks/useCallLinks";
export { useOpenRecordEvents } from "./hooks/useOpenRecordEvents";
