import { emit } from "@tauri-apps/api/event";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useBackendChanges } from "../../../ipc/changes";
import type { Conversation, SendTextRequest } from "../../../ipc/commands";
import { axeViolations } from "../../../test/axe";
import { NOW, hoursFromNow, makeConversation, makeTextMessage } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { forgetDrafts } from "../hooks/drafts";
import { ConversationPane } from "./ConversationPane";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
  forgetDrafts();
});

/** The pane as the window has it: the back end's `changed` events reach it. */
function Window(props: { forActivity?: string | null; onOpenSettings?: () => void }) {
  useBackendChanges();
  return (
    <ConversationPane
      recordId="lead-1"
      forActivity={props.forActivity ?? null}
      opened={1}
      onClose={vi.fn()}
      onOpenSettings={props.onOpenSettings ?? vi.fn()}
    />
  );
}

function renderPane(
  backend: MockBackend = {},
  props: { forActivity?: string | null; onOpenSettings?: () => void } = {},
) {
  const calls = mockBackend(backend);
  renderWithProviders(<Window {...props} />);
  return calls;
}

/** Maria's history: a delivered text, her reply, then one sending and one that failed. */
const HISTORY = [
  makeTextMessage(
    { id: "t1" },
    { at: hoursFromNow(-3), body: "Hi Maria, when is a good time to call?", state: "delivered" },
  ),
  makeTextMessage(
    { id: "t2", closedBy: null },
    {
      direction: "incoming",
      from: "+306912345678",
      to: "+302111980000",
      at: hoursFromNow(-2),
      body: "After 4pm works for me.",
      state: "received",
    },
  ),
  makeTextMessage(
    { id: "t3" },
    { at: hoursFromNow(-0.5), body: "Great, talk then!", state: "sent" },
  ),
  makeTextMessage(
    { id: "t4" },
    {
      at: hoursFromNow(-0.1),
      to: "+306912345678",
      body: "Sending the price list too.",
      state: "failed",
      failure: "Twilio refused the message: the number can't receive texts.",
    },
  ),
  makeTextMessage({ id: "t5" }, { at: NOW.toISOString(), body: "On its way", state: "sending" }),
];

const messages = () => screen.getAllByTestId("text-message");
const box = () => screen.getByTestId("text-body");

