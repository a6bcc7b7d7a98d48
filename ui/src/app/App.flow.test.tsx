import { emit } from "@tauri-apps/api/event";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  NOW,
  makeActivityView,
  makeAppInfo,
  makeCall,
  makeCard,
  makeConnectedSync,
  makeDialPlan,
  makePage,
  makePhoneStatus,
  makeSyncStatus,
  makeUpNext,
} from "../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../test/render";
import { App } from "./App";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const CARDS = [
  makeCard(),
  makeCard({
    recordId: "opp-7",
    activityId: "act-7",
    name: "Cycladic Ferries renewal",
    contactName: "Giorgos Nikolaou",
  }),
  makeCard({ recordId: "lead-9", activityId: "act-9", name: "Thessaloniki Bakeries" }),
];

function upNextFor(record: string) {
  const view = makeUpNext();
  return makeUpNext({
    record: {
      ...view.record,
      id: record,
      name: CARDS.find((c) => c.recordId === record)?.name ?? record,
    },
    active: makeActivityView({ id: `active-of-${record}`, record }),
  });
}

async function renderApp(backend: MockBackend = {}) {
  const calls = mockBackend({ workList: makePage(CARDS), upNext: upNextFor, ...backend });
  renderWithProviders(<App />);
  await screen.findAllByTestId("worklist-card");
  return calls;
}

const selectedIds = () =>
  screen
    .getAllByTestId("worklist-card")
    .filter((c) => c.getAttribute("aria-selected") === "true")
    .map((c) => c.dataset.recordId);

