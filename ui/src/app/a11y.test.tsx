import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { axeViolations } from "../test/axe";
import {
  NOW,
  hoursFromNow,
  makeActivityView,
  makeAppInfo,
  makeCard,
  makePage,
  makeUpNext,
} from "../test/fixtures";
import { mockBackend, renderWithProviders } from "../test/render";
import { App } from "./App";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderMainScreen() {
  mockBackend({
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

  it("finds no violations in the call panel", async () => {
    await renderMainScreen();
    await userEvent.click(within(screen.getByTestId("upnext-active")).getByTestId("action-main"));
    await screen.findByTestId("call-panel");
    expect(await axeViolations()).toEqual([]);
  });
});
