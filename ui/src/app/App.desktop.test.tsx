import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CallLink } from "../ipc/commands";
import {
  NOW,
  makeActivityView,
  makeAppInfo,
  makeCall,
  makeCallLink,
  makeCard,
  makeDialPlan,
  makePage,
  makePhoneStatus,
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

/** The list's one card; the records the desktop opens are not on its page. */
const CARDS = [makeCard()];

const CONTACTS: Record<string, [string, string]> = {
  "lead-1": ["Maria Papadopoulou", "Aegean Olive Co."],
  "opp-7": ["Giorgos Nikolaou", "Cycladic Ferries renewal"],
  "lead-42": ["Anna Berg", "Thessaloniki Bakeries"],
};

function upNextFor(record: string) {
  const view = makeUpNext();
  const [contact, name] = CONTACTS[record] ?? [record, record];
  return makeUpNext({
    record: {
      ...view.record,
      id: record,
      name,
      contact: { ...view.record.contact, name: contact },
    },
    active: makeActivityView({ id: `active-of-${record}`, record }),
  });
}

async function renderApp(backend: MockBackend = {}) {
  const calls = mockBackend({
    workList: makePage(CARDS),
    upNext: upNextFor,
    phoneStatus: makePhoneStatus(),
    ...backend,
  });
  renderWithProviders(<App />);
  await screen.findAllByTestId("worklist-card");
  await waitFor(() => expect(callsTo(calls, "take_call_link")).toHaveLength(1));
  return calls;
}

const openRecord = (record: string, call: boolean) =>
  act(() => emit("open-record", { record, call }));

const selectedIds = () =>
  screen
    .getAllByTestId("worklist-card")
    .filter((c) => c.getAttribute("aria-selected") === "true")
    .map((c) => c.dataset.recordId);

describe("a reminder or the tray opening a record", () => {
  it("shows the record's Up Next, even when no card of the list is it", async () => {
    const calls = await renderApp();
    expect(screen.getByTestId("record-empty")).toBeInTheDocument();

    await openRecord("lead-42", false);
    const panel = await screen.findByTestId("upnext");
    expect(panel).toHaveAttribute("data-record-id", "lead-42");
    expect(panel).toHaveTextContent("Anna Berg");
    // The record's pane (or its Up Next, once loaded) has the keyboard.
    await waitFor(() => expect(document.activeElement?.contains(panel)).toBe(true));
    expect(callsTo(calls, "up_next")).toEqual([{ record: "lead-42" }]);
    expect(callsTo(calls, "timeline")).toEqual([{ record: "lead-42" }]);
    expect(selectedIds()).toEqual([]);
    expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument();

    // A card clicked afterwards takes over, as usual.
    await userEvent.click(screen.getAllByTestId("worklist-card")[0]);
    expect(selectedIds()).toEqual(["lead-1"]);
    await waitFor(() =>
      expect(screen.getByTestId("upnext")).toHaveAttribute("data-record-id", "lead-1"),
    );
  });

  it("calls its contact as Up Next's Call button does, for its phone call step", async () => {
    const calls = await renderApp({
      placeCall: makeCall({ record: "lead-42", who: "Anna Berg", recordName: null }),
    });
    await openRecord("lead-42", true);

    const panel = await screen.findByTestId("call-panel");
    expect(within(panel).getByRole("heading")).toHaveTextContent("Call Anna Berg");
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("+30 21 0123 4567");
    expect(await screen.findByTestId("upnext")).toHaveAttribute("data-record-id", "lead-42");
    // Up Next's own dial plan: nothing asked apart.
    expect(callsTo(calls, "dial_plan")).toEqual([]);

    await userEvent.click(within(panel).getByTestId("call-button"));
    expect(callsTo(calls, "place_call")).toEqual([
      {
        request: {
          record: "lead-42",
          number: null,
          forActivity: "active-of-lead-42",
          doNotPhoneConfirmed: false,
        },
      },
    ]);
    expect(await screen.findByTestId("in-call-panel")).toHaveTextContent("Anna Berg");
    await waitFor(() => expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument());
  });

  it("asks first when the contact asked not to be phoned", async () => {
    const calls = await renderApp({
      upNext: (record) =>
        makeUpNext({
          ...upNextFor(record),
          dialPlan: makeDialPlan({ warnings: ["doNotPhone"] }),
        }),
    });
    await openRecord("lead-42", true);
    const warning = await screen.findByTestId("dnp-warning");
    expect(warning).toHaveTextContent("Anna Berg asked not to be phoned");
    expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument();
    await userEvent.click(within(warning).getByTestId("dnp-continue"));
    await userEvent.click(await screen.findByTestId("call-button"));
    expect(callsTo(calls, "place_call")).toEqual([
      {
        request: {
          record: "lead-42",
          number: null,
          forActivity: "active-of-lead-42",
          doNotPhoneConfirmed: true,
        },
      },
    ]);
  });

  it("offers to set the phone up when it isn't", async () => {
    await renderApp({
      placeCall: {
        reject: {
          code: "phone_not_set_up",
          message: "Calling isn't set up yet. Add your phone account in Settings.",
        },
      },
    });
    await openRecord("lead-42", true);
    await userEvent.click(await screen.findByTestId("call-button"));
    expect(await screen.findByTestId("call-error")).toHaveTextContent("Calling isn't set up yet.");
    await userEvent.click(screen.getByTestId("call-setup"));
    const settings = await screen.findByRole("dialog", { name: "Settings" });
    expect(within(settings).getByRole("tab", { name: "Phone", hidden: true })).toHaveAttribute(
      "aria-selected",
      "true",
    );
  });

  it("doesn't call when the record can't be loaded, and says why", async () => {
    await renderApp({
      upNext: { reject: { code: "not_found", message: "That record isn't here any more." } },
    });
    await openRecord("lead-42", true);
    expect(await screen.findByTestId("upnext-error")).toHaveTextContent(
      "That record isn't here any more.",
    );
    expect(screen.queryByTestId("call-panel")).not.toBeInTheDocument();
  });
});

describe("a tel: link", () => {
  it("opens the dial pad at startup with the link's number and record, and calls on it", async () => {
    const calls = await renderApp({
      takeCallLink: makeCallLink({ number: "+30 210 765-4321" }),
      placeCall: makeCall({ record: "opp-7", who: "Giorgos Nikolaou" }),
    });
    const dialog = await screen.findByRole("dialog", { name: "Call a number" });
    expect(within(dialog).getByTestId("dial-pad-input")).toHaveValue("+302107654321");
    expect(await within(dialog).findByTestId("dialpad-record")).toHaveTextContent(
      "For Giorgos Nikolaou — Cycladic Ferries renewal",
    );
    // The record is selected behind the dial pad.
    expect(await screen.findByTestId("upnext")).toHaveAttribute("data-record-id", "opp-7");
    expect(callsTo(calls, "take_call_link")).toHaveLength(1);
    expect(callsTo(calls, "place_call")).toEqual([]);

    await userEvent.click(within(dialog).getByTestId("dial-call"));
    expect(callsTo(calls, "place_call")).toEqual([
      {
        request: {
          record: "opp-7",
          number: "+302107654321",
          forActivity: null,
          doNotPhoneConfirmed: false,
        },
      },
    ]);
    await waitFor(() =>
      expect(screen.queryByRole("dialog", { name: "Call a number" })).not.toBeInTheDocument(),
    );
  });

  it("shows the record's name until its contact is known", async () => {
    await renderApp({
      takeCallLink: makeCallLink(),
      upNext: { reject: { code: "internal", message: "boom" } },
    });
    const dialog = await screen.findByRole("dialog", { name: "Call a number" });
    expect(within(dialog).getByTestId("dialpad-record")).toHaveTextContent(
      "For Cycladic Ferries renewal",
    );
  });

  it("takes each link handed over later, once, and opens the dial pad with it", async () => {
    let waiting: CallLink | null = null;
    const calls = await renderApp({
      takeCallLink: () => {
        const link = waiting;
        waiting = null;
        return link;
      },
    });
    expect(screen.queryByRole("dialog", { name: "Call a number" })).not.toBeInTheDocument();

    // A number no record has: the dial pad alone.
    waiting = makeCallLink({ number: "+14255550100", record: null, recordName: null });
    await act(() => emit("call-link", waiting));
    const dialog = await screen.findByRole("dialog", { name: "Call a number" });
    expect(within(dialog).getByTestId("dial-pad-input")).toHaveValue("+14255550100");
    expect(within(dialog).queryByTestId("dialpad-record")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-empty")).toBeInTheDocument();
    expect(callsTo(calls, "take_call_link")).toHaveLength(2);

    // Another one replaces it, with its record.
    waiting = makeCallLink();
    await act(() => emit("call-link", waiting));
    await waitFor(() => expect(screen.getByTestId("dial-pad-input")).toHaveValue("+302107654321"));
    expect(await screen.findByTestId("dialpad-record")).toHaveTextContent("Giorgos Nikolaou");
    expect(await screen.findByTestId("upnext")).toHaveAttribute("data-record-id", "opp-7");
    expect(callsTo(calls, "take_call_link")).toHaveLength(3);

    // An event whose link was already taken changes nothing.
    await act(() => emit("call-link", makeCallLink({ number: "+306900000000" })));
    await waitFor(() => expect(callsTo(calls, "take_call_link")).toHaveLength(4));
    expect(screen.getByTestId("dial-pad-input")).toHaveValue("+302107654321");
  });

  it("asks before calling a contact who asked not to be phoned", async () => {
    const calls = await renderApp({
      takeCallLink: makeCallLink(),
      upNext: (record) =>
        makeUpNext({
          ...upNextFor(record),
          dialPlan: makeDialPlan({ warnings: ["doNotPhone"] }),
        }),
    });
    const dialog = await screen.findByRole("dialog", { name: "Call a number" });
    await within(dialog).findByText("For Giorgos Nikolaou — Cycladic Ferries renewal");
    await userEvent.click(within(dialog).getByTestId("dial-call"));
    const warning = await screen.findByTestId("dnp-warning");
    expect(warning).toHaveTextContent("Giorgos Nikolaou asked not to be phoned");
    expect(callsTo(calls, "place_call")).toEqual([]);

    // Cancel goes back to the dial pad; Continue calls.
    await userEvent.click(within(warning).getByTestId("dnp-cancel"));
    await userEvent.click(await screen.findByTestId("dial-call"));
    await userEvent.click(await screen.findByTestId("dnp-continue"));
    await waitFor(() =>
      expect(callsTo(calls, "place_call")).toEqual([
        {
          request: {
            record: "opp-7",
            number: "+302107654321",
            forActivity: null,
            doNotPhoneConfirmed: true,
          },
        },
      ]),
    );
  });

  it("says whose number it is in Greek", async () => {
    const { default: i18n } = await import("../i18n");
    await i18n.changeLanguage("el");
    await renderApp({ appInfo: makeAppInfo({ language: "el" }), takeCallLink: makeCallLink() });
    const dialog = await screen.findByRole("dialog", { name: "Κλήση αριθμού" });
    expect(await within(dialog).findByTestId("dialpad-record")).toHaveTextContent(
      "Για: Giorgos Nikolaou — Cycladic Ferries renewal",
    );
  });
});
