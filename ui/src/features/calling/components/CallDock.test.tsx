import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Suspense } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CallInfo, PhoneStatus } from "../../../ipc/commands";
import { NOW, makeCall, makePhoneStatus } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { ActivityFeedbackProvider } from "../../upnext";
import { usePhone } from "../hooks/usePhone";
import { CallDock } from "./CallDock";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

/** The window's part of the phone: the status hook and the docked call panel. */
function Phone() {
  const phone = usePhone();
  const calls = phone.status?.calls ?? [];
  return (
    <ActivityFeedbackProvider>
      <Suspense fallback={null}>
        {calls.length > 0 && (
          <CallDock
            calls={calls}
            audioNotice={phone.status?.audioNotice ?? null}
            onPlaced={phone.track}
          />
        )}
      </Suspense>
    </ActivityFeedbackProvider>
  );
}

async function renderPhone(calls: CallInfo[], backend: MockBackend = {}) {
  const ipc = mockBackend({ phoneStatus: makePhoneStatus({ calls }), ...backend });
  renderWithProviders(<Phone />);
  if (calls.length > 0) await screen.findByTestId("in-call-panel");
  else await waitFor(() => expect(callsTo(ipc, "phone_status")).toHaveLength(1));
  return ipc;
}

const phoneEvent = (status: PhoneStatus) => act(() => emit("phone", status));
const panel = () => screen.getByTestId("in-call-panel");
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

