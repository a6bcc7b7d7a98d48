import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../../../app/App";
import type { Activity, ActivityView, Command, MeetingDetails } from "../../../ipc/commands";
import { axeViolations } from "../../../test/axe";
import {
  NOW,
  makeActivityView,
  makeCard,
  makeDirectory,
  makePage,
  makeUpNext,
} from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { ActivityFeedbackProvider, UpNextPanel } from "../../upnext";
import { nextFullHour } from "../hooks/meetingForm";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc";

/** Local times, so what the dialog shows reads the same in every time zone. */
const START = new Date(2025, 5, 17, 10, 0);
const END = new Date(2025, 5, 17, 10, 45);

const DETAILS: MeetingDetails = {
  start: START.toISOString(),
  end: END.toISOString(),
  location: "Aegean Olive Co., Piraeus office",
  attendees: ["maria@aegean-olive.example", "Giorgos (their buyer)"],
  description: "Walk through the bulk price list.\nBring olive oil samples.",
};

const meeting = (overrides: Partial<Activity> = {}, main: "open" | "join" = "open") =>
  makeActivityView(
    {
      id: "meet-1",
      type: "meeting",
      subject: "Price list walkthrough",
      due: START.toISOString(),
      step: null,
      meeting: DETAILS,
      ...overrides,
    },
    {},
    main,
  );

function renderPanel(view: ActivityView, backend: MockBackend = {}) {
  const onMainAction = vi.fn();
  const calls = mockBackend({ upNext: makeUpNext({ active: view }), ...backend });
  renderWithProviders(
    <ActivityFeedbackProvider>
      <UpNextPanel recordId="lead-1" directory={makeDirectory()} onMainAction={onMainAction} />
    </ActivityFeedbackProvider>,
  );
  return { calls, onMainAction };
}

const commands = (calls: ReturnType<typeof mockBackend>) =>
  callsTo(calls, "run_command").map((a) => (a as { command: Command }).command);

/** The `datetime-local` value of a date, as the dialog shows it. */
const localValue = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

async function openNewMeeting() {
  await userEvent.click(await screen.findByTestId("new-meeting"));
  return screen.findByTestId("meeting-dialog");
}

