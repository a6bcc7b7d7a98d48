import { useCallback, useRef, useState } from "react";
import { placeCall, type CallInfo, type PlaceCallRequest } from "../../../ipc/commands";

/** Places a call: busy while the back end dials, its refusal kept to show. */
export function usePlaceCall(onPlaced: (call: CallInfo) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);

  const place = useCallback(
    async (request: PlaceCallRequest) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        const call = await placeCall(request);
        running.current = false;
        setBusy(false);
        onPlaced(call);
      } catch (e) {
        running.current = false;
        setBusy(false);
        setError(e);
      }
    },
    [onPlaced],
  );

  return { place, busy, error };
}