describe("the call panel", () => {
  it("appears with a call and follows the phone's events", async () => {
    await renderPhone([]);
    expect(screen.queryByTestId("in-call-panel")).not.toBeInTheDocument();

    await phoneEvent(makePhoneStatus({ calls: [makeCall({ phase: "dialing" })] }));
    expect(await screen.findByTestId("in-call-panel")).toHaveAttribute("data-phase", "dialing");
    expect(panel()).toHaveTextContent("Maria Papadopoulou");
    expect(panel()).toHaveTextContent("Aegean Olive Co.");
    expect(panel()).toHaveTextContent("+30 21 0123 4567");
    expect(screen.getByRole("status")).toHaveTextContent("Calling…");
    expect(screen.queryByTestId("call-timer")).not.toBeInTheDocument();

    await phoneEvent(makePhoneStatus({ calls: [makeCall({ phase: "ringing" })] }));
    expect(panel()).toHaveAttribute("data-phase", "ringing");
    expect(screen.getByTestId("call-state")).toHaveTextContent("Ringing…");

    await phoneEvent(
      makePhoneStatus({ calls: [makeCall({ phase: "connected", connectedAt: secondsAgo(192) })] }),
    );
    expect(screen.getByTestId("call-state")).toHaveTextContent("Connected");
    expect(screen.getByTestId("call-timer")).toHaveTextContent("3:12");

    await phoneEvent(makePhoneStatus({ calls: [] }));
    await waitFor(() => expect(screen.queryByTestId("in-call-panel")).not.toBeInTheDocument());
  });

  it("mutes, holds and hangs up the call it shows", async () => {
    const connected = makeCall({ phase: "connected", connectedAt: secondsAgo(5) });
    const ipc = await renderPhone([connected]);
    const mute = screen.getByTestId("mute-button");
    const hold = screen.getByTestId("hold-button");
    expect(mute).toHaveAttribute("aria-pressed", "false");
    expect(hold).toHaveAttribute("aria-pressed", "false");

    await userEvent.click(mute);
    expect(callsTo(ipc, "mute_call")).toEqual([{ call: "call-1", muted: true }]);
    await phoneEvent(makePhoneStatus({ calls: [{ ...connected, muted: true }] }));
    expect(screen.getByTestId("mute-button")).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(screen.getByTestId("mute-button"));
    expect(callsTo(ipc, "mute_call")).toEqual([
      { call: "call-1", muted: true },
      { call: "call-1", muted: false },
    ]);

    await userEvent.click(hold);
    expect(callsTo(ipc, "hold_call")).toEqual([{ call: "call-1", onHold: true }]);
    await phoneEvent(makePhoneStatus({ calls: [{ ...connected, phase: "onHold" }] }));
    expect(screen.getByTestId("hold-button")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("call-state")).toHaveTextContent("On hold");
    await userEvent.click(screen.getByTestId("hold-button"));
    expect(callsTo(ipc, "hold_call")).toEqual([
      { call: "call-1", onHold: true },
      { call: "call-1", onHold: false },
    ]);

    await userEvent.click(screen.getByTestId("hangup-button"));
    expect(callsTo(ipc, "hang_up")).toEqual([{ call: "call-1" }]);
  });

  it("sends keypad tones from the keys and the keyboard, and shows what was sent", async () => {
    const connected = makeCall({ phase: "connected", connectedAt: secondsAgo(5) });
    const ipc = await renderPhone([connected]);
    expect(screen.queryByTestId("dtmf-key-5")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("keypad-button"));
    expect(screen.getByTestId("keypad-button")).toHaveAttribute("aria-pressed", "true");
    const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
    for (const key of keys) expect(screen.getByTestId(`dtmf-key-${key}`)).toHaveTextContent(key);

    await userEvent.click(screen.getByTestId("dtmf-key-5"));
    await userEvent.click(screen.getByTestId("dtmf-key-#"));
    await userEvent.keyboard("9");
    expect(callsTo(ipc, "send_keys")).toEqual([
      { call: "call-1", keys: "5" },
      { call: "call-1", keys: "#" },
      { call: "call-1", keys: "9" },
    ]);
    await phoneEvent(makePhoneStatus({ calls: [{ ...connected, keysSent: "5#9" }] }));
    expect(screen.getByTestId("keys-sent")).toHaveTextContent("Sent: 5#9");

    // Closed, the keypad no longer takes the keyboard's digits.
    await userEvent.click(screen.getByTestId("keypad-button"));
    await userEvent.keyboard("7");
    expect(callsTo(ipc, "send_keys")).toHaveLength(3);
  });

  it("shows how good the line is, with the numbers on hover", async () => {
    const quality = { mosX100: 430, lossPermille: 3, jitterMs: 12, roundTripMs: 80 };
    await renderPhone([makeCall({ phase: "connected", connectedAt: secondsAgo(5), quality })]);
    const badge = screen.getByTestId("call-quality");
    expect(badge).toHaveAttribute("data-level", "good");
    expect(badge).toHaveTextContent("Good line · 4.3");
    await userEvent.hover(badge);
    expect(await screen.findByRole("tooltip")).toHaveTextContent(
      "Call quality 4.3 out of 5 · packet loss 3‰ · jitter 12 ms · round trip 80 ms",
    );

    const call = (mosX100: number) =>
      makeCall({
        phase: "connected",
        connectedAt: secondsAgo(5),
        quality: { ...quality, mosX100 },
      });
    await phoneEvent(makePhoneStatus({ calls: [call(370)] }));
    expect(screen.getByTestId("call-quality")).toHaveAttribute("data-level", "fair");
    expect(screen.getByTestId("call-quality")).toHaveTextContent("Fair line · 3.7");
    await phoneEvent(makePhoneStatus({ calls: [call(310)] }));
    expect(screen.getByTestId("call-quality")).toHaveTextContent("Poor line · 3.1");
  });

  it("after a busy call, says so and calls the mobile in one click", async () => {
    const busy = makeCall({
      phase: "ended",
      outcome: { kind: "busy" },
      outcomeText: "Busy",
      nextNumber: {
        kind: "mobile",
        e164: "+306912345678",
        display: "+30 691 234 5678",
        region: "GR",
      },
    });
    const ipc = await renderPhone([busy], {
      callNextNumber: makeCall({
        id: "call-2",
        number: "+306912345678",
        numberDisplay: "+30 691 234 5678",
        phase: "dialing",
      }),
    });
    expect(panel()).toHaveAttribute("data-phase", "ended");
    expect(screen.getByTestId("call-state")).toHaveTextContent("Busy");
    expect(screen.queryByTestId("hangup-button")).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId("call-next-number"));
    expect(callsTo(ipc, "call_next_number")).toEqual([{ call: "call-1" }]);
    // The new call shows at once, in place of the ended one.
    await waitFor(() => expect(panel()).toHaveAttribute("data-phase", "dialing"));
    expect(screen.getAllByTestId("call-card")).toHaveLength(1);
    expect(panel()).toHaveTextContent("+30 691 234 5678");
  });

  it("marks an ended call complete with a note, then closes it", async () => {
    const ended = makeCall({
      phase: "ended",
      outcome: { kind: "answered" },
      outcomeText: "They hung up",
    });
    const ipc = await renderPhone([ended]);
    expect(screen.getByTestId("call-state")).toHaveTextContent("They hung up");
    expect(screen.queryByTestId("call-next-number")).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId("call-complete"));
    const dialog = await screen.findByRole("dialog", { name: "Mark complete" });
    // The call's subject: the Up Next activity it was made for (R14).
    expect(dialog).toHaveTextContent("Intro call");
    await userEvent.type(within(dialog).getByTestId("complete-note"), "Wants a quote");
    await userEvent.click(within(dialog).getByTestId("complete-save"));
    await waitFor(() =>
      expect(callsTo(ipc, "run_command")).toEqual([
        { command: { command: "complete", activity: "call-act-1", note: "Wants a quote" } },
      ]),
    );
    await waitFor(() => expect(callsTo(ipc, "dismiss_call")).toEqual([{ call: "call-1" }]));
  });

  it("closes an ended call", async () => {
    const ipc = await renderPhone([
      makeCall({
        phase: "ended",
        activity: null,
        outcome: { kind: "noAnswer" },
        outcomeText: "No answer",
      }),
    ]);
    expect(screen.queryByTestId("call-complete")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("call-dismiss"));
    expect(callsTo(ipc, "dismiss_call")).toEqual([{ call: "call-1" }]);
  });

  it("answers or declines someone calling in, showing who it is", async () => {
    const incoming = makeCall({
      id: "in-1",
      direction: "incoming",
      phase: "incoming",
      activity: null,
    });
    const ipc = await renderPhone([incoming]);
    expect(panel()).toHaveAttribute("data-phase", "incoming");
    expect(screen.getByTestId("call-state")).toHaveTextContent("Incoming call");
    expect(screen.getByTestId("call-who")).toHaveTextContent("Maria Papadopoulou");
    expect(screen.getByTestId("call-record")).toHaveTextContent("Aegean Olive Co.");
    expect(screen.queryByTestId("hangup-button")).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId("answer-button"));
    expect(callsTo(ipc, "answer_call")).toEqual([{ call: "in-1" }]);
    await userEvent.click(screen.getByTestId("decline-button"));
    expect(callsTo(ipc, "decline_call")).toEqual([{ call: "in-1" }]);
  });

  it("switches the microphone and the speaker", async () => {
    const ipc = await renderPhone([makeCall({ phase: "connected", connectedAt: secondsAgo(1) })]);
    const mic = await screen.findByTestId("call-microphone");
    expect(mic).toHaveTextContent("System default");
    await userEvent.click(mic);
    await userEvent.click(await screen.findByRole("option", { name: "USB headset microphone" }));
    expect(callsTo(ipc, "set_audio_devices")).toEqual([
      { choice: { microphone: "mic-usb", speaker: null } },
    ]);
    await userEvent.click(screen.getByTestId("call-speaker"));
    await userEvent.click(await screen.findByRole("option", { name: "Built-in speakers" }));
    expect(callsTo(ipc, "set_audio_devices")).toEqual([
      { choice: { microphone: "mic-usb", speaker: null } },
      { choice: { microphone: "mic-usb", speaker: "spk-int" } },
    ]);
  });

  it("says why a button didn't work", async () => {
    await renderPhone([makeCall({ phase: "connected", connectedAt: secondsAgo(1) })], {
      callAction: { reject: { code: "no_such_call", message: "That call is over." } },
    });
    await userEvent.click(screen.getByTestId("hangup-button"));
    expect(await screen.findByTestId("call-action-error")).toHaveTextContent("That call is over.");
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    await renderPhone([makeCall({ phase: "connected", connectedAt: secondsAgo(65) })]);
    expect(screen.getByTestId("call-state")).toHaveTextContent("Συνδέθηκε");
    expect(screen.getByTestId("hangup-button")).toHaveTextContent("Τερματισμός");
    expect(screen.getByTestId("call-timer")).toHaveTextContent("1:05");
  });

  it("says when the headset stopped working and the call moved to the computer's devices", async () => {
    await renderPhone([makeCall({ phase: "connected", connectedAt: NOW.toISOString() })]);
    expect(screen.queryByTestId("audio-notice")).not.toBeInTheDocument();
    await act(() =>
      emit(
        "phone",
        makePhoneStatus({
          calls: [makeCall({ phase: "connected", connectedAt: NOW.toISOString() })],
          audioNotice: "movedToDefault",
        }),
      ),
    );
    const notice = await screen.findByTestId("audio-notice");
    expect(notice).toHaveTextContent("Your headset isn't working");
    expect(panel()).toHaveAttribute("data-phase", "connected");
  });
});
