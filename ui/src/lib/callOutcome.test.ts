import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { callOutcomeText } from "./callOutcome";

describe("callOutcomeText", () => {
  it("says why a call did not connect in the seller's language, from the SIP code", async () => {
    const notFound = { kind: "failed" as const, code: 404, reason: "the number does not exist" };
    await i18n.changeLanguage("en");
    expect(callOutcomeText(notFound, null, i18n.t)).toBe(
      "Didn't connect: the number does not exist (SIP 404)",
    );
    await i18n.changeLanguage("el");
    expect(callOutcomeText(notFound, null, i18n.t)).toBe(
      "Δεν συνδέθηκε: ο αριθμός δεν υπάρχει (SIP 404)",
    );
    // With no SIP code (the network, the sound card) the phone's own words stay.
    expect(
      callOutcomeText({ kind: "failed", code: 0, reason: "media timeout" }, null, i18n.t),
    ).toBe("Δεν συνδέθηκε: media timeout");
    expect(callOutcomeText({ kind: "answered" }, 192, i18n.t)).toBe("Η κλήση τελείωσε · 3:12");
    await i18n.changeLanguage("en");
  });
});