describe("the seller's window", () => {
  it("loads Up Next and the timeline of the card the seller selects", async () => {
    const calls = await renderApp();
    expect(screen.getByTestId("record-empty")).toBeInTheDocument();
    await userEvent.click(screen.getAllByTestId("worklist-card")[1]);

    expect(selectedIds()).toEqual(["opp-7"]);
    const panel = await screen.findByTestId("upnext");
    expect(panel).toHaveAttribute("data-record-id", "opp-7");
    expect(callsTo(calls, "up_next")).toEqual([{ record: "opp-7" }]);
    expect(callsTo(calls, "timeline")).toEqual([{ record: "opp-7" }]);
    expect(await screen.findAllByTestId("timeline-item")).toHaveLength(3);
  });

  it("moves with j and k and the arrows, and opens with Enter", async () => {
    await renderApp();
    await userEvent.keyboard("j");
    expect(selectedIds()).toEqual(["lead-1"]);
    await userEvent.keyboard("j");
    expect(selectedIds()).toEqual(["opp-7"]);
    await userEvent.keyboard("{ArrowDown}");
    expect(selectedIds()).toEqual(["lead-9"]);
    await userEvent.keyboard("j");
    expect(selectedIds()).toEqual(["lead-9"]);
    await userEvent.keyboard("k");
    expect(selectedIds()).toEqual(["opp-7"]);
    await userEvent.keyboard("{ArrowUp}");
    expect(selectedIds()).toEqual(["lead-1"]);

    const panel = await screen.findByTestId("upnext");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(panel).toHaveFocus());
  });

  it("keeps the focus on the list while moving through it", async () => {
    await renderApp();
    const [first] = screen.getAllByTestId("worklist-card");
    await userEvent.click(first);
    expect(first).toHaveFocus();
    await userEvent.keyboard("j");
    await waitFor(() => expect(screen.getAllByTestId("worklist-card")[1]).toHaveFocus());
  });

  it("focuses the search with / and ignores shortcuts while typing", async () => {
    await renderApp();
    await userEvent.keyboard("/");
    const search = screen.getByTestId("worklist-search");
    expect(search).toHaveFocus();
    await userEvent.keyboard("jkdx?");
    expect(search).toHaveValue("jkdx?");
    expect(selectedIds()).toEqual([]);
    expect(screen.queryByTestId("shortcuts-dialog")).not.toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("shows the shortcuts with ? and closes them with Esc", async () => {
    await renderApp();
    await userEvent.keyboard("?");
    const dialog = await screen.findByTestId("shortcuts-dialog");
    expect(within(dialog).getByText("Mark complete")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("shortcuts-dialog")).not.toBeInTheDocument());
  });

  it("opens Mark complete with d on the selected record's step", async () => {
    const calls = await renderApp();
    await userEvent.keyboard("j");
    await screen.findByTestId("upnext-active");
    await userEvent.keyboard("d");
    const dialog = await screen.findByRole("dialog", { name: "Mark complete" });
    // Letters typed in the dialog are the note's, not shortcuts.
    await userEvent.type(within(dialog).getByTestId("complete-note"), "done x");
    await userEvent.click(within(dialog).getByTestId("complete-save"));
    await waitFor(() =>
      expect(callsTo(calls, "run_command")).toEqual([
        { command: { command: "complete", activity: "active-of-lead-1", note: "done x" } },
      ]),
    );
  });

  it("skips with x, undoably", async () => {
    const calls = await renderApp();
    await userEvent.keyboard("j");
    await screen.findByTestId("upnext-active");
    await userEvent.keyboard("x");
    const toast = await screen.findByTestId("skip-toast");
    await userEvent.click(within(toast).getByTestId("skip-undo"));
    expect(screen.queryByTestId("skip-toast")).not.toBeInTheDocument();
    expect(callsTo(calls, "run_command")).toEqual([]);
  });

  it("warns with s when the step can't be snoozed, and says why", async () => {
    await renderApp({
      upNext: makeUpNext({
        active: null,
        manual: [
          makeActivityView(
            { id: "task-1", type: "task", step: null },
            { snooze: ["manual_task_cannot_be_snoozed", "no"] },
            "open",
          ),
        ],
      }),
    });
    await userEvent.keyboard("j");
    await screen.findByTestId("upnext-manual-item");
    await userEvent.keyboard("s");
    expect(await screen.findByTestId("action-blocked")).toHaveTextContent(
      "Manual tasks can't be snoozed.",
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("asks before calling a do-not-phone contact, and Cancel closes it", async () => {
    await renderApp({ dialPlan: makeDialPlan({ warnings: ["doNotPhone"] }) });
    const card = screen.getAllByTestId("worklist-card")[0];
    fireEvent.click(within(card).getByTestId("quick-call"));
    const warning = await screen.findByTestId("dnp-warning");
    expect(warning).toHaveTextContent("This contact asked not to be phoned");
    expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument();
    await userEvent.click(within(warning).getByTestId("dnp-cancel"));
    await waitFor(() => expect(screen.queryByTestId("dnp-warning")).not.toBeInTheDocument());
    expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument();
  });

  it("calls after Continue, saying the seller confirmed, and docks the call beside the record", async () => {
    const calls = await renderApp({
      dialPlan: makeDialPlan({ warnings: ["doNotPhone"] }),
      phoneStatus: makePhoneStatus(),
      placeCall: makeCall({ record: "opp-7", who: "Giorgos Nikolaou", recordName: null }),
    });
    fireEvent.click(within(screen.getAllByTestId("worklist-card")[1]).getByTestId("quick-call"));
    await userEvent.click(await screen.findByTestId("dnp-continue"));
    const panel = await screen.findByTestId("call-panel");
    expect(callsTo(calls, "dial_plan")).toEqual([{ record: "opp-7" }]);
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("+30 21 0123 4567");
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("Business");
    expect(within(panel).getByTestId("call-fallback")).toHaveTextContent(
      "+30 691 234 5678 (Mobile)",
    );
    // The selected record follows the card the call came from.
    expect(selectedIds()).toEqual(["opp-7"]);

    await userEvent.click(within(panel).getByTestId("call-button"));
    expect(callsTo(calls, "place_call")).toEqual([
      {
        request: {
          record: "opp-7",
          number: null,
          forActivity: "act-7",
          doNotPhoneConfirmed: true,
        },
      },
    ]);
    const docked = await screen.findByTestId("in-call-panel");
    expect(docked).toHaveAttribute("data-phase", "dialing");
    expect(docked).toHaveTextContent("Giorgos Nikolaou");
    await waitFor(() => expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument());
    // The rest of the window stays usable during the call.
    await userEvent.click(screen.getAllByTestId("worklist-card")[0]);
    expect(selectedIds()).toEqual(["lead-1"]);
    expect(screen.getByTestId("in-call-panel")).toBeInTheDocument();
  });

  it("calls for the Up Next phone call step, and shows an incoming call from the phone", async () => {
    const calls = await renderApp({ phoneStatus: makePhoneStatus() });
    await userEvent.click(screen.getAllByTestId("worklist-card")[0]);
    await userEvent.click(
      within(await screen.findByTestId("upnext-active")).getByTestId("action-main"),
    );
    await userEvent.click(await screen.findByTestId("call-button"));
    expect(callsTo(calls, "place_call")).toEqual([
      {
        request: {
          record: "lead-1",
          number: null,
          forActivity: "active-of-lead-1",
          doNotPhoneConfirmed: false,
        },
      },
    ]);

    await act(() =>
      emit(
        "phone",
        makePhoneStatus({
          calls: [makeCall({ id: "in-9", direction: "incoming", phase: "incoming" })],
        }),
      ),
    );
    expect(await screen.findByTestId("in-call-panel")).toHaveAttribute("data-phase", "incoming");
    await userEvent.click(screen.getByTestId("answer-button"));
    expect(callsTo(calls, "answer_call")).toEqual([{ call: "in-9" }]);
  });

  it("offers to set the phone up when calling without it", async () => {
    await renderApp({
      placeCall: {
        reject: {
          code: "phone_not_set_up",
          message: "Calling isn't set up yet. Add your phone account in Settings.",
        },
      },
    });
    fireEvent.click(within(screen.getAllByTestId("worklist-card")[0]).getByTestId("quick-call"));
    await userEvent.click(await screen.findByTestId("call-button"));
    expect(await screen.findByTestId("call-error")).toHaveTextContent("Calling isn't set up yet.");
    await userEvent.click(screen.getByTestId("call-setup"));
    const settings = await screen.findByRole("dialog", { name: "Settings" });
    // jsdom: Fluent sometimes leaves the dialog aria-hidden after the call dialog closes.
    expect(
      await within(settings).findByRole("tab", { name: "Phone", hidden: true }),
    ).toHaveAttribute("aria-selected", "true");
    expect(await within(settings).findByTestId("phone-server")).toBeInTheDocument();
    expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument();
  });

  it("shows the phone's state in the header, live, and opens its settings", async () => {
    await renderApp();
    const indicator = await screen.findByTestId("phone-registration");
    expect(indicator).toHaveAttribute("data-state", "notSetUp");
    expect(indicator).toHaveTextContent("Phone not set up");
    await act(() =>
      emit("phone", makePhoneStatus({ registration: { state: "connecting" }, account: null })),
    );
    expect(screen.getByTestId("phone-registration")).toHaveAttribute("data-state", "connecting");
    await act(() => emit("phone", makePhoneStatus()));
    expect(screen.getByTestId("phone-registration")).toHaveTextContent("Phone ready");
    await act(() =>
      emit("phone", makePhoneStatus({ registration: { state: "failed", reason: "no network" } })),
    );
    expect(screen.getByTestId("phone-registration")).toHaveTextContent("Phone offline: no network");
    await userEvent.click(within(screen.getByTestId("phone-registration")).getByRole("button"));
    const settings = await screen.findByRole("dialog", { name: "Settings" });
    expect(within(settings).getByRole("tab", { name: "Phone", hidden: true })).toHaveAttribute(
      "aria-selected",
      "true",
    );
  });

  it("shows the sync with Dynamics 365 in the header, live, and opens its settings", async () => {
    await renderApp();
    // Not connected: nothing in the header.
    await waitFor(() => expect(screen.queryByTestId("sync-indicator")).not.toBeInTheDocument());
    const indicator = () => screen.getByTestId("sync-indicator");
    await act(() => emit("sync", makeConnectedSync({ phase: "syncing" })));
    expect(indicator()).toHaveAttribute("data-state", "syncing");
    expect(indicator()).toHaveTextContent("Syncing…");
    await act(() => emit("sync", makeConnectedSync()));
    expect(indicator()).toHaveTextContent("Synced");
    expect(within(indicator()).getByRole("button")).toHaveAccessibleName(
      "Sync with Dynamics 365: Synced",
    );
    await act(() => emit("sync", makeConnectedSync({ pending: 3 })));
    expect(indicator()).toHaveTextContent("3 waiting");
    await act(() => emit("sync", makeConnectedSync({ phase: "offline", pending: 3 })));
    expect(indicator()).toHaveTextContent("Offline");
    await act(() => emit("sync", makeConnectedSync({ phase: "signInNeeded", pending: 3 })));
    expect(indicator()).toHaveTextContent("Sign in needed");

    await userEvent.click(within(indicator()).getByRole("button"));
    const settings = await screen.findByRole("dialog", { name: "Settings" });
    expect(
      within(settings).getByRole("tab", { name: "Dynamics 365", hidden: true }),
    ).toHaveAttribute("aria-selected", "true");
    expect(await within(settings).findByTestId("crm-sign-in-needed")).toHaveTextContent(
      "your 3 pending changes are kept",
    );

    await act(() => emit("sync", makeSyncStatus()));
    expect(screen.queryByTestId("sync-indicator")).not.toBeInTheDocument();
  });

  it("dials any number from the header's dial pad", async () => {
    const calls = await renderApp({
      phoneStatus: makePhoneStatus({ recentNumbers: ["+302107654321"] }),
      placeCall: makeCall({ record: null, recordName: null, activity: null, who: "+302107654321" }),
    });
    await userEvent.click(await screen.findByTestId("open-dial-pad"));
    const dialog = await screen.findByRole("dialog", { name: "Call a number" });
    await userEvent.click(within(dialog).getByTestId("dial-recent"));
    await userEvent.click(within(dialog).getByTestId("dial-call"));
    expect(callsTo(calls, "place_call")).toEqual([
      {
        request: {
          record: null,
          number: "+302107654321",
          forActivity: null,
          doNotPhoneConfirmed: false,
        },
      },
    ]);
    expect(await screen.findByTestId("in-call-panel")).toHaveTextContent("+302107654321");
    await waitFor(() =>
      expect(screen.queryByRole("dialog", { name: "Call a number" })).not.toBeInTheDocument(),
    );
  });

  it("calls with c from the Up Next panel's own dial plan, with a dial pad when there's no number", async () => {
    const calls = await renderApp({
      upNext: makeUpNext({
        dialPlan: makeDialPlan({ target: { kind: "dialPad" }, fallback: null }),
      }),
    });
    await userEvent.keyboard("j");
    await screen.findByTestId("upnext-active");
    await userEvent.keyboard("c");
    const panel = await screen.findByTestId("call-panel");
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("No number to dial");
    expect(within(panel).getByTestId("dial-pad-input")).toBeInTheDocument();
    expect(callsTo(calls, "dial_plan")).toEqual([]);
  });

  it("shows the dial plan's error in the call panel", async () => {
    await renderApp({
      upNext: makeUpNext({
        dialPlan: null,
        dialPlanError: {
          code: "invalid_phone_number",
          message: '"12" isn\'t a phone number we can dial.',
        },
      }),
    });
    await userEvent.click(screen.getAllByTestId("worklist-card")[0]);
    await userEvent.click(
      within(await screen.findByTestId("upnext-active")).getByTestId("action-main"),
    );
    const panel = await screen.findByTestId("call-panel");
    expect(within(panel).getByTestId("call-plan-error")).toHaveTextContent("isn't a phone number");
  });

  it("opens the email composer from the card's quick email", async () => {
    await renderApp();
    fireEvent.click(within(screen.getAllByTestId("worklist-card")[0]).getByTestId("quick-email"));
    expect(await screen.findByTestId("email-composer")).toHaveTextContent(
      "New email to Maria Papadopoulou",
    );
    expect(selectedIds()).toEqual(["lead-1"]);
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
  });

  it("offers Join only on Teams meetings", async () => {
    mockBackend({
      workList: makePage([
        makeCard({ activityType: "meeting", teamsMeeting: true }),
        makeCard({ activityId: "m2", recordId: "r2", activityType: "meeting" }),
      ]),
    });
    renderWithProviders(<App />);
    const [teams, plain] = await screen.findAllByTestId("worklist-card");
    expect(within(teams).getByTestId("quick-join")).toBeInTheDocument();
    expect(within(plain).queryByTestId("quick-join")).not.toBeInTheDocument();
  });

  describe("joining a Teams meeting (R18)", () => {
    const TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc";
    const meetingUpNext = (record: string) =>
      makeUpNext({
        ...upNextFor(record),
        active: makeActivityView(
          { id: `meeting-of-${record}`, record, type: "meeting", joinUrl: TEAMS_LINK },
          {},
          "join",
        ),
      });

    it("opens the meeting from Up Next's Join", async () => {
      const calls = await renderApp({ upNext: meetingUpNext });
      await userEvent.click(screen.getAllByTestId("worklist-card")[1]);
      const main = within(await screen.findByTestId("upnext-active")).getByTestId("action-main");
      expect(main).toHaveAttribute("data-action", "join");
      await userEvent.click(main);

      await waitFor(() =>
        expect(callsTo(calls, "join_meeting")).toEqual([{ activity: "meeting-of-opp-7" }]),
      );
      expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
      expect(screen.queryByTestId("join-error")).not.toBeInTheDocument();
    });

    it("opens the meeting from the card's quick Join", async () => {
      const calls = mockBackend({
        workList: makePage([
          makeCard({
            activityId: "meet-3",
            recordId: "opp-3",
            activityType: "meeting",
            teamsMeeting: true,
          }),
        ]),
        upNext: meetingUpNext,
      });
      renderWithProviders(<App />);
      const [card] = await screen.findAllByTestId("worklist-card");
      fireEvent.click(within(card).getByTestId("quick-join"));

      await waitFor(() => expect(callsTo(calls, "join_meeting")).toEqual([{ activity: "meet-3" }]));
      expect(selectedIds()).toEqual(["opp-3"]);
      await screen.findByTestId("upnext");
      expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
      expect(screen.queryByTestId("join-error")).not.toBeInTheDocument();
    });

    it("says why a link was refused, and can be dismissed", async () => {
      const message = "Nextline only opens Teams meeting links (teams.microsoft.com or msteams:).";
      await renderApp({
        upNext: meetingUpNext,
        joinMeeting: { reject: { code: "join_link_refused", message } },
      });
      await userEvent.click(screen.getAllByTestId("worklist-card")[0]);
      await userEvent.click(
        within(await screen.findByTestId("upnext-active")).getByTestId("action-main"),
      );

      const error = await screen.findByTestId("join-error");
      expect(error).toHaveTextContent("Couldn't join the meeting");
      expect(error).toHaveTextContent(message);
      await userEvent.click(within(error).getByRole("button", { name: "Dismiss" }));
      expect(screen.queryByTestId("join-error")).not.toBeInTheDocument();
    });
  });

  it("refreshes the list and the open record when the back end says they changed", async () => {
    const calls = await renderApp();
    await userEvent.click(screen.getAllByTestId("worklist-card")[0]);
    await screen.findByTestId("upnext");
    await act(() => emit("changed", { records: ["lead-1"] }));
    await waitFor(() => expect(callsTo(calls, "up_next")).toHaveLength(2));
    await waitFor(() => expect(callsTo(calls, "timeline")).toHaveLength(2));
    expect(callsTo(calls, "work_list")).toHaveLength(2);
  });

  it("switches to Greek in Settings and remembers it", async () => {
    const calls = await renderApp({ appInfo: makeAppInfo({ language: "en" }) });
    await userEvent.click(screen.getByTestId("open-settings"));
    const select = await screen.findByTestId("settings-language");
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      "English",
      "Ελληνικά",
      "Follow system",
    ]);
    await userEvent.selectOptions(select, "Ελληνικά");
    expect(
      await screen.findByRole("heading", { level: 2, name: "Λίστα εργασιών" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "Ρυθμίσεις" })).toBeInTheDocument();
    expect(JSON.parse(window.localStorage.getItem("nextline.preferences") ?? "{}")).toMatchObject({
      language: "el",
    });
    await userEvent.click(screen.getByTestId("settings-close"));
    expect(screen.getByTestId("worklist-total")).toHaveTextContent("3 εγγραφές");
    expect(document.documentElement.lang).toBe("el");
    // The back end's own messages follow too.
    expect(callsTo(calls, "set_language")).toContainEqual({ language: "el" });
  });

  it("follows the system language from the back end unless told otherwise", async () => {
    await renderApp({ appInfo: makeAppInfo({ language: "el" }) });
    expect(
      await screen.findByRole("heading", { level: 2, name: "Λίστα εργασιών" }),
    ).toBeInTheDocument();
  });

  it("takes the theme from Settings", async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId("open-settings"));
    await userEvent.selectOptions(await screen.findByTestId("settings-theme"), "dark");
    expect(JSON.parse(window.localStorage.getItem("nextline.preferences") ?? "{}")).toMatchObject({
      theme: "dark",
    });
    const provider = document.querySelector(".fui-FluentProvider") as HTMLElement;
    expect(provider.className).toBeTruthy();
  });
});
