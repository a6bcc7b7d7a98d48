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
      // The SIP code says why in the seller's language; a failure with no code (the network,
      // the sound card) keeps the phone's own words.
      return outcome.code > 0
        ? t("common.callOutcome.failed", {
            reason: t(`common.sipCause.${sipCause(outcome.code)}`),
            code: outcome.code,
          })
        : t("common.callOutcome.failedNoCode", { reason: outcome.reason });
    default:
      return t(`common.callOutcome.${outcome.kind}`);
  }
}

/** The kind of failure a SIP status code means (as the phone classifies it). */
export function sipCause(code: number): string {
  if ([404, 484, 604].includes(code)) return "notFound";
  if ([410, 502, 503, 504].includes(code)) return "unavailable";
  if (code === 403) return "forbidden";
  if (code === 401 || code === 407) return "wrongPassword";
  if ([415, 488, 606].includes(code)) return "mediaRefused";
  if (code >= 300 && code < 400) return "moved";
  if (code >= 500 && code < 600) return "serverError";
  return "other";
}
