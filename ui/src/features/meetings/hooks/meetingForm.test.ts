import { describe, expect, it } from "vitest";
import { makeUpNext } from "../../../test/fixtures";
import { createMeetingCommand, initialForm, nextFullHour, parseAttendees } from "./meetingForm";

describe("the new meeting form", () => {
  it("starts at the next full hour", () => {
    expect(nextFullHour(new Date(2025, 5, 11, 10, 20))).toEqual(new Date(2025, 5, 11, 11, 0));
    expect(nextFullHour(new Date(2025, 5, 11, 10, 0))).toEqual(new Date(2025, 5, 11, 11, 0));
    expect(nextFullHour(new Date(2025, 5, 11, 23, 45))).toEqual(new Date(2025, 5, 12, 0, 0));
  });

  it("opens with the contact's address, 30 minutes and the next hour", () => {
    const { record } = makeUpNext();
    const form = initialForm(record, "Meeting with Maria", new Date(2025, 5, 11, 10, 20));
    expect(form).toEqual({
      subject: "Meeting with Maria",
      start: "2025-06-11T11:00",
      durationMinutes: 30,
      attendees: "maria@aegean-olive.example",
      location: "",
      description: "",
      joinUrl: "",
    });
    const noEmail = { ...record, contact: { ...record.contact, email: null } };
    expect(initialForm(noEmail, "x", new Date()).attendees).toBe("");
  });

  it("splits attendees at commas, semicolons and new lines", () => {
    expect(parseAttendees(" maria@acme.gr, Nikos;\n eleni@acme.gr ,, ")).toEqual([
      "maria@acme.gr",
      "Nikos",
      "eleni@acme.gr",
    ]);
  });

  it("makes the createMeeting command, with no link when none was pasted", () => {
    const start = new Date(2025, 5, 12, 9, 30);
    const command = createMeetingCommand("m-1", "lead-1", {
      subject: "  Demo ",
      start: "2025-06-12T09:30",
      durationMinutes: 45,
      attendees: "maria@acme.gr",
      location: " Athens office ",
      description: " Bring samples ",
      joinUrl: "  ",
    });
    expect(command).toEqual({
      command: "createMeeting",
      meeting: "m-1",
      record: "lead-1",
      subject: "Demo",
      start: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
      durationMinutes: 45,
      location: "Athens office",
      attendees: ["maria@acme.gr"],
      description: "Bring samples",
      joinUrl: null,
    });
    expect(
      createMeetingCommand("m-1", "lead-1", {
        ...initialForm(makeUpNext().record, "x", start),
        start: "",
      }),
    ).toBeNull();
  });
});
