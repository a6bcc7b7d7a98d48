import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TimelineEntry } from "../../../ipc/commands";
import { NOW, hoursFromNow, makeDirectory, makeTimeline } from "../../../test/fixtures";
import { mockBackend, renderWithProviders } from "../../../test/render";
import { TimelinePanel } from "./TimelinePanel";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const MORE: TimelineEntry[] = [
  {
    id: "t9",
    record: "lead-1",
    at: hoursFromNow(-0.5),
    author: "user-2",
    event: {
      kind: "assigned",
      activity: "act-1",
      subject: "Intro call",
      from: { kind: "user", id: "user-me" },
      to: { kind: "team", id: "team-1" },
    },
  },
  {
    id: "t8",
    record: "lead-1",
    at: hoursFromNow(-0.7),
    author: "user-2",
    event: { kind: "ownerChanged", from: "user-me", to: "user-2" },
  },
];

describe("TimelinePanel", () => {
  it("lists what happened, newest first, with who and when", async () => {
    mockBackend({ timeline: [...MORE, ...makeTimeline()] });
    renderWithProviders(<TimelinePanel recordId="lead-1" directory={makeDirectory()} />);
    const items = await screen.findAllByTestId("timeline-item");
    expect(items.map((i) => i.dataset.kind)).toEqual([
      "assigned",
      "ownerChanged",
      "noteAdded",
      "completed",
      "skipped",
    ]);
    expect(items[0]).toHaveTextContent(
      "“Intro call” assigned to Inside sales (was Nikos Georgiou)",
    );
    expect(items[0]).toHaveTextContent("by Eleni Kosta · 30 minutes ago");
    expect(items[1]).toHaveTextContent("Owner changed from Nikos Georgiou to Eleni Kosta");
    expect(items[2]).toHaveTextContent("Asked for a callback on Friday.");
    expect(items[3]).toHaveTextContent("Phone call completed: First contact");
    expect(items[4]).toHaveTextContent("Email skipped: Welcome email");
  });

  it("filters by kind", async () => {
    mockBackend({ timeline: makeTimeline() });
    renderWithProviders(<TimelinePanel recordId="lead-1" directory={makeDirectory()} />);
    await screen.findAllByTestId("timeline-item");
    await userEvent.click(screen.getByTestId("timeline-filter"));
    await userEvent.click(await screen.findByRole("option", { name: "Notes" }));
    await waitFor(() => expect(screen.getAllByTestId("timeline-item")).toHaveLength(1));
    expect(screen.getByTestId("timeline-item")).toHaveAttribute("data-kind", "noteAdded");

    await userEvent.click(screen.getByTestId("timeline-filter"));
    await userEvent.click(await screen.findByRole("option", { name: "Snoozed" }));
    expect(await screen.findByTestId("timeline-empty")).toHaveTextContent("Nothing of this kind");
  });

  it("tells the calls placed, taken and how they ended", async () => {
    const at = (h: number) => hoursFromNow(h);
    const call = (id: string, hours: number, event: TimelineEntry["event"]): TimelineEntry => ({
      id,
      record: "lead-1",
      at: at(hours),
      author: "user-me",
      event,
    });
    mockBackend({
      timeline: [
        call("c6", -0.1, {
          kind: "callEnded",
          activity: "c-3",
          outcome: { kind: "failed", code: 404, reason: "the number does not exist" },
          durationSecs: null,
        }),
        call("c5", -0.2, {
          kind: "callPlaced",
          activity: "c-3",
          direction: "incoming",
          number: "+306912345678",
          subject: "",
        }),
        call("c4", -0.3, {
          kind: "callEnded",
          activity: "c-2",
          outcome: { kind: "busy" },
          durationSecs: null,
        }),
        call("c3", -0.4, {
          kind: "callEnded",
          activity: "c-1",
          outcome: { kind: "answered" },
          durationSecs: 192,
        }),
        call("c2", -0.5, {
          kind: "callPlaced",
          activity: "c-1",
          direction: "outgoing",
          number: "+302101234567",
          subject: "Intro call about bulk orders",
        }),
      ],
    });
    renderWithProviders(<TimelinePanel recordId="lead-1" directory={makeDirectory()} />);
    const items = await screen.findAllByTestId("timeline-item");
    expect(items.map((i) => i.dataset.kind)).toEqual([
      "callEnded",
      "callPlaced",
      "callEnded",
      "callEnded",
      "callPlaced",
    ]);
    expect(items[0]).toHaveTextContent("Didn't connect: the number does not exist (SIP 404)");
    expect(items[1]).toHaveTextContent("Call from +306912345678");
    expect(items[2]).toHaveTextContent("Line busy");
    expect(items[3]).toHaveTextContent("Call ended · 3:12");
    expect(items[4]).toHaveTextContent("Called +302101234567");
    expect(items[4]).toHaveTextContent("Intro call about bulk orders");

    await userEvent.click(screen.getByTestId("timeline-filter"));
    await userEvent.click(await screen.findByRole("option", { name: "Calls" }));
    await waitFor(() => expect(screen.getAllByTestId("timeline-item")).toHaveLength(2));
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    mockBackend({ timeline: makeTimeline() });
    renderWithProviders(<TimelinePanel recordId="lead-1" directory={makeDirectory()} />);
    const items = await screen.findAllByTestId("timeline-item");
    expect(within(items[0]).getByText("Προστέθηκε σημείωση")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent("Ολοκληρώθηκε (Τηλεφωνική κλήση): First contact");
  });
});

/** Local times, so the words read the same in every time zone (NOW is a Wednesday). */
const MONDAY_8 = new Date(2025, 5, 16, 8, 0);
const TUESDAY_10 = new Date(2025, 5, 17, 10, 0);

const entry = (id: string, hours: number, event: TimelineEntry["event"]): TimelineEntry => ({
  id,
  record: "lead-1",
  at: hoursFromNow(hours),
  author: "user-me",
  event,
});

const OUTREACH: TimelineEntry[] = [
  entry("o5", -0.1, {
    kind: "meetingCreated",
    activity: "meet-1",
    subject: "Price list walkthrough",
    start: TUESDAY_10.toISOString(),
  }),
  entry("o4", -0.2, {
    kind: "textReceived",
    activity: "text-2",
    from: "+306912345678",
    body: "Thursday works for me.",
  }),
  entry("o3", -0.3, {
    kind: "textSent",
    activity: "text-1",
    to: "+306912345678",
    body: "Can we meet next week?",
  }),
  entry("o2", -0.4, {
    kind: "emailSent",
    activity: "mail-1",
    subject: "Our price list",
    to: ["maria@acme.gr", "buyer@acme.gr"],
  }),
  entry("o1", -0.5, {
    kind: "emailScheduled",
    activity: "mail-2",
    subject: "Following up",
    at: MONDAY_8.toISOString(),
  }),
];

describe("TimelinePanel: emails, texts and meetings", () => {
  it("tells what was emailed, texted and set up", async () => {
    mockBackend({ timeline: OUTREACH });
    renderWithProviders(<TimelinePanel recordId="lead-1" directory={makeDirectory()} />);
    const items = await screen.findAllByTestId("timeline-item");
    expect(items.map((i) => i.dataset.kind)).toEqual([
      "meetingCreated",
      "textReceived",
      "textSent",
      "emailSent",
      "emailScheduled",
    ]);
    expect(items[0]).toHaveTextContent("Meeting set up for Tue 10:00: Price list walkthrough");
    expect(items[1]).toHaveTextContent("Text from +306912345678: Thursday works for me.");
    expect(items[2]).toHaveTextContent("Text to +306912345678: Can we meet next week?");
    expect(items[3]).toHaveTextContent(
      "Email sent to maria@acme.gr, buyer@acme.gr: Our price list",
    );
    expect(items[4]).toHaveTextContent("Email scheduled for Mon 08:00: Following up");

    await userEvent.click(screen.getByTestId("timeline-filter"));
    await userEvent.click(await screen.findByRole("option", { name: "Texts received" }));
    await waitFor(() => expect(screen.getAllByTestId("timeline-item")).toHaveLength(1));
  });

  it("tells them in Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    mockBackend({ timeline: OUTREACH });
    renderWithProviders(<TimelinePanel recordId="lead-1" directory={makeDirectory()} />);
    const items = await screen.findAllByTestId("timeline-item");
    expect(items[0]).toHaveTextContent("Ορίστηκε σύσκεψη για Τρί 10:00: Price list walkthrough");
    expect(items[1]).toHaveTextContent("Μήνυμα από +306912345678: Thursday works for me.");
    expect(items[2]).toHaveTextContent("Μήνυμα προς +306912345678: Can we meet next week?");
    expect(items[3]).toHaveTextContent(
      "Στάλθηκε email σε maria@acme.gr, buyer@acme.gr: Our price list",
    );
    expect(items[4]).toHaveTextContent("Προγραμματίστηκε email για Δευ 08:00: Following up");
  });
});
