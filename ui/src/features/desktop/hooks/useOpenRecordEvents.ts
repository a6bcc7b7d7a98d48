import type { OpenRecord } from "../../../ipc/commands";
import { useBackendEvent } from "../../../ipc/useBackendEvent";

/**
 * Calls `onOpen` whenever the seller clicks a reminder or a tray item (the `open-record`
 * event): show that record and, with `call` (the reminder's Call button), call its contact.
 */
export function useOpenRecordEvents(onOpen: (record: string, call: boolean) => void): void {
  useBackendEvent<OpenRecord>("open-record", (open) => onOpen(open.record, open.call === true));
}
