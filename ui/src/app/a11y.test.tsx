import { emit } from "@tauri-apps/api/event";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { axeViolations } from "../test/axe";
import {
  NOW,
  hoursFromNow,
  makeActivityView,
  makeAppInfo,
  makeCall,
  makeCallLink,
  makeCard,
  makeConnectedSync,
  makeOutboxItem,
  makePage,
  makePhoneStatus,
  makeUpNext,
} from "../test/fixtures";
import { mockBackend, renderWithProviders, type MockBackend } from "../test/render";
import { App } from "./App";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderMainScreen(backend: MockBackend = {}) {
  mockBackend({
    ...backend,
    appInfo: makeAppInfo({ demo: true }),
    workList: makePage(
      [
        makeCard(),
        makeCard({
          recordId: "opp-2",
          activityId: "a2",
          dueBucket: "overdue",
          due: hoursFromNow(-30),
          ownedByMe: false,
          ownerName: "Eleni Kosta",
          activityType: "meeting",
          teamsMeeting: true,
          startsLater: true,
          localTime: { time: "23:10", timeZone: "Europe/Athens", withinCallingHours: false },
        }),
      ],
      { total: 2 },
    ),
    upNext: makeUpNext({
      waiting: makeActivityView(
        { id: "w1", startsAt: hoursFromNow(48) },
        { complete: ["step_not_started", "Waiting."] },
      ),
      manual: [
        makeActivityView(
          { id: "task-1", type: "task", step: null },
          { snooze: ["manual_task_cannot_be_snoozed", "No."] },
          "open",
        ),
      ],
    }),
  });
  renderWithProviders(<App />);
  await userEvent.click((await screen.findAllByTestId("worklist-card"))[0]);
  await screen.findByTestId("upnext");
  await screen.findAllByTestId("timeline-item");
}

describe("accessibility (axe-core)", () => {
  it("finds no violations on the main screen", async () => {
    await renderMainScreen();
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in a grouped list", async () => {
    window.localStorage.setItem(
      "nextline.worklist.view",
      JSON.stringify({
        types: ["phoneCall"],
        due: [],
        recordKinds: [],
        owner: "anyone",
        sort: "due",
        descending: false,
        groupBy: "dueBucket",
      }),
    );
    await renderMainScreen();
    expect(screen.getAllByTestId("worklist-group-header")).toHaveLength(2);
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in the Up Next panel with its menu open", async () => {
    await renderMainScreen();
    const panel = screen.getByTestId("upnext");
    await userEvent.click(
      within(screen.getByTestId("upnext-manual-item")).getByTestId("action-more"),
    );
    await screen.findByRole("menu");
    expect(await axeViolations(panel)).toEqual([]);
    expect(await axeViolations(screen.getByRole("menu"))).toEqual([]);
  });

  it("finds no violations in the dialogs", async () => {
    await renderMainScreen();
    await userEvent.click(
      within(screen.getByTestId("upnext-active")).getByTestId("action-complete"),
    );
    expect(await screen.findByRole("dialog", { name: "Mark complete" })).toBeInTheDocument();
    expect(await axeViolations()).toEqual([]);
    await userEvent.keyboard("{Escape}");

    await userEvent.click(screen.getByTestId("open-settings"));
    expect(await screen.findByRole("dialog", { name: "Settings" })).toBeInTheDocument();
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in the docked call panel and the phone settings", async () => {
    await renderMainScreen();
    await act(() =>
      emit(
        "phone",
        makePhoneStatus({
          calls: [
            makeCall({
              phase: "connected",
              keysSent: "12",
              quality: { mosX100: 420, lossPermille: 1, jitterMs: 5, roundTripMs: 40 },
            }),
            makeCall({ id: "in-2", direction: "incoming", phase: "incoming" }),
          ],
        }),
      ),
    );
    await screen.findByTestId("in-call-panel");
    await userEvent.click(screen.getByTestId("keypad-button"));
    await screen.findByTestId("call-microphone");
    expect(await axeViolations()).toEqual([]);

    await userEvent.click(within(screen.getByTestId("phone-registration")).getByRole("button"));
    await screen.findByTestId("phone-form");
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in an ended call and the dial pad", async () => {
    await renderMainScreen();
    await act(() =>
      emit(
        "phone",
        makePhoneStatus({
          recentNumbers: ["+302101234567"],
          calls: [
            makeCall({
              phase: "ended",
              outcome: { kind: "busy" },
              outcomeText: "Busy",
              nextNumber: {
                kind: "mobile",
                e164: "+306912345678",
                display: "+30 691 234 5678",
                region: "GR",
              },
            }),
          ],
        }),
      ),
    );
    await screen.findByTestId("call-next-number");
    await userEvent.click(screen.getByTestId("open-dial-pad"));
    await screen.findByRole("dialog", { name: "Call a number" });
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in the sync indicator and the Dynamics 365 settings", async () => {
    await renderMainScreen({
      syncStatus: makeConnectedSync({
        pending: 2,
        conflicts: 1,
        problem: { code: "crm_unavailable", message: "Dynamics 365 didn't answer in time." },
        missingTables: ["msdyn_sequence"],
      }),
      outboxItems: [
        makeOutboxItem({ seq: 1, state: "failed", attempts: 3, lastError: "Refused." }),
        makeOutboxItem({ seq: 2, state: "conflict", attempts: 1 }),
      ],
    });
    const indicator = await screen.findByTestId("sync-indicator");
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(within(indicator).getByRole("button"));
    await screen.findAllByTestId("outbox-item");
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByTestId("crm-sign-out"));
    await screen.findByRole("alertdialog");
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in the call panel", async () => {
    await renderMainScreen();
    await userEvent.click(within(screen.getByTestId("upnext-active")).getByTestId("action-main"));
    await screen.findByTestId("call-panel");
    expect(await axeViolations()).toEqual([]);
  });

  it("finds no violations in a call link's dial pad", async () => {
    mockBackend({
      workList: makePage([makeCard()]),
      takeCallLink: makeCallLink({ record: "lead-1", recordName: "Aegean Olive Co." }),
    });
    renderWithProviders(<App />);
    const dialPad = await screen.findByRole("dialog", { name: "Call a number" });
    await within(dialPad).findByTestId("dialpad-record");
    expect(await axeViolations()).toEqual([]);
  });
});
