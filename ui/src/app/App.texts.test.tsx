import { emit } from "@tauri-apps/api/event";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetDrafts } from "../features/texts/hooks/drafts";
import {
  NOW,
  makeActivityView,
  makeCard,
  makeConversation,
  makePage,
  makeTextMessage,
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
  forgetDrafts();
});

const CARDS = [
  makeCard(),
  makeCard({
    recordId: "opp-7",
    activityId: "text-step-7",
    activityType: "textMessage",
    name: "Cycladic Ferries renewal",
    contactName: "Giorgos Nikolaou",
    subject: "Text about the renewal",
  }),
];

const NAMES: Record<string, string> = {
  "lead-1": "Maria Papadopoulou",
  "opp-7": "Giorgos Nikolaou",
  "lead-42": "Anna Berg",
};

const conversationOf = (record: string) =>
  makeConversation({ record, contactName: NAMES[record] ?? record });

/** The record's Up Next, its step now a phone call. */
function upNextOf(record: string) {
  const view = makeUpNext();
  return makeUpNext({
    record: {
      ...view.record,
      id: record,
      contact: { ...view.record.contact, name: NAMES[record] },
    },
    active: makeActivityView({ id: `active-of-${record}`, record }),
  });
}

/** Up Next with a text message step now (its main action: Text message). */
function textStepUpNext(record: string) {
  const view = makeUpNext();
  return makeUpNext({
    record: {
      ...view.record,
      id: record,
      contact: { ...view.record.contact, name: NAMES[record] },
    },
    active: makeActivityView(
      { id: `text-of-${record}`, record, type: "textMessage", subject: "Text them" },
      {},
      "textMessage",
    ),
  });
}

async function renderApp(backend: MockBackend = {}) {
  const calls = mockBackend({
    workList: makePage(CARDS),
    upNext: upNextOf,
    conversation: conversationOf,
    ...backend,
  });
  renderWithProviders(<App />);
  await screen.findAllByTestId("worklist-card");
  return calls;
}

const card = (i: number) => screen.getAllByTestId("worklist-card")[i];

describe("text messages in the window (R19–R21)", () => {
  it("opens the conversation from a card's quick action, above Up Next", async () => {
    const calls = await renderApp({
      conversation: (record) =>
        makeConversation({ ...conversationOf(record), messages: [makeTextMessage()] }),
    });
    fireEvent.click(within(card(0)).getByTestId("quick-textMessage"));

    const pane = await screen.findByTestId("conversation-pane");
    expect(pane).toHaveAttribute("data-record-id", "lead-1");
    expect(await within(pane).findByTestId("conversation-title")).toHaveTextContent(
      "Maria Papadopoulou",
    );
    expect(callsTo(calls, "conversation")).toEqual([{ record: "lead-1" }]);
    expect(await within(pane).findAllByTestId("text-message")).toHaveLength(1);
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
    // Docked above the record's Up Next, in the record pane.
    const upnext = await screen.findByTestId("upnext");
    expect(pane.compareDocumentPosition(upnext) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await waitFor(() => expect(within(pane).getByTestId("text-body")).toHaveFocus());

    // Not a text step: the message is just a message.
    await userEvent.type(within(pane).getByTestId("text-body"), "Hello Maria{Enter}");
    await waitFor(() =>
      expect(callsTo(calls, "send_text")).toEqual([
        {
          request: {
            record: "lead-1",
            forActivity: null,
            from: "+302111980000",
            to: "+302101234567",
            body: "Hello Maria",
          },
        },
      ]),
    );
  });

  it("completes a text step sent from its card's quick action", async () => {
    const calls = await renderApp();
    fireEvent.click(within(card(1)).getByTestId("quick-textMessage"));
    const pane = await screen.findByTestId("conversation-pane");
    expect(await within(pane).findByTestId("conversation-title")).toHaveTextContent(
      "Giorgos Nikolaou",
    );
    await userEvent.type(within(pane).getByTestId("text-body"), "See you Tuesday{Enter}");
    await waitFor(() => expect(callsTo(calls, "send_text")).toHaveLength(1));
    expect(callsTo(calls, "send_text")[0]).toMatchObject({
      request: { record: "opp-7", forActivity: "text-step-7" },
    });
  });

  it("opens from Up Next's Text message, for that step", async () => {
    const calls = await renderApp({ upNext: textStepUpNext });
    await userEvent.click(card(0));
    const main = within(await screen.findByTestId("upnext-active")).getByTestId("action-main");
    expect(main).toHaveAttribute("data-action", "textMessage");
    await userEvent.click(main);

    const pane = await screen.findByTestId("conversation-pane");
    await userEvent.type(await within(pane).findByTestId("text-body"), "Hi{Enter}");
    await waitFor(() => expect(callsTo(calls, "send_text")).toHaveLength(1));
    expect(callsTo(calls, "send_text")[0]).toMatchObject({
      request: { record: "lead-1", forActivity: "text-of-lead-1" },
    });
    expect(screen.queryByTestId("coming-soon")).not.toBeInTheDocument();
  });

  it("opens with the t shortcut, closes with its Close button", async () => {
    await renderApp({ upNext: textStepUpNext });
    await userEvent.click(card(0));
    await screen.findByTestId("upnext-active");
    await userEvent.keyboard("t");
    const pane = await screen.findByTestId("conversation-pane");
    expect(pane).toHaveAttribute("data-record-id", "lead-1");

    await userEvent.click(within(pane).getByTestId("conversation-close"));
    expect(screen.queryByTestId("conversation-pane")).not.toBeInTheDocument();
    expect(screen.getByTestId("upnext")).toBeInTheDocument();
  });

  it("stays with its record when the seller looks at another one", async () => {
    await renderApp();
    fireEvent.click(within(card(0)).getByTestId("quick-textMessage"));
    await screen.findByTestId("conversation-pane");
    await userEvent.click(card(1));
    await waitFor(() =>
      expect(screen.getByTestId("upnext")).toHaveAttribute("data-record-id", "opp-7"),
    );
    expect(screen.queryByTestId("conversation-pane")).not.toBeInTheDocument();
    await userEvent.click(card(0));
    expect(await screen.findByTestId("conversation-pane")).toHaveAttribute(
      "data-record-id",
      "lead-1",
    );
  });

  it("opens a reply's record and conversation when its notification is clicked", async () => {
    const calls = await renderApp();
    expect(screen.getByTestId("record-empty")).toBeInTheDocument();
    await act(() => emit("open-conversation", { record: "lead-42" }));

    const pane = await screen.findByTestId("conversation-pane");
    expect(pane).toHaveAttribute("data-record-id", "lead-42");
    expect(await within(pane).findByTestId("conversation-title")).toHaveTextContent("Anna Berg");
    expect(await screen.findByTestId("upnext")).toBeInTheDocument();
    expect(callsTo(calls, "up_next")).toEqual([{ record: "lead-42" }]);
  });

  it("takes the seller to Settings → Text messages when texts aren't set up", async () => {
    await renderApp({
      conversation: (record) => makeConversation({ ...conversationOf(record), transport: null }),
    });
    fireEvent.click(within(card(0)).getByTestId("quick-textMessage"));
    await userEvent.click(await screen.findByTestId("texts-open-settings"));
    const dialog = await screen.findByTestId("settings-dialog");
    expect(within(dialog).getByTestId("settings-texts-tab")).toHaveAttribute(
      "aria-selected",
      "true",
    );
    expect(await within(dialog).findByTestId("text-settings-form")).toBeInTheDocument();
  });
});
