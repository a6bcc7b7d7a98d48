import { useCallback, useEffect, useRef } from "react";
import { takeCallLink, type CallLink } from "../../../ipc/commands";
import { useBackendEvent } from "../../../ipc/useBackendEvent";

/**
 * Calls `onLink` with the tel:, callto: or sip: link Nextline was started with, and with every
 * one a second launch hands over (the `call-link` event). Each is taken with `take_call_link`,
 * so a link is used once however often the window asks. Mount once.
 */
export function useCallLinks(onLink: (link: CallLink) => void): void {
  const latest = useRef(onLink);
  useEffect(() => {
    latest.current = onLink;
  });

  const take = useCallback(() => {
    takeCallLink().then(
      (link) => {
        if (link) latest.current(link);
      },
      () => {
        // A back end without call links: nothing to take.
      },
    );
  }, []);

  // The link Nextline was started with is taken once the event is listened to: one handed
  // over meanwhile is then either taken now or announced by an event that is heard.
  useBackendEvent<CallLink>("call-link", take, take);
}
