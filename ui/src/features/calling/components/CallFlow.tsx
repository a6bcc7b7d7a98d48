import { useState } from "react";
import type { CallRequest } from "../hooks/callRequest";
import { useDialPlan } from "../hooks/useDialPlan";
import { CallPanel } from "./CallPanel";
import { DoNotPhoneDialog } from "./DoNotPhoneDialog";

/**
 * The calling entry point: the do-not-phone warning first when the contact asked for it,
 * then the call panel. Remount (with a `key`) for each new request.
 */
export function CallFlow({ request, onClose }: { request: CallRequest; onClose: () => void }) {
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
      contactName={request.contactName}
      plan={state.plan}
      error={state.error}
      onClose={onClose}
    />
  );
}
