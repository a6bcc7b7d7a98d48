import { useState } from "react";
import type { CallInfo } from "../../../ipc/commands";
import type { CallRequest } from "../hooks/callRequest";
import { useDialPlan } from "../hooks/useDialPlan";
import { CallPanel } from "./CallPanel";
import { DoNotPhoneDialog } from "./DoNotPhoneDialog";

export type CallFlowProps = {
  request: CallRequest;
  recentNumbers: string[];
  /** The call is dialling: the call panel follows it from here. */
  onPlaced: (call: CallInfo) => void;
  /** Opens Settings on the phone section. */
  onSetUp: () => void;
  onClose: () => void;
};

/**
 * The calling entry point: the do-not-phone warning first when the contact asked for it,
 * then the call panel. Remount (with a `key`) for each new request.
 */
export function CallFlow({ request, recentNumbers, onPlaced, onSetUp, onClose }: CallFlowProps) {
  const state = useDialPlan(request);
  const [confirmed, setConfirmed] = useState(false);

  // The plan is local and quick: show nothing until it is known, so the warning comes first.
  if (state.status === "loading") return null;
  if (state.plan?.warnings.includes("doNotPhone") && !confirmed) {
    return (
      <DoNotPhoneDialog
        contactName={request.contactName}
        onContinue={() => setConfirmed(true)}
        onCancel={onClose}
      />
    );
  }
  return (
    <CallPanel
      request={request}
      plan={state.plan}
      error={state.error}
      doNotPhoneConfirmed={confirmed}
      recentNumbers={recentNumbers}
      onPlaced={onPlaced}
      onSetUp={onSetUp}
      onClose={onClose}
    />
  );
}
