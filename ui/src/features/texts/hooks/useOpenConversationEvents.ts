import { useBackendEvent } from "../../../ipc/useBackendEvent";
import type { ConversationEvent } from "./useConversation";

/**
 * Calls `onOpen` whenever the seller clicks the notification of a reply (the
 * `open-conversation` event): show that record with its conversation pane open.
 */
export function useOpenConversationEvents(onOpen: (record: string) => void): void {
  useBackendEvent<ConversationEvent>("open-conversation", (open) => onOpen(open.record));
}
