import { describe, expect, it } from "vitest";
import {
  fromLocalInputValue,
  inOneHour,
  nextMondayAtNine,
  toLocalInputValue,
  toRfc3339,
  tomorrowAtNine,
} from "./snoozeTimes";

describe("snooze times", () => {
  const wednesday = new Date(2025, 5, 11, 10, 17, 42);

  it("picks one hour ahead, to the minute", () => {
    expect(inOneHour(wednesday)).toEqual(new Date(2025, 5, 11, 11, 17, 0));
  });

  it("picks tomorrow at nine", () => {
    expect(tomorrowAtNine(wednesday)).toEqual(new Date(2025, 5, 12, 9, 0));
  });

  it("picks next Monday at nine, a week ahead on a Monday", () => {
    expect(nextMondayAtNine(wednesday)).toEqual(new Date(2025, 5, 16, 9, 0));
    expect(nextMondayAtNine(new Date(2025, 5, 16, 8, 0))).toEqual(new Date(2025, 5, 23, 9, 0));
    expect(nextMondayAtNine(new Date(2025, 5, 15, 23, 0))).toEqual(new Date(2025, 5, 16, 9, 0));
  });

  it("round-trips the datetime-local value", () => {
    const at = new Date(2025, 0, 2, 3, 4);
    expect(toLocalInputValue(at)).toBe("2025-01-02T03:04");
    expect(fromLocalInputValue("2025-01-02T03:04")).toEqual(at);
    expect(fromLocalInputValue("2025-01-02 03:04")).toEqual(at);
    expect(fromLocalInputValue("")).toBeNull();
  });

  it("formats RFC 3339 without milliseconds", () => {
    expect(toRfc3339(new Date("2025-06-11T10:00:00.123Z"))).toBe("2025-06-11T10:00:00Z");
  });
});
