import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { notifyChanged } from "../../../ipc/changes";
import type { DesktopPrefs } from "../../../ipc/commands";
import { formatClockTime } from "../../../lib/relativeTime";
import { axeViolations } from "../../../test/axe";
import { makeDesktopPrefs } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { SettingsDialog } from "./SettingsDialog";

function renderNotificationSettings(backend: MockBackend = {}) {
  const ipc = mockBackend(backend);
  const view = renderWithProviders(
    <SettingsDialog open section="notifications" version="0.1.0" onClose={vi.fn()} />,
  );
  return { ipc, ...view };
}

const field = (testId: string) => screen.getByTestId(testId);
const inAnHour = () => new Date(Date.now() + 3_600_000);

const SAVED = makeDesktopPrefs({
  closeToTray: false,
  startAtLogin: true,
  notify: {
    quietHours: { start: "21:30:00", end: "07:00:00" },
    dndUntil: null,
    meetingLeadMinutes: 60,
  },
});

describe("Settings → Notifications", () => {
  it("opens from its tab with a new install's settings, and saves quiet hours 20:00–08:00", async () => {
    const ipc = mockBackend();
    renderWithProviders(<SettingsDialog open version="0.1.0" onClose={vi.fn()} />);
    const tab = screen.getByTestId("settings-tab-notifications");
    expect(tab).toHaveTextContent("Notifications");
    await userEvent.click(tab);
    expect(tab).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Notifications" })).toBeInTheDocument();

    await screen.findByTestId("notify-form");
    expect(callsTo(ipc, "desktop_prefs")).toHaveLength(1);
    expect(field("notify-close-to-tray")).toBeChecked();
    expect(screen.getByLabelText("Keep Nextline in the tray when the window is closed")).toBe(
      field("notify-close-to-tray"),
    );
    expect(field("notify-start-at-login")).not.toBeChecked();
    expect(screen.getByLabelText("Start Nextline when I sign in")).toBe(
      field("notify-start-at-login"),
    );
    expect(field("notify-quiet-hours")).not.toBeChecked();
    expect(screen.queryByTestId("notify-quiet-from")).not.toBeInTheDocument();
    expect(field("notify-meeting-lead")).toHaveDisplayValue("15 minutes before");
    expect(
      within(field("notify-meeting-lead"))
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual([
      "5 minutes before",
      "10 minutes before",
      "15 minutes before",
      "30 minutes before",
      "60 minutes before",
    ]);
    expect(screen.queryByTestId("notify-dnd")).not.toBeInTheDocument();

    await userEvent.click(field("notify-quiet-hours"));
    expect(field("notify-quiet-from")).toHaveValue("20:00");
    expect(field("notify-quiet-to")).toHaveValue("08:00");
    await userEvent.click(field("notify-start-at-login"));
    await userEvent.selectOptions(field("notify-meeting-lead"), "30");
    await userEvent.click(field("notify-save"));

    await waitFor(() =>
      expect(callsTo(ipc, "set_desktop_prefs")).toEqual([
        {
          prefs: {
            closeToTray: true,
            startAtLogin: true,
            notify: {
              quietHours: { start: "20:00:00", end: "08:00:00" },
              dndUntil: null,
              meetingLeadMinutes: 30,
            },
          },
        },
      ]),
    );
    expect(await screen.findByTestId("notify-done")).toHaveTextContent("Saved.");
  });

  it("shows what was saved, and saves changed hours, no quiet hours, and the default lead as null", async () => {
    const { ipc } = renderNotificationSettings({ desktopPrefs: SAVED });
    await screen.findByTestId("notify-form");
    expect(field("notify-close-to-tray")).not.toBeChecked();
    expect(field("notify-start-at-login")).toBeChecked();
    expect(field("notify-quiet-hours")).toBeChecked();
    expect(field("notify-quiet-from")).toHaveValue("21:30");
    expect(field("notify-quiet-to")).toHaveValue("07:00");
    expect(field("notify-meeting-lead")).toHaveDisplayValue("60 minutes before");

    fireEvent.change(field("notify-quiet-from"), { target: { value: "22:00" } });
    await userEvent.click(field("notify-close-to-tray"));
    await userEvent.click(field("notify-save"));
    await waitFor(() => expect(callsTo(ipc, "set_desktop_prefs")).toHaveLength(1));
    expect(callsTo(ipc, "set_desktop_prefs")[0]).toEqual({
      prefs: {
        closeToTray: true,
        startAtLogin: true,
        notify: {
          quietHours: { start: "22:00:00", end: "07:00:00" },
          dndUntil: null,
          meetingLeadMinutes: 60,
        },
      },
    });

    await userEvent.click(field("notify-quiet-hours"));
    expect(screen.queryByTestId("notify-quiet-from")).not.toBeInTheDocument();
    await userEvent.selectOptions(field("notify-meeting-lead"), "15");
    await userEvent.click(field("notify-save"));
    await waitFor(() => expect(callsTo(ipc, "set_desktop_prefs")).toHaveLength(2));
    expect(callsTo(ipc, "set_desktop_prefs")[1]).toEqual({
      prefs: {
        closeToTray: true,
        startAtLogin: true,
        notify: { quietHours: null, dndUntil: null, meetingLeadMinutes: null },
      },
    });
  });

  it("offers a meeting lead chosen elsewhere among the usual ones", async () => {
    renderNotificationSettings({
      desktopPrefs: makeDesktopPrefs({
        notify: { quietHours: null, dndUntil: null, meetingLeadMinutes: 20 },
      }),
    });
    await screen.findByTestId("notify-form");
    expect(field("notify-meeting-lead")).toHaveDisplayValue("20 minutes before");
    expect(within(field("notify-meeting-lead")).getAllByRole("option")).toHaveLength(6);
  });

  it("asks for a time rather than saving an emptied one", async () => {
    const { ipc } = renderNotificationSettings({ desktopPrefs: SAVED });
    await screen.findByTestId("notify-form");
    fireEvent.change(field("notify-quiet-to"), { target: { value: "" } });
    expect(await screen.findByText("Enter a time")).toBeInTheDocument();
    await userEvent.click(field("notify-save"));
    expect(callsTo(ipc, "set_desktop_prefs")).toEqual([]);
  });

  it("says until when notifications wait, and turns them back on, keeping the rest", async () => {
    const until = inAnHour();
    const prefs = makeDesktopPrefs({
      ...SAVED,
      notify: { ...SAVED.notify, dndUntil: until.toISOString() },
    });
    const { ipc } = renderNotificationSettings({ desktopPrefs: prefs });
    const dnd = await screen.findByTestId("notify-dnd");
    expect(dnd).toHaveTextContent(`Do not disturb until ${formatClockTime(until, "en")}`);
    expect(dnd).toHaveTextContent(/until \d\d:\d\d/);

    // A change not saved yet stays a change: turning notifications on doesn't send it.
    await userEvent.click(field("notify-start-at-login"));
    await userEvent.click(within(dnd).getByTestId("notify-dnd-off"));
    await waitFor(() =>
      expect(callsTo(ipc, "set_desktop_prefs")).toEqual([
        { prefs: { ...prefs, notify: { ...prefs.notify, dndUntil: null } } },
      ]),
    );
    expect(await screen.findByTestId("notify-done")).toHaveTextContent(
      "Notifications are on again.",
    );
    expect(screen.queryByTestId("notify-dnd")).not.toBeInTheDocument();
    expect(field("notify-start-at-login")).not.toBeChecked();

    // Saving later keeps do not disturb off.
    await userEvent.click(field("notify-save"));
    await waitFor(() => expect(callsTo(ipc, "set_desktop_prefs")).toHaveLength(2));
    expect(callsTo(ipc, "set_desktop_prefs")[1]).toEqual({
      prefs: {
        ...SAVED,
        startAtLogin: false,
        notify: { ...SAVED.notify, dndUntil: null },
      },
    });
  });

  it("doesn't mention a do not disturb that is over", async () => {
    renderNotificationSettings({
      desktopPrefs: makeDesktopPrefs({
        notify: {
          quietHours: null,
          dndUntil: new Date(Date.now() - 60_000).toISOString(),
          meetingLeadMinutes: null,
        },
      }),
    });
    await screen.findByTestId("notify-form");
    expect(screen.queryByTestId("notify-dnd")).not.toBeInTheDocument();
  });

  it("follows do not disturb set from the tray, and saves without undoing it", async () => {
    let kept: DesktopPrefs = makeDesktopPrefs();
    const { ipc } = renderNotificationSettings({ desktopPrefs: () => kept });
    await screen.findByTestId("notify-form");
    expect(screen.queryByTestId("notify-dnd")).not.toBeInTheDocument();

    const until = inAnHour().toISOString();
    kept = makeDesktopPrefs({ notify: { ...kept.notify, dndUntil: until } });
    act(() => notifyChanged([]));
    expect(await screen.findByTestId("notify-dnd")).toBeInTheDocument();

    await userEvent.click(field("notify-save"));
    await waitFor(() => expect(callsTo(ipc, "set_desktop_prefs")).toEqual([{ prefs: kept }]));
  });

  it("shows the back end's reason when saving fails", async () => {
    const message = "Nextline couldn't write its settings: the disk is full.";
    renderNotificationSettings({
      setDesktopPrefs: { reject: { code: "storage", message } },
    });
    await screen.findByTestId("notify-form");
    await userEvent.click(field("notify-start-at-login"));
    await userEvent.click(field("notify-save"));
    const error = await screen.findByTestId("notify-error");
    expect(error).toHaveTextContent("Couldn't save the notification settings");
    expect(error).toHaveTextContent(message);
    expect(screen.queryByTestId("notify-done")).not.toBeInTheDocument();
    // What was changed stays, to try again.
    expect(field("notify-start-at-login")).toBeChecked();
  });

  it("shows the back end's reason when notifications can't be turned back on", async () => {
    const message = "Nextline couldn't write its settings: the disk is full.";
    renderNotificationSettings({
      desktopPrefs: makeDesktopPrefs({
        notify: { quietHours: null, dndUntil: inAnHour().toISOString(), meetingLeadMinutes: null },
      }),
      setDesktopPrefs: { reject: { code: "storage", message } },
    });
    await userEvent.click(await screen.findByTestId("notify-dnd-off"));
    const error = await screen.findByTestId("notify-error");
    expect(error).toHaveTextContent("Couldn't turn notifications back on");
    expect(error).toHaveTextContent(message);
    expect(screen.getByTestId("notify-dnd")).toBeInTheDocument();
  });

  it("says when the settings can't be loaded", async () => {
    renderNotificationSettings({
      desktopPrefs: { reject: { code: "internal", message: "boom" } },
    });
    const error = await screen.findByTestId("notify-load-error");
    expect(error).toHaveTextContent("Couldn't load the notification settings");
    expect(screen.queryByTestId("notify-form")).not.toBeInTheDocument();
  });

  it("finds no accessibility violations (axe-core), with quiet hours and do not disturb", async () => {
    renderNotificationSettings({
      desktopPrefs: makeDesktopPrefs({
        ...SAVED,
        notify: { ...SAVED.notify, dndUntil: inAnHour().toISOString() },
      }),
    });
    await screen.findByTestId("notify-dnd");
    expect(await axeViolations()).toEqual([]);
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    renderNotificationSettings({
      desktopPrefs: makeDesktopPrefs({
        notify: { quietHours: null, dndUntil: inAnHour().toISOString(), meetingLeadMinutes: null },
      }),
    });
    await screen.findByTestId("notify-form");
    expect(screen.getByRole("tab", { name: "Ειδοποιήσεις" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    expect(screen.getByText("Ώρες ησυχίας")).toBeInTheDocument();
    expect(field("notify-meeting-lead")).toHaveDisplayValue("15 λεπτά πριν");
    expect(screen.getByTestId("notify-dnd")).toHaveTextContent(/^Μην ενοχλείτε έως τις \d\d:\d\d/);
    expect(screen.getByTestId("notify-dnd-off")).toHaveTextContent(
      "Ενεργοποίηση των ειδοποιήσεων ξανά",
    );
  });
});
