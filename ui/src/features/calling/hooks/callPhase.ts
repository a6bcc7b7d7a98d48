import type { CallInfo, CallPhase, CallQualityScore } from "../../../ipc/commands";

/** A call the seller can still hang up. */
export function isLive(phase: CallPhase): boolean {
  return phase !== "ended" && phase !== "incoming";
}

/** Talking (or on hold): mute, hold and the keypad make sense. */
export function isTalking(phase: CallPhase): boolean {
  return phase === "connected" || phase === "onHold";
}

/** The call the panel leads with: one ringing in, else one going on, else the first. */
export function leadingCall(calls: CallInfo[]): CallInfo | null {
  return (
    calls.find((c) => c.phase === "incoming") ??
    calls.find((c) => c.phase !== "ended") ??
    calls[0] ??
    null
  );
}

export type QualityLevel = "good" | "fair" | "poor";

/** Good from a MOS of 4.0, fair from 3.6, poor below. */
export function qualityLevel(quality: CallQualityScore): QualityLevel {
  if (quality.mosX100 >= 400) return "good";
  if (quality.mosX100 >= 360) return "fair";
  return "poor";
}

/** A MOS × 100 as people read it: 430 → "4.3". */
export function formatMos(mosX100: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(mosX100 / 100);
}