describe("the conversation pane (R21)", () => {
  it("lists what was sent and received, oldest first, with how each went", async () => {
    const calls = renderPane({ conversation: makeConversation({ messages: HISTORY }) });
    const pane = await screen.findByTestId("conversation-pane");
    await waitFor(() => expect(messages()).toHaveLength(5));
    expect(callsTo(calls, "conversation")).toEqual([{ record: "lead-1" }]);
    expect(within(pane).getByRole("heading", { level: 2 })).toHaveTextContent("Maria Papadopoulou");
    expect(screen.getByRole("region", { name: "Text messages with Maria Papadopoulou" })).toBe(
      pane,
    );

    expect(
      messages().map((m) => [
        m.dataset.direction,
        m.dataset.state,
        within(m).getByTestId("text-message-body").textContent,
      ]),
    ).toEqual([
      ["outgoing", "delivered", "Hi Maria, when is a good time to call?"],
      ["incoming", "received", "After 4pm works for me."],
      ["outgoing", "sent", "Great, talk then!"],
      ["outgoing", "failed", "Sending the price list too."],
      ["outgoing", "sending", "On its way"],
    ]);
    const [delivered, reply, sent, failed, sending] = messages();
    expect(within(delivered).getByTestId("text-message-state")).toHaveTextContent("Delivered");
    expect(within(sent).getByTestId("text-message-state")).toHaveTextContent("Sent");
    expect(within(sending).getByTestId("text-message-state")).toHaveTextContent("Sending…");
    expect(within(failed).getByTestId("text-message-state")).toHaveTextContent(
      "Not sent: Twilio refused the message: the number can't receive texts.",
    );
    // A reply has no delivery state; screen readers hear who wrote it.
    expect(within(reply).queryByTestId("text-message-state")).not.toBeInTheDocument();
    expect(reply).toHaveTextContent("From Maria Papadopoulou");
    // Short times: today's as a clock reads.
    expect(within(delivered).getByRole("time")).toHaveAttribute("dateTime", hoursFromNow(-3));
    // Which of her numbers a message went to, when she has several.
    expect(failed).toHaveTextContent("+30 691 234 5678");
  });

  it("says when there are no messages yet", async () => {
    renderPane();
    expect(await screen.findByTestId("conversation-empty")).toHaveTextContent(
      "No messages with Maria yet.",
    );
    expect(screen.queryAllByTestId("text-message")).toHaveLength(0);
  });

  it("sends to her business number first, from the seller's one number, and empties the box", async () => {
    let conv = makeConversation();
    const calls = renderPane(
      {
        conversation: () => conv,
        sendText: (request: SendTextRequest) => {
          conv = makeConversation({
            messages: [
              makeTextMessage({ id: "new" }, { body: request.body, to: request.to, state: "sent" }),
            ],
          });
          return { record: "lead-1", events: [], activities: [] };
        },
      },
      { forActivity: "step-text" },
    );
    await screen.findByTestId("text-composer");
    // One number of the seller's: nothing to choose. Hers: business first (R20).
    expect(screen.queryByTestId("text-from")).not.toBeInTheDocument();
    const to = screen.getByTestId("text-to");
    expect(to).toHaveDisplayValue("Business: +30 21 0123 4567");
    expect(
      within(to)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Business: +30 21 0123 4567", "Mobile: +30 691 234 5678"]);
    expect(screen.getByTestId("text-send")).toBeDisabled();

    await userEvent.type(box(), "Hi Maria, is 4pm still good?");
    expect(screen.getByTestId("text-count")).toHaveTextContent("28 / 1,000 characters");
    await userEvent.click(screen.getByTestId("text-send"));

    await waitFor(() =>
      expect(callsTo(calls, "send_text")).toEqual([
        {
          request: {
            record: "lead-1",
            forActivity: "step-text",
            from: "+302111980000",
            to: "+302101234567",
            body: "Hi Maria, is 4pm still good?",
          },
        },
      ]),
    );
    await waitFor(() => expect(box()).toHaveValue(""));
    // The pane shows it at once: the views of the record were told it changed.
    await waitFor(() => expect(messages()).toHaveLength(1));
    expect(messages()[0]).toHaveAttribute("data-state", "sent");
    expect(box()).toHaveFocus();
  });

  it("sends with Enter, and Shift+Enter starts a new line", async () => {
    const calls = renderPane();
    await screen.findByTestId("text-composer");
    await userEvent.type(box(), "First line{Shift>}{Enter}{/Shift}second line");
    expect(box()).toHaveValue("First line\nsecond line");
    expect(callsTo(calls, "send_text")).toEqual([]);
    await userEvent.type(box(), "{Enter}");
    await waitFor(() => expect(callsTo(calls, "send_text")).toHaveLength(1));
    expect(callsTo(calls, "send_text")[0]).toMatchObject({
      request: { body: "First line\nsecond line" },
    });
    await waitFor(() => expect(box()).toHaveValue(""));
  });

  it("sends from and to the numbers the seller picks", async () => {
    const calls = renderPane({
      conversation: makeConversation({ fromNumbers: ["+302111980000", "+302111980001"] }),
    });
    await screen.findByTestId("text-composer");
    expect(screen.getByTestId("text-from")).toHaveDisplayValue("+302111980000");
    await userEvent.selectOptions(screen.getByTestId("text-from"), "+302111980001");
    await userEvent.selectOptions(screen.getByTestId("text-to"), "+306912345678");
    await userEvent.type(box(), "Running late{Enter}");
    await waitFor(() =>
      expect(callsTo(calls, "send_text")).toEqual([
        {
          request: {
            record: "lead-1",
            forActivity: null,
            from: "+302111980001",
            to: "+306912345678",
            body: "Running late",
          },
        },
      ]),
    );
  });

  it("keeps what was typed when sending is refused, and says why", async () => {
    const message = "A text message can have up to 1000 characters.";
    renderPane({ sendText: { reject: { code: "text_too_long", message } } });
    await screen.findByTestId("text-composer");
    await userEvent.type(box(), "Hello there{Enter}");
    const error = await screen.findByTestId("text-error");
    expect(error).toHaveTextContent("Couldn't send the message");
    expect(error).toHaveTextContent(message);
    expect(box()).toHaveValue("Hello there");
    expect(screen.getByTestId("text-send")).toBeEnabled();
  });

  it("fills the box from a template", async () => {
    renderPane();
    await screen.findByTestId("text-composer");
    await userEvent.type(box(), "draft");
    await userEvent.click(screen.getByTestId("text-template"));
    const menu = await screen.findByRole("menu");
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((i) => i.textContent),
    ).toEqual(["Sorry I missed you", "Running late"]);
    await userEvent.click(within(menu).getByText("Sorry I missed you"));
    expect(box()).toHaveValue(
      "Hi Maria, it's Nikos Georgiou. Sorry I missed you — when is a good time to call?",
    );
    expect(screen.getByTestId("text-send")).toBeEnabled();
  });

  it("warns when she has no number to text, and doesn't offer Send", async () => {
    renderPane({
      conversation: makeConversation({ toNumbers: [], warnings: ["noNumberToText"] }),
    });
    const warning = await screen.findByTestId("text-warning-noNumberToText");
    expect(warning).toHaveTextContent("Maria Papadopoulou has no mobile or business number.");
    expect(screen.queryByTestId("text-to")).not.toBeInTheDocument();
    await userEvent.type(box(), "Hello");
    expect(screen.getByTestId("text-send")).toBeDisabled();
  });

  it("asks before texting someone who asked not to be texted", async () => {
    const calls = renderPane({ conversation: makeConversation({ warnings: ["doNotText"] }) });
    expect(await screen.findByTestId("text-warning-doNotText")).toHaveTextContent(
      "Maria Papadopoulou asked not to receive text messages.",
    );
    await userEvent.type(box(), "Hello{Enter}");
    const confirm = await screen.findByTestId("text-dnt-confirm");
    await userEvent.click(within(confirm).getByTestId("text-dnt-cancel"));
    expect(screen.queryByTestId("text-dnt-confirm")).not.toBeInTheDocument();
    expect(callsTo(calls, "send_text")).toEqual([]);
    expect(box()).toHaveValue("Hello");

    await userEvent.click(screen.getByTestId("text-send"));
    await userEvent.click(await screen.findByTestId("text-dnt-send"));
    await waitFor(() => expect(callsTo(calls, "send_text")).toHaveLength(1));
    await waitFor(() => expect(box()).toHaveValue(""));

    // Once is enough for this conversation.
    await userEvent.type(box(), "One more thing{Enter}");
    await waitFor(() => expect(callsTo(calls, "send_text")).toHaveLength(2));
    expect(screen.queryByTestId("text-dnt-confirm")).not.toBeInTheDocument();
  });

  it("says where to set texts up when they aren't, and opens that settings page", async () => {
    const onOpenSettings = vi.fn();
    renderPane(
      {
        conversation: makeConversation({
          transport: null,
          fromNumbers: [],
          messages: [HISTORY[1]],
        }),
      },
      { onOpenSettings },
    );
    const notReady = await screen.findByTestId("texts-not-ready");
    expect(notReady).toHaveTextContent("Text messages aren't set up");
    // The history still shows.
    expect(messages()).toHaveLength(1);
    await userEvent.type(box(), "Hello");
    expect(screen.getByTestId("text-send")).toBeDisabled();
    await userEvent.click(within(notReady).getByTestId("texts-open-settings"));
    expect(onOpenSettings).toHaveBeenCalledTimes(1);
  });

  it("counts up to 1,000 characters and doesn't send more", async () => {
    renderPane();
    await screen.findByTestId("text-composer");
    fireEvent.change(box(), { target: { value: "x".repeat(1001) } });
    expect(screen.getByTestId("text-count")).toHaveTextContent("1,001 / 1,000 characters");
    expect(screen.getByTestId("text-too-long")).toHaveTextContent(
      "A text message can have up to 1,000 characters.",
    );
    expect(screen.getByTestId("text-send")).toBeDisabled();
    fireEvent.change(box(), { target: { value: "x".repeat(1000) } });
    expect(screen.queryByTestId("text-too-long")).not.toBeInTheDocument();
    expect(screen.getByTestId("text-send")).toBeEnabled();
  });

  it("shows her reply when the record changes, and when a reply arrives", async () => {
    let conv: Conversation = makeConversation({ messages: [HISTORY[0]] });
    const calls = renderPane({ conversation: () => conv });
    await waitFor(() => expect(messages()).toHaveLength(1));

    conv = makeConversation({ messages: HISTORY.slice(0, 2) });
    await act(() => emit("changed", { records: ["lead-1"] }));
    await waitFor(() => expect(messages()).toHaveLength(2));
    expect(messages()[1]).toHaveAttribute("data-direction", "incoming");
    expect(messages()[1]).toHaveTextContent("After 4pm works for me.");

    // Another record's news: nothing to load.
    const asked = callsTo(calls, "conversation").length;
    await act(() => emit("changed", { records: ["opp-7"] }));
    await act(() => emit("text-arrived", { record: "opp-7" }));
    expect(callsTo(calls, "conversation")).toHaveLength(asked);

    conv = makeConversation({ messages: HISTORY.slice(0, 3) });
    await act(() => emit("text-arrived", { record: "lead-1" }));
    await waitFor(() => expect(messages()).toHaveLength(3));
  });

  it("sends a failed message again", async () => {
    const calls = renderPane({ conversation: makeConversation({ messages: [HISTORY[3]] }) });
    const failed = await screen.findByTestId("text-message");
    await userEvent.click(within(failed).getByTestId("text-send-again"));
    await waitFor(() =>
      expect(callsTo(calls, "send_text")).toEqual([
        {
          request: {
            record: "lead-1",
            forActivity: null,
            from: "+302111980000",
            to: "+306912345678",
            body: "Sending the price list too.",
          },
        },
      ]),
    );
  });

  it("keeps an unsent message when the pane closes and opens again", async () => {
    mockBackend();
    const { unmount } = renderWithProviders(<Window />);
    await screen.findByTestId("text-composer");
    await userEvent.type(box(), "Half-written");
    unmount();
    renderWithProviders(<Window />);
    await screen.findByTestId("text-composer");
    expect(box()).toHaveValue("Half-written");
  });

  it("finds no accessibility violations (axe-core), with messages and warnings", async () => {
    renderPane({
      conversation: makeConversation({
        messages: HISTORY,
        warnings: ["doNotText"],
        fromNumbers: ["+302111980000", "+302111980001"],
      }),
    });
    await waitFor(() => expect(messages()).toHaveLength(5));
    expect(await axeViolations(screen.getByTestId("conversation-pane"))).toEqual([]);
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    renderPane({ conversation: makeConversation({ messages: HISTORY }) });
    await waitFor(() => expect(messages()).toHaveLength(5));
    expect(within(messages()[0]).getByTestId("text-message-state")).toHaveTextContent("Παραδόθηκε");
    expect(within(messages()[3]).getByTestId("text-message-state")).toHaveTextContent(
      /^· Δεν στάλθηκε: /,
    );
    expect(screen.getByTestId("text-to")).toHaveDisplayValue("Εργασίας: +30 21 0123 4567");
    expect(screen.getByTestId("text-send")).toHaveTextContent("Αποστολή");
    expect(screen.getByTestId("text-template")).toHaveTextContent("Πρότυπα");
  });
});