describe("New meeting (R18)", () => {
  it("opens filled in for the record's contact", async () => {
    renderPanel(makeActivityView());
    const dialog = await openNewMeeting();
    expect(within(dialog).getByRole("heading")).toHaveTextContent(
      "New meeting with Maria Papadopoulou",
    );
    expect(within(dialog).getByTestId("meeting-subject")).toHaveValue(
      "Meeting with Maria Papadopoulou",
    );
    expect(within(dialog).getByTestId("meeting-start")).toHaveValue(localValue(nextFullHour(NOW)));
    expect(within(dialog).getByTestId("meeting-duration")).toHaveTextContent("30 minutes");
    expect(within(dialog).getByTestId("meeting-attendees")).toHaveValue(
      "maria@aegean-olive.example",
    );
    expect(dialog).toHaveTextContent(
      "Paste the link from Teams or Outlook (https://teams.microsoft.com/…)",
    );
  });

  it("sends createMeeting with what the seller typed, and closes", async () => {
    const { calls } = renderPanel(makeActivityView());
    const dialog = await openNewMeeting();
    const subject = within(dialog).getByTestId("meeting-subject");
    await userEvent.clear(subject);
    await userEvent.type(subject, "Price list walkthrough");
    const start = within(dialog).getByTestId("meeting-start");
    await userEvent.clear(start);
    await userEvent.type(start, "2025-06-17T10:00");
    await userEvent.click(within(dialog).getByTestId("meeting-duration"));
    await userEvent.click(await screen.findByRole("option", { name: "45 minutes" }));
    await userEvent.type(within(dialog).getByTestId("meeting-attendees"), ", Giorgos");
    await userEvent.type(within(dialog).getByTestId("meeting-location"), "Piraeus office");
    await userEvent.type(within(dialog).getByTestId("meeting-description"), "Bring samples");
    await userEvent.type(within(dialog).getByTestId("meeting-join-url"), TEAMS_LINK);
    await userEvent.click(within(dialog).getByTestId("meeting-save"));

    await waitFor(() => expect(screen.queryByTestId("meeting-dialog")).not.toBeInTheDocument());
    const [command] = commands(calls);
    expect(command).toEqual({
      command: "createMeeting",
      meeting: expect.stringMatching(/^[0-9a-f-]{36}$/),
      record: "lead-1",
      subject: "Price list walkthrough",
      start: START.toISOString().replace(/\.\d{3}Z$/, "Z"),
      durationMinutes: 45,
      location: "Piraeus office",
      attendees: ["maria@aegean-olive.example", "Giorgos"],
      description: "Bring samples",
      joinUrl: TEAMS_LINK,
    });
  });

  it("shows a refusal and keeps what was typed", async () => {
    const message =
      "Paste a Teams meeting link (https://teams.microsoft.com/…), or leave it empty.";
    const { calls } = renderPanel(makeActivityView(), {
      runCommand: { reject: { code: "meeting_link_not_teams", message } },
    });
    const dialog = await openNewMeeting();
    await userEvent.type(within(dialog).getByTestId("meeting-join-url"), "https://zoom.us/j/1");
    await userEvent.click(within(dialog).getByTestId("meeting-save"));

    const error = await within(dialog).findByTestId("meeting-error");
    expect(error).toHaveTextContent("Couldn't set up the meeting");
    expect(error).toHaveTextContent(message);
    expect(within(dialog).getByTestId("meeting-join-url")).toHaveValue("https://zoom.us/j/1");
    expect(within(dialog).getByTestId("meeting-subject")).toHaveValue(
      "Meeting with Maria Papadopoulou",
    );

    // Saving again sends the same meeting id: the meeting is created once.
    await userEvent.click(within(dialog).getByTestId("meeting-save"));
    await waitFor(() => expect(commands(calls)).toHaveLength(2));
    const [first, second] = commands(calls) as Extract<Command, { command: "createMeeting" }>[];
    expect(second.meeting).toBe(first.meeting);

    await userEvent.click(within(dialog).getByTestId("meeting-cancel"));
    expect(screen.queryByTestId("meeting-dialog")).not.toBeInTheDocument();
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    renderPanel(makeActivityView());
    await userEvent.click(await screen.findByRole("button", { name: "Νέα σύσκεψη" }));
    const dialog = await screen.findByTestId("meeting-dialog");
    expect(within(dialog).getByTestId("meeting-subject")).toHaveValue(
      "Σύσκεψη με Maria Papadopoulou",
    );
    expect(within(dialog).getByTestId("meeting-duration")).toHaveTextContent("30 λεπτά");
  });

  it("has no accessibility violations", async () => {
    renderPanel(makeActivityView());
    await openNewMeeting();
    expect(await axeViolations()).toEqual([]);
  });
});

