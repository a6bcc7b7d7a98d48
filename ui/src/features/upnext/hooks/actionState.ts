import type { ActionState, ActivityAction, ActivityView } from "../../../ipc/commands";

/** The state of one action on an activity; an action the back end didn't list is not allowed. */
export function actionState(view: ActivityView, action: ActivityAction): ActionState {
  return (
    view.actions.find((a) => a.action === action) ?? {
      action,
      allowed: false,
      code: null,
      reason: null,
    }
  );
}
