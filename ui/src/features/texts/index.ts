export { ConversationPane } from "./lazy";
export type { ConversationPaneProps } from "./components/ConversationPane";
export { useConversationPane, textStepOf } from "./hooks/useConversationPane";
export type { ConversationRequest } from "./hooks/useConversationPane";
export { useOpenConversationEvents } from "./hooks/useOpenConversationEvents";
