import { notifyChanged } from "../../../ipc/changes";
import { conversation, type Conversation } from "../../../ipc/commands";
import { useBackendEvent } from "../../../ipc/useBackendEvent";
import { useLive } from "../../../ipc/useLive";

/** What the `text-arrived` and `open-conversation` events carry. */
export type ConversationEvent = { record: string };

/**
 * The conversation of one record (R21), live: loaded again, quietly, when the record changes
 * (a message sent, its delivery state, a reply) and when a reply arrives for it.
 */
export function useConversation(recordId: string) {
  const live = useLive<Conversation>(recordId, conversation);
  useBackendEvent<ConversationEvent>("text-arrived", (arrived) => {
    // Every view of the record refreshes: the reply is on its timeline too.
    if (arrived.record === recordId) notifyChanged([recordId]);
  });
  return live;
}
