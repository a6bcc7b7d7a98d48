import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  NOW,
  hoursFromNow,
  makeActivity,
  makeActivityView,
  makeDirectory,
  makeSyncIssue,
  makeUpNext,
} from "../../../test/fixtures";
import { notifyChanged } from "../../../ipc/changes";
import { axeViolations } from "../../../test/axe";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { ActivityFeedbackProvider } from "./ActivityFeedbackProvider";
import { UpNextPanel } from "./UpNextPanel";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

function renderPanel(backend: MockBackend = {}, onMainAction = vi.fn()) {
  const calls = mockBackend(backend);
  renderWithProviders(
    <ActivityFeedbackProvider>
      <UpNextPanel recordId="lead-1" directory={makeDirectory()} onMainAction={onMainAction} />
    </ActivityFeedbackProvider>,
  );
  return calls;
}

const commands = (calls: ReturnType<typeof mockBackend>) =>
  callsTo(calls, "run_command").map((a) => (a as { command: unknown }).command);

async function openMore(scope: HTMLElement) {
  await userEvent.click(within(scope).getByTestId("action-more"));
  return screen.findByRole("menu");
}

describe("UpNextPanel", () => {
  it("shows the record, its active step, upcoming steps and completed activities", async () => {
    const calls = renderPanel();
    const panel = await screen.findByTestId("upnext");
    expect(callsTo(calls, "up_next")).toEqual([{ record: "lead-1" }]);
    expect(panel).toHaveAttribute("data-record-id", "lead-1");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent("Aegean Olive Co.");
    expect(panel).toHaveTextContent("Owner: Nikos Georgiou");
    expect(panel).toHaveTextContent("Sequence: New lead outreach");
    expect(panel).toHaveTextContent("13:00 local time (Europe/Athens)");

    const active = within(panel).getByTestId("upnext-active");
    expect(active).toHaveAttribute("data-activity-id", "act-1");
    expect(within(active).getByTestId("action-main")).toHaveTextContent("Call");
    expect(within(active).getByTestId("action-complete")).toHaveTextContent("Mark complete");

    const upcoming = within(panel).getAllByTestId("upnext-upcoming-item");
    expect(upcoming[0]).toHaveTextContent("Wait · 2 days");
    expect(upcoming[1]).toHaveTextContent("Send the price list");
    expect(within(upcoming[1]).getByRole("img", { name: "Email" })).toBeInTheDocument();

    const done = within(panel).getAllByTestId("upnext-completed-item");
    expect(done.map((d) => d.dataset.state)).toEqual(["completed", "skipped"]);
    expect(done[0]).toHaveTextContent("Completed");
    expect(done[1]).toHaveTextContent("Skipped");
  });

  it("shows how a logged call went instead of a due date", async () => {
    const call = {
      direction: "outgoing" as const,
      from: "user-1",
      to: "Maria Papadopoulou",
      number: "+302101234567",
      startedAt: hoursFromNow(-1),
      endedAt: hoursFromNow(-1),
      durationSecs: null,
      outcome: { kind: "busy" as const },
      quality: null,
      forActivity: "act-1",
      placedBy: "app",
    };
    renderPanel({
      upNext: makeUpNext({
        manual: [
          makeActivityView({
            id: "call-1",
            type: "phoneCall",
            subject: "Intro call",
            due: hoursFromNow(-1),
            call,
          }),
        ],
      }),
    });
    const item = await screen.findByTestId("upnext-manual-item");
    expect(within(item).getByTestId("upnext-call-outcome")).toHaveTextContent(
      "Line busy · +302101234567",
    );
    expect(item).not.toHaveTextContent("Overdue");
  });

  it("says when a waiting step starts", async () => {
    renderPanel({
      upNext: makeUpNext({
        active: null,
        waiting: makeActivityView(
          { id: "wait-1", subject: "Follow-up call", startsAt: hoursFromNow(48) },
          { complete: ["step_not_started", "This step is still waiting."] },
        ),
      }),
    });
    const waiting = await screen.findByTestId("upnext-waiting");
    expect(waiting).toHaveTextContent("Next step starts in 2 days");
    expect(within(waiting).getByTestId("action-main")).toBeDisabled();
    expect(within(waiting).getByTestId("action-main")).toHaveAttribute("aria-disabled", "true");
    expect(within(waiting).getByTestId("action-complete")).toBeDisabled();
    expect(within(waiting).getByTestId("action-reason")).toHaveTextContent(
      "This step is still waiting.",
    );
  });

  it("hands the main action to the window", async () => {
    const onMain = vi.fn();
    renderPanel({}, onMain);
    await userEvent.click(await screen.findByTestId("action-main"));
    expect(onMain).toHaveBeenCalledTimes(1);
    expect(onMain.mock.calls[0][1].activity.id).toBe("act-1");
  });

  it("marks complete with a note", async () => {
    const calls = renderPanel();
    await userEvent.click(await screen.findByTestId("action-complete"));
    const dialog = await screen.findByRole("dialog", { name: "Mark complete" });
    await userEvent.type(within(dialog).getByTestId("complete-note"), "Wants a quote by Friday");
    const save = within(dialog).getByTestId("complete-save");
    expect(save).toHaveTextContent("Got it");
    await userEvent.click(save);
    await waitFor(() =>
      expect(commands(calls)).toEqual([
        { command: "complete", activity: "act-1", note: "Wants a quote by Friday" },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("marks complete without a note as null", async () => {
    const calls = renderPanel();
    await userEvent.click(await screen.findByTestId("action-complete"));
    await userEvent.click(await screen.findByTestId("complete-save"));
    await waitFor(() =>
      expect(commands(calls)).toEqual([{ command: "complete", activity: "act-1", note: null }]),
    );
  });

  it("shows a refused command's translated error in the dialog", async () => {
    renderPanel({ runCommand: { reject: { code: "not_your_activity", message: "nope" } } });
    await userEvent.click(await screen.findByTestId("action-complete"));
    await userEvent.click(await screen.findByTestId("complete-save"));
    expect(await screen.findByTestId("command-error")).toHaveTextContent(
      "This activity is assigned to someone else.",
    );
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("adds a note", async () => {
    const calls = renderPanel();
    await openMore(await screen.findByTestId("upnext-active"));
    await userEvent.click(screen.getByTestId("action-note"));
    const dialog = await screen.findByRole("dialog", { name: "Add a note" });
    expect(within(dialog).getByTestId("note-save")).toBeDisabled();
    await userEvent.type(within(dialog).getByTestId("note-text"), "Prefers mornings");
    await userEvent.click(within(dialog).getByTestId("note-save"));
    await waitFor(() =>
      expect(commands(calls)).toEqual([
        { command: "addNote", activity: "act-1", text: "Prefers mornings" },
      ]),
    );
  });

  it("skips only after the undo window, and never after Undo", async () => {
    const calls = renderPanel();
    const active = await screen.findByTestId("upnext-active");
    await openMore(active);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(NOW);
    fireEvent.click(screen.getByTestId("action-skip"));

    const toast = screen.getByTestId("skip-toast");
    expect(toast).toHaveTextContent("Skipped “Intro call about bulk orders”");
    act(() => vi.advanceTimersByTime(4900));
    expect(commands(calls)).toEqual([]);

    fireEvent.click(within(toast).getByTestId("skip-undo"));
    expect(screen.queryByTestId("skip-toast")).not.toBeInTheDocument();
    act(() => vi.advanceTimersByTime(10_000));
    expect(commands(calls)).toEqual([]);
  });

  it("sends the skip when the undo window is over", async () => {
    const calls = renderPanel();
    await openMore(await screen.findByTestId("upnext-active"));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(NOW);
    fireEvent.click(screen.getByTestId("action-skip"));
    act(() => vi.advanceTimersByTime(4999));
    expect(commands(calls)).toEqual([]);
    act(() => vi.advanceTimersByTime(1));
    expect(commands(calls)).toEqual([{ command: "skip", activity: "act-1" }]);
    expect(screen.queryByTestId("skip-toast")).not.toBeInTheDocument();
  });

  it("sends a pending skip at once when the window closes", async () => {
    const calls = renderPanel();
    await openMore(await screen.findByTestId("upnext-active"));
    await userEvent.click(screen.getByTestId("action-skip"));
    expect(await screen.findByTestId("skip-toast")).toBeInTheDocument();
    expect(commands(calls)).toEqual([]);
    act(() => {
      window.dispatchEvent(new Event("pagehide"));
    });
    expect(commands(calls)).toEqual([{ command: "skip", activity: "act-1" }]);
  });

  it.each([
    ["snooze-quick-1h", new Date(NOW.getTime() + 3_600_000)],
    ["snooze-quick-tomorrow", new Date(2025, 5, 12, 9, 0)],
    ["snooze-quick-monday", new Date(2025, 5, 16, 9, 0)],
  ])("snoozes with the quick pick %s", async (testId, expected) => {
    const calls = renderPanel();
    await openMore(await screen.findByTestId("upnext-active"));
    await userEvent.click(screen.getByTestId("action-snooze"));
    const dialog = await screen.findByRole("dialog", { name: "Snooze" });
    await userEvent.click(within(dialog).getByTestId(testId));
    expect(within(dialog).getByTestId(testId)).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(within(dialog).getByTestId("snooze-save"));
    await waitFor(() =>
      expect(commands(calls)).toEqual([
        {
          command: "snooze",
          activity: "act-1",
          until: expected.toISOString().replace(/\.000Z$/, "Z"),
        },
      ]),
    );
  });

  it("snoozes until a typed date and time", async () => {
    const calls = renderPanel();
    await openMore(await screen.findByTestId("upnext-active"));
    await userEvent.click(screen.getByTestId("action-snooze"));
    const input = await screen.findByTestId("snooze-when");
    fireEvent.change(input, { target: { value: "2025-06-20T14:30" } });
    await userEvent.click(screen.getByTestId("snooze-save"));
    await waitFor(() =>
      expect(commands(calls)).toEqual([
        {
          command: "snooze",
          activity: "act-1",
          until: new Date(2025, 5, 20, 14, 30).toISOString().replace(/\.000Z$/, "Z"),
        },
      ]),
    );
  });

  it("keeps Snooze in the menu for a manual task, disabled, saying why", async () => {
    const reason =
      "Manual tasks can't be snoozed. Change the task's due date instead, or mark it complete.";
    renderPanel({
      upNext: makeUpNext({
        manual: [
          makeActivityView(
            { id: "task-1", type: "task", subject: "Prepare the quote", step: null },
            { snooze: ["manual_task_cannot_be_snoozed", reason] },
            "open",
          ),
        ],
      }),
    });
    const item = await screen.findByTestId("upnext-manual-item");
    expect(item).toHaveAttribute("data-activity-id", "task-1");
    await openMore(item);
    // The menu is drawn inside the item, so its actions can be found there.
    const snooze = within(item).getByTestId("action-snooze");
    expect(snooze).toHaveAttribute("aria-disabled", "true");
    expect(within(snooze).getByTestId("action-reason")).toHaveTextContent(reason);
    await userEvent.click(snooze);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("keeps Assign disabled with its reason for someone who may not assign", async () => {
    renderPanel({
      upNext: makeUpNext({
        active: makeActivityView(
          {},
          { assign: ["only_owner_can_assign", "Only the owner may (from the back end)."] },
        ),
      }),
    });
    await openMore(await screen.findByTestId("upnext-active"));
    const assign = screen.getByTestId("action-assign");
    expect(assign).toHaveAttribute("aria-disabled", "true");
    // Translated by code where the app knows the code.
    expect(within(assign).getByTestId("action-reason")).toHaveTextContent(
      "Only the record's owner or a sales manager can assign its activities.",
    );
  });

  it("assigns to a seller or a team", async () => {
    const calls = renderPanel();
    await openMore(await screen.findByTestId("upnext-active"));
    await userEvent.click(screen.getByTestId("action-assign"));
    const dialog = await screen.findByRole("dialog", { name: "Assign" });
    expect(within(dialog).getByTestId("assign-save")).toBeDisabled();
    await userEvent.click(within(dialog).getByTestId("assign-picker"));
    const options = screen.getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual([
      "Nikos Georgiou · Seller",
      "Eleni Kosta · Sales manager",
      "Inside sales",
    ]);
    await userEvent.click(screen.getByRole("option", { name: /Eleni Kosta/ }));
    await userEvent.click(within(dialog).getByTestId("assign-save"));
    await waitFor(() =>
      expect(commands(calls)).toEqual([
        { command: "assign", activity: "act-1", to: { kind: "user", id: "user-2" } },
      ]),
    );
  });

  it("offers the same actions on other open activities", async () => {
    const calls = renderPanel({
      upNext: makeUpNext({
        manual: [
          makeActivityView(
            { id: "task-9", type: "task", subject: "Send samples", step: null },
            {},
            "open",
          ),
        ],
      }),
    });
    const item = await screen.findByTestId("upnext-manual-item");
    await userEvent.click(within(item).getByTestId("action-complete"));
    await userEvent.click(await screen.findByTestId("complete-save"));
    await waitFor(() =>
      expect(commands(calls)).toEqual([{ command: "complete", activity: "task-9", note: null }]),
    );
  });

  it("shows the number and outcome of completed phone calls", async () => {
    renderPanel({
      upNext: makeUpNext({
        completed: [
          makeActivity({
            id: "call-9",
            subject: "Intro call about bulk orders",
            state: "completed",
            closedAt: hoursFromNow(-1),
            closedBy: "user-me",
            call: {
              direction: "outgoing",
              from: "user-me",
              to: "Maria Papadopoulou",
              number: "+302101234567",
              startedAt: hoursFromNow(-1.1),
              endedAt: hoursFromNow(-1),
              durationSecs: 192,
              outcome: { kind: "answered" },
              quality: null,
              forActivity: "act-1",
              placedBy: "app",
            },
          }),
        ],
      }),
    });
    const [done] = await screen.findAllByTestId("upnext-completed-item");
    expect(within(done).getByTestId("upnext-call-details")).toHaveTextContent(
      "+302101234567 · Call ended · 3:12",
    );
  });

  it("reloads when the record changes", async () => {
    const calls = renderPanel();
    await screen.findByTestId("upnext");
    act(() => notifyChanged(["lead-1"]));
    await waitFor(() => expect(callsTo(calls, "up_next")).toHaveLength(2));
    act(() => notifyChanged(["someone-else"]));
    expect(callsTo(calls, "up_next")).toHaveLength(2);
  });

  describe("sync issues", () => {
    it("shows none when every change landed", async () => {
      renderPanel();
      const panel = await screen.findByTestId("upnext");
      expect(within(panel).queryByTestId("sync-issues")).not.toBeInTheDocument();
      expect(within(panel).queryByTestId("sync-issue")).not.toBeInTheDocument();
      expect(within(panel).queryByTestId("activity-not-synced")).not.toBeInTheDocument();
    });

    it("shows a refused change with Dynamics 365's message and sends it again", async () => {
      const calls = renderPanel({
        upNext: makeUpNext({
          syncIssues: [makeSyncIssue({ seq: 7, message: "The record is read-only." })],
        }),
      });
      const [bar] = await screen.findAllByTestId("sync-issue");
      expect(bar).toHaveTextContent("Dynamics 365 refused this change");
      expect(bar).toHaveTextContent(
        "Phone call · Intro call about bulk orders (completed): The record is read-only.",
      );
      expect(within(bar).queryByTestId("sync-issue-keep-mine")).not.toBeInTheDocument();
      expect(callsTo(calls, "up_next")).toHaveLength(1);

      await userEvent.click(within(bar).getByTestId("sync-issue-retry"));
      await waitFor(() => expect(callsTo(calls, "retry_outbox_item")).toEqual([{ seq: 7 }]));
      // The panel loads again, as after any other action.
      await waitFor(() => expect(callsTo(calls, "up_next")).toHaveLength(2));
    });

    it("settles a conflict with Keep mine", async () => {
      const calls = renderPanel({
        upNext: makeUpNext({
          syncIssues: [
            makeSyncIssue({
              seq: 12,
              conflict: true,
              summary: "Phone call · Intro call about bulk orders (snoozed)",
              message: "Eleni Kosta changed the due date.",
            }),
          ],
        }),
      });
      const [bar] = await screen.findAllByTestId("sync-issue");
      expect(bar).toHaveTextContent("Someone else changed this in Dynamics 365");
      expect(bar).toHaveTextContent("Phone call · Intro call about bulk orders (snoozed)");
      expect(bar).toHaveTextContent("Eleni Kosta changed the due date.");
      expect(within(bar).getByTestId("sync-issue-take-theirs")).toHaveTextContent("Take theirs");
      expect(within(bar).queryByTestId("sync-issue-retry")).not.toBeInTheDocument();

      await userEvent.click(within(bar).getByTestId("sync-issue-keep-mine"));
      await waitFor(() =>
        expect(callsTo(calls, "settle_conflict")).toEqual([{ seq: 12, keep: "mine" }]),
      );
      expect(callsTo(calls, "retry_outbox_item")).toEqual([]);
      await waitFor(() => expect(callsTo(calls, "up_next")).toHaveLength(2));
    });

    it("settles a conflict with Take theirs", async () => {
      const calls = renderPanel({
        upNext: makeUpNext({ syncIssues: [makeSyncIssue({ seq: 3, conflict: true })] }),
      });
      await userEvent.click(await screen.findByTestId("sync-issue-take-theirs"));
      await waitFor(() =>
        expect(callsTo(calls, "settle_conflict")).toEqual([{ seq: 3, keep: "theirs" }]),
      );
    });

    it("says when sending again fails", async () => {
      renderPanel({
        upNext: makeUpNext({ syncIssues: [makeSyncIssue()] }),
        syncAction: { reject: { code: "crm_unavailable", message: "offline" } },
      });
      await userEvent.click(await screen.findByTestId("sync-issue-retry"));
      expect(await screen.findByTestId("command-error")).toHaveTextContent(
        "Couldn't send the change again",
      );
    });

    it("marks the activity whose change did not land, and only that one", async () => {
      renderPanel({
        upNext: makeUpNext({
          manual: [
            makeActivityView({ id: "task-1", type: "task", subject: "Send samples" }, {}, "open"),
            makeActivityView({ id: "task-2", type: "task", subject: "Prepare quote" }, {}, "open"),
          ],
          syncIssues: [
            makeSyncIssue({ seq: 1, activity: "task-2" }),
            makeSyncIssue({ seq: 2, activity: null, conflict: true }),
          ],
        }),
      });
      const panel = await screen.findByTestId("upnext");
      expect(within(panel).getAllByTestId("sync-issue")).toHaveLength(2);
      const badges = within(panel).getAllByTestId("activity-not-synced");
      expect(badges).toHaveLength(1);
      expect(badges[0]).toHaveTextContent("Not synced");
      expect(badges[0].closest("[data-activity-id]")).toHaveAttribute("data-activity-id", "task-2");
      expect(
        within(screen.getByTestId("upnext-active")).queryByTestId("activity-not-synced"),
      ).not.toBeInTheDocument();
    });

    it("has no accessibility violations", async () => {
      renderPanel({
        upNext: makeUpNext({
          syncIssues: [makeSyncIssue({ seq: 1 }), makeSyncIssue({ seq: 2, conflict: true })],
        }),
      });
      const panel = await screen.findByTestId("upnext");
      await within(panel).findAllByTestId("sync-issue");
      expect(await axeViolations(panel)).toEqual([]);
    });
  });
});
