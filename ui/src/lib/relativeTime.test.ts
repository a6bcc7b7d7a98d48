import { describe, expect, it } from "vitest";
import { formatClockTime, formatRelative } from "./relativeTime";

const now = new Date("2025-06-11T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("formatRelative", () => {
  it.each([
    [0, "now"],
    [20, "now"],
    [5 * 60, "in 5 minutes"],
    [-30 * 60, "30 minutes ago"],
    [2 * 3600, "in 2 hours"],
    [-5 * 3600, "5 hours ago"],
    [24 * 3600, "tomorrow"],
    [-3 * 86400, "3 days ago"],
    [14 * 86400, "in 2 weeks"],
    [-90 * 86400, "3 months ago"],
    [400 * 86400, "next year"],
  ])("%i s -> %s", (seconds, expected) => {
    expect(formatRelative(at(seconds), now, "en")).toBe(expected);
  });

  it("speaks Greek", () => {
    expect(formatRelative(at(2 * 3600), now, "el")).toBe("σε 2 ώρες");
    expect(formatRelative(at(-3 * 86400), now, "el")).toBe("πριν από 3 ημέρες");
  });
});

describe("formatClockTime", () => {
  it("shows the local time of day on a 24-hour clock, in either language", () => {
    const morning = new Date(2025, 5, 12, 8, 5);
    const evening = new Date(2025, 5, 12, 20, 30);
    expect(formatClockTime(morning, "en")).toBe("08:05");
    expect(formatClockTime(evening, "en")).toBe("20:30");
    expect(formatClockTime(evening, "el")).toBe("20:30");
  });
});
