import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { makeCall, makeDialPlan } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import type { CallRequest } from "../hooks/callRequest";
import { CallFlow } from "./CallFlow";

function renderFlow(request: Partial<CallRequest> = {}, backend: MockBackend = {}) {
  const ipc = mockBackend(backend);
  const props = { onPlaced: vi.fn(), onSetUp: vi.fn(), onClose: vi.fn() };
  renderWithProviders(
    <CallFlow
      request={{ recordId: "lead-1", contactName: "Maria Papadopoulou", ...request }}
      recentNumbers={["+302109999999"]}
      {...props}
    />,
  );
  return { ipc, ...props };
}

describe("the Call flow", () => {
  it("shows who and which number, and calls it for the Up Next step", async () => {
    const placed = makeCall();
    const { ipc, onPlaced } = renderFlow({ activityId: "act-1" }, { placeCall: placed });
    const panel = await screen.findByTestId("call-panel");
    expect(within(panel).getByRole("heading")).toHaveTextContent("Call Maria Papadopoulou");
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("+30 21 0123 4567");
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("Business · GR");
    const call = within(panel).getByTestId("call-button");
    expect(call).toBeEnabled();
    await userEvent.click(call);
    expect(callsTo(ipc, "place_call")).toEqual([
      {
        request: {
          record: "lead-1",
          number: null,
          forActivity: "act-1",
          doNotPhoneConfirmed: false,
        },
      },
    ]);
    await waitFor(() => expect(onPlaced).toHaveBeenCalledWith(placed));
  });

  it("says the seller confirmed after the do-not-phone warning", async () => {
    const { ipc } = renderFlow({}, { dialPlan: makeDialPlan({ warnings: ["doNotPhone"] }) });
    await userEvent.click(await screen.findByTestId("dnp-continue"));
    await userEvent.click(await screen.findByTestId("call-button"));
    expect(callsTo(ipc, "place_call")).toEqual([
      {
        request: { record: "lead-1", number: null, forActivity: null, doNotPhoneConfirmed: true },
      },
    ]);
  });

  it("calls the number typed on the dial pad when the contact has none", async () => {
    const { ipc } = renderFlow(
      {},
      { dialPlan: makeDialPlan({ target: { kind: "dialPad" }, fallback: null }) },
    );
    const panel = await screen.findByTestId("call-panel");
    expect(within(panel).getByTestId("call-number")).toHaveTextContent("No number to dial");
    await userEvent.type(within(panel).getByTestId("dial-pad-input"), "210 555 0100{Enter}");
    expect(callsTo(ipc, "place_call")).toEqual([
      {
        request: {
          record: "lead-1",
          number: "2105550100",
          forActivity: null,
          doNotPhoneConfirmed: false,
        },
      },
    ]);
  });

  it("calls another number for the record when asked", async () => {
    const { ipc } = renderFlow();
    await userEvent.click(await screen.findByTestId("call-other-number"));
    await userEvent.click(screen.getByTestId("dial-recent"));
    expect(screen.getByTestId("dial-pad-input")).toHaveValue("+302109999999");
    await userEvent.click(screen.getByTestId("call-button"));
    expect(callsTo(ipc, "place_call")).toEqual([
      {
        request: {
          record: "lead-1",
          number: "+302109999999",
          forActivity: null,
          doNotPhoneConfirmed: false,
        },
      },
    ]);
  });

  it("says why the call wasn't placed, and offers to set the phone up", async () => {
    const message = "Calling isn't set up yet. Add your phone account in Settings.";
    const { onSetUp, onPlaced } = renderFlow(
      {},
      { placeCall: { reject: { code: "phone_not_set_up", message } } },
    );
    await userEvent.click(await screen.findByTestId("call-button"));
    const error = await screen.findByTestId("call-error");
    expect(error).toHaveTextContent(message);
    expect(onPlaced).not.toHaveBeenCalled();
    expect(screen.getByTestId("call-panel")).toBeInTheDocument();
    await userEvent.click(within(error).getByRole("button", { name: "Set up calling" }));
    expect(onSetUp).toHaveBeenCalled();
  });

  it("shows other refusals without a settings link", async () => {
    renderFlow(
      {},
      { placeCall: { reject: { code: "invalid_phone_number", message: "Not a number." } } },
    );
    await userEvent.click(await screen.findByTestId("call-button"));
    const error = await screen.findByTestId("call-error");
    expect(error).toHaveTextContent("Not a number.");
    expect(within(error).queryByRole("button")).not.toBeInTheDocument();
  });
});
