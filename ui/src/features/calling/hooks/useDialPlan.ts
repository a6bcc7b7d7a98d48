import { useEffect, useState } from "react";
import { dialPlan, type DialPlan } from "../../../ipc/commands";
import type { CallRequest } from "./callRequest";

export type DialPlanState =
  { status: "loading" } | { status: "ready"; plan: DialPlan | null; error: unknown };

/**
 * The dial plan for a call request: the preloaded one, or asked from the back end. The
 * request is fixed for the component's life (the call flow is remounted for a new one).
 */
export function useDialPlan(request: CallRequest): DialPlanState {
  const [state, setState] = useState<DialPlanState>(() =>
    request.preloaded
      ? { status: "ready", plan: request.preloaded.plan, error: request.preloaded.error }
      : { status: "loading" },
  );
  const needsFetch = !request.preloaded;
  const recordId = request.recordId;

  useEffect(() => {
    if (!needsFetch) return;
    let current = true;
    dialPlan(recordId).then(
      (plan) => current && setState({ status: "ready", plan, error: null }),
      (error: unknown) => current && setState({ status: "ready", plan: null, error }),
    );
    return () => {
      current = false;
    };
  }, [needsFetch, recordId]);

  return state;
}
