import { describe, expect, it } from "vitest";
import { formatShortDateTime } from "./shortDateTime";

// Local times, so the tests read the same in every time zone.
const now = new Date(2025, 5, 11, 10, 0); // Wednesday 11 June 2025, 10:00

describe("formatShortDateTime", () => {
  it("says the weekday and time within the week", () => {
    expect(formatShortDateTime(new Date(2025, 5, 16, 8, 0), now, "en")).toBe("Mon 08:00");
    expect(formatShortDateTime(new Date(2025, 5, 16, 8, 0), now, "el")).toBe("Δευ 08:00");
    expect(formatShortDateTime(new Date(2025, 5, 17, 23, 0), now, "en")).toBe("Tue 23:00");
    expect(formatShortDateTime(new Date(2025, 5, 9, 17, 5), now, "en")).toBe("Mon 17:05");
  });

  it("adds the date further off, and the year when it is another one", () => {
    expect(formatShortDateTime(new Date(2025, 5, 18, 10, 0), now, "en")).toBe("Wed, Jun 18, 10:00");
    expect(formatShortDateTime(new Date(2025, 5, 5, 9, 0), now, "en")).toBe("Thu, Jun 5, 09:00");
    expect(formatShortDateTime(new Date(2026, 0, 5, 9, 30), now, "en")).toBe(
      "Mon, Jan 5, 2026, 09:30",
    );
  });
});
