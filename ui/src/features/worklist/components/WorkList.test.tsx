import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_WORK_LIST_QUERY } from "../../../ipc/commands";
import { NOW, hoursFromNow, makeCard, makePage } from "../../../test/fixtures";
import { mockBackend, renderWithProviders } from "../../../test/render";
import { WorkList } from "./WorkList";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("WorkList", () => {
  it("asks the back end for the default work list", async () => {
    const calls = mockBackend({ workList: makePage([makeCard()]) });
    renderWithProviders(<WorkList />);
    await screen.findByTestId("worklist");
    expect(calls).toContainEqual({ cmd: "work_list", args: { query: DEFAULT_WORK_LIST_QUERY } });
  });

  it("shows a spinner while loading", async () => {
    mockIPC(() => new Promise(() => {}));
    renderWithProviders(<WorkList />);
    expect(await screen.findByText("Loading your work list…")).toBeInTheDocument();
  });

  it("renders a card per activity with name, subject and relative due time", async () => {
    mockBackend({
      workList: makePage([
        makeCard(),
        makeCard({
          recordId: "opp-7",
          recordKind: "opportunity",
          name: "Cycladic Ferries renewal",
          company: "Cycladic Ferries",
          activityId: "act-2",
          activityType: "email",
          subject: "Send the renewal quote",
          due: hoursFromNow(-72),
          dueBucket: "overdue",
        }),
      ]),
    });
    renderWithProviders(<WorkList />);

    const list = await screen.findByRole("grid", { name: "Your work list" });
    expect(list).toHaveAttribute("data-testid", "worklist");
    const cards = within(list).getAllByRole("row");
    expect(cards).toHaveLength(2);
    expect(cards.map((c) => c.dataset.recordId)).toEqual(["lead-1", "opp-7"]);

    const [first, second] = cards;
    expect(within(first).getByText("Aegean Olive Co.")).toBeInTheDocument();
    expect(within(first).getByText("Intro call about bulk orders")).toBeInTheDocument();
    expect(within(first).getByText("in 2 hours")).toBeInTheDocument();
    expect(within(first).getByRole("img", { name: "Phone call" })).toBeInTheDocument();
    expect(within(first).getByText("Lead")).toBeInTheDocument();

    expect(within(second).getByText("Cycladic Ferries renewal")).toBeInTheDocument();
    expect(within(second).getByText("Send the renewal quote")).toBeInTheDocument();
    expect(within(second).getByText("3 days ago")).toBeInTheDocument();
    expect(within(second).getByRole("img", { name: "Email" })).toBeInTheDocument();
    expect(within(second).getByText("Opportunity")).toBeInTheDocument();
  });

  it("marks overdue activities in the error colour", async () => {
    mockBackend({
      workList: makePage([
        makeCard({ activityId: "a-late", due: hoursFromNow(-5), dueBucket: "overdue" }),
        makeCard({ activityId: "a-soon", recordId: "lead-2", due: hoursFromNow(3) }),
      ]),
    });
    renderWithProviders(<WorkList />);

    const [late, soon] = await screen.findAllByTestId("worklist-card");
    const lateDue = within(late).getByTestId("worklist-card-due");
    expect(lateDue).toHaveAttribute("data-overdue", "true");
    expect(lateDue).toHaveTextContent("Overdue · 5 hours ago");
    expect(lateDue).toHaveStyle({ color: "var(--colorPaletteRedForeground1)" });

    const soonDue = within(soon).getByTestId("worklist-card-due");
    expect(soonDue).toHaveAttribute("data-overdue", "false");
    expect(soonDue).not.toHaveTextContent("Overdue");
    expect(soonDue).not.toHaveStyle({ color: "var(--colorPaletteRedForeground1)" });
  });

  it("shows the owner only for other people's activities", async () => {
    mockBackend({
      workList: makePage([
        makeCard({ activityId: "mine" }),
        makeCard({
          activityId: "theirs",
          recordId: "lead-9",
          ownedByMe: false,
          ownerId: "user-2",
          ownerName: "Eleni Kosta",
        }),
      ]),
    });
    renderWithProviders(<WorkList />);

    const [mine, theirs] = await screen.findAllByTestId("worklist-card");
    expect(within(mine).queryByTestId("worklist-card-owner")).not.toBeInTheDocument();
    expect(within(theirs).getByTestId("worklist-card-owner")).toHaveTextContent(
      "Owner: Eleni Kosta",
    );
  });

  it("shows the contact's local time and warns outside calling hours", async () => {
    mockBackend({
      workList: makePage([
        makeCard({ activityId: "inside" }),
        makeCard({
          activityId: "outside",
          recordId: "lead-3",
          localTime: { time: "22:30", timeZone: "America/New_York", withinCallingHours: false },
        }),
        makeCard({ activityId: "unknown", recordId: "lead-4", localTime: null }),
      ]),
    });
    renderWithProviders(<WorkList />);

    const [inside, outside, unknown] = await screen.findAllByTestId("worklist-card");
    expect(within(inside).getByTestId("worklist-card-local-time")).toHaveTextContent(
      "13:00 local time (Europe/Athens)",
    );
    expect(within(inside).queryByText(/Outside calling hours/)).not.toBeInTheDocument();
    expect(within(outside).getByTestId("worklist-card-local-time")).toHaveTextContent(
      "22:30 local time (America/New_York) · Outside calling hours",
    );
    expect(within(unknown).queryByTestId("worklist-card-local-time")).not.toBeInTheDocument();
  });

  it("uses a distinct icon for Teams meetings", async () => {
    mockBackend({
      workList: makePage([
        makeCard({ activityId: "m1", activityType: "meeting" }),
        makeCard({ activityId: "m2", recordId: "l2", activityType: "meeting", teamsMeeting: true }),
        makeCard({ activityId: "t1", recordId: "l3", activityType: "textMessage" }),
        makeCard({ activityId: "k1", recordId: "l4", activityType: "task" }),
      ]),
    });
    renderWithProviders(<WorkList />);

    const list = await screen.findByTestId("worklist");
    const meeting = within(list).getByRole("img", { name: "Meeting" });
    const teams = within(list).getByRole("img", { name: "Teams meeting" });
    expect(meeting.innerHTML).not.toEqual(teams.innerHTML);
    expect(within(list).getByRole("img", { name: "Text message" })).toBeInTheDocument();
    expect(within(list).getByRole("img", { name: "Task" })).toBeInTheDocument();
  });

  it("says what to do when there is nothing on the list", async () => {
    mockBackend({ workList: makePage([]) });
    renderWithProviders(<WorkList />);

    const empty = await screen.findByTestId("worklist-empty");
    expect(empty).toHaveTextContent("Nothing on your work list");
    expect(empty).toHaveTextContent(/add an activity to get started/);
    expect(screen.queryByTestId("worklist")).not.toBeInTheDocument();
  });

  it("shows an error payload with its translated message, and retries", async () => {
    mockBackend({
      workList: {
        reject: { code: "sales_role_required", message: "a sales role is required" },
      },
    });
    renderWithProviders(<WorkList />);

    const error = await screen.findByTestId("worklist-error");
    expect(error).toHaveTextContent("Couldn't load the work list");
    expect(error).toHaveTextContent(
      "You need the Seller or Sales Manager role to do this. Ask your administrator.",
    );
    expect(error).not.toHaveTextContent("a sales role is required");

    const calls = mockBackend({ workList: makePage([makeCard()]) });
    await userEvent.click(within(error).getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("worklist")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "work_list")).toHaveLength(1);
    expect(screen.queryByTestId("worklist-error")).not.toBeInTheDocument();
  });

  it("falls back to the back end's message for codes it has no translation for", async () => {
    mockBackend({
      workList: { reject: { code: "database_locked", message: "The database is busy." } },
    });
    renderWithProviders(<WorkList />);

    expect(await screen.findByTestId("worklist-error")).toHaveTextContent("The database is busy.");
  });

  it("says how many records match, from the first page's total", async () => {
    mockBackend({ workList: makePage([makeCard()], { nextCursor: "c1", total: 1200 }) });
    renderWithProviders(<WorkList />);
    expect(await screen.findByTestId("worklist-total")).toHaveTextContent("1,200 records");
  });
});
