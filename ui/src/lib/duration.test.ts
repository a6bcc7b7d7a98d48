import { describe, expect, it } from "vitest";
import { formatClock, formatDuration } from "./duration";

describe("formatDuration", () => {
  it.each([
    [2880, "2 days"],
    [1440, "1 day"],
    [180, "3 hours"],
    [90, "1.5 hours"],
    [45, "45 minutes"],
  ])("%i minutes -> %s", (minutes, expected) => {
    expect(formatDuration(minutes, "en")).toBe(expected);
  });

  it("speaks Greek", () => {
    expect(formatDuration(2880, "el")).toBe("2 ημέρες");
  });
});

describe("formatClock", () => {
  it.each([
    [0, "0:00"],
    [7, "0:07"],
    [192, "3:12"],
    [3723, "1:02:03"],
    [-5, "0:00"],
  ])("%i seconds -> %s", (seconds, expected) => {
    expect(formatClock(seconds)).toBe(expected);
  });
});