describe("a meeting's details (R18)", () => {
  it("Open shows when, where, who and what about", async () => {
    const { onMainAction } = renderPanel(meeting());
    const main = within(await screen.findByTestId("upnext-active")).getByTestId("action-main");
    expect(main).toHaveTextContent("Open");
    await userEvent.click(main);

    const details = await screen.findByTestId("meeting-details");
    expect(within(details).getByRole("heading")).toHaveTextContent("Price list walkthrough");
    expect(within(details).getByTestId("meeting-details-kind")).toHaveTextContent(/^Meeting$/);
    expect(within(details).getByTestId("meeting-details-when")).toHaveTextContent(
      "Tuesday, June 17, 2025 · 10:00–10:45 (45 minutes)",
    );
    expect(within(details).getByTestId("meeting-details-location")).toHaveTextContent(
      "Aegean Olive Co., Piraeus office",
    );
    const attendees = within(details).getAllByRole("listitem");
    expect(attendees.map((a) => a.textContent)).toEqual([
      "maria@aegean-olive.example",
      "Giorgos (their buyer)",
    ]);
    expect(within(details).getByTestId("meeting-details-description")).toHaveTextContent(
      "Walk through the bulk price list. Bring olive oil samples.",
    );
    expect(within(details).queryByTestId("meeting-join")).not.toBeInTheDocument();
    expect(onMainAction).not.toHaveBeenCalled();

    await userEvent.click(within(details).getByTestId("meeting-details-close"));
    expect(screen.queryByTestId("meeting-details")).not.toBeInTheDocument();
  });

  it("says there are no details for a meeting synced without them", async () => {
    renderPanel(meeting({ meeting: null }));
    await userEvent.click(
      within(await screen.findByTestId("upnext-active")).getByTestId("action-main"),
    );
    const details = await screen.findByTestId("meeting-details");
    expect(within(details).getByTestId("meeting-details-when")).toHaveTextContent(
      "Tuesday, June 17, 2025 · 10:00",
    );
    expect(within(details).getByTestId("meeting-details-none")).toHaveTextContent("No details");
    expect(within(details).queryByTestId("meeting-details-attendees")).not.toBeInTheDocument();
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    renderPanel(meeting());
    await userEvent.click(
      within(await screen.findByTestId("upnext-active")).getByTestId("action-main"),
    );
    const details = await screen.findByTestId("meeting-details");
    expect(details).toHaveTextContent("Τρίτη 17 Ιουνίου 2025 · 10:00–10:45 (45 λεπτά)");
    expect(details).toHaveTextContent("Συμμετέχοντες");
  });

  it("has no accessibility violations", async () => {
    renderPanel(meeting({ joinUrl: TEAMS_LINK }, "join"));
    await userEvent.click(await screen.findByTestId("meeting-open-details"));
    await screen.findByTestId("meeting-details");
    expect(await axeViolations()).toEqual([]);
  });
});

describe("a Teams meeting's details (R18)", () => {
  const backend: MockBackend = {
    workList: makePage([
      makeCard({
        activityId: "meet-1",
        activityType: "meeting",
        teamsMeeting: true,
        due: START.toISOString(),
      }),
    ]),
    upNext: makeUpNext({ active: meeting({ joinUrl: TEAMS_LINK }, "join") }),
  };

  it("opens from the meeting's title, and Join opens the meeting", async () => {
    const calls = mockBackend(backend);
    renderWithProviders(<App />);
    await userEvent.click((await screen.findAllByTestId("worklist-card"))[0]);
    const active = await screen.findByTestId("upnext-active");
    expect(within(active).getByTestId("action-main")).toHaveTextContent("Join");
    await userEvent.click(within(active).getByTestId("meeting-open-details"));

    const details = await screen.findByTestId("meeting-details");
    expect(within(details).getByTestId("meeting-details-kind")).toHaveTextContent("Teams meeting");
    expect(details).toHaveTextContent("Giorgos (their buyer)");
    await userEvent.click(within(details).getByTestId("meeting-join"));

    await waitFor(() => expect(callsTo(calls, "join_meeting")).toEqual([{ activity: "meet-1" }]));
    expect(screen.queryByTestId("meeting-details")).not.toBeInTheDocument();
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
  });

  it("says why joining failed", async () => {
    const message = "This meeting has no join link.";
    mockBackend({ ...backend, joinMeeting: { reject: { code: "no_join_link", message } } });
    renderWithProviders(<App />);
    await userEvent.click((await screen.findAllByTestId("worklist-card"))[0]);
    await userEvent.click(await screen.findByTestId("meeting-open-details"));
    await userEvent.click(await screen.findByTestId("meeting-join"));
    expect(await screen.findByTestId("join-error")).toHaveTextContent(message);
  });

  it("shows the meeting's start time on its work list card", async () => {
    mockBackend(backend);
    renderWithProviders(<App />);
    const [card] = await screen.findAllByTestId("worklist-card");
    expect(within(card).getByRole("img", { name: "Teams meeting" })).toBeInTheDocument();
    expect(within(card).getByTestId("worklist-card-due")).toHaveTextContent("Tue 10:00");
  });
});
