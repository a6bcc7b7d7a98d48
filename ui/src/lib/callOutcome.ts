import type { TFunction } from "i18next";
import type { CallOutcome } from "../ipc/commands";
import { formatClock } from "./duration";

/**
 * How a call ended, in the seller's words: "Call ended · 3:12", "Line busy", "Didn't
 * connect: the number does not exist (SIP 404)".
 */
export function callOutcomeText(
  outcome: CallOutcome,
  durationSecs: number | null,
  t: TFunction,
): string {
  switch (outcome.kind) {
    case "answered":
      return durationSecs === null
        ? t("common.callOutcome.answered")
        : t("common.callOutcome.answeredFor", { duration: formatClock(durationSecs) });
    case "failed":
      return outcome.code > 0
        ? t("common.callOutcome.failed", { reason: outcome.reason, code: outcome.code })
        : t("common.callOutcome.failedNoCode", { reason: outcome.reason });
    default:
      return t(`common.callOutcome.${outcome.kind}`);
  }
}
