import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { makeCall } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders } from "../../../test/render";
import { normaliseNumber } from "../hooks/phoneNumber";
import { DialPad } from "./DialPad";
import { DialPadDialog } from "./DialPadDialog";

function Pad({ recent = [] }: { recent?: string[] }) {
  const [value, setValue] = useState("");
  return <DialPad value={value} onChange={setValue} recentNumbers={recent} />;
}

const input = () => screen.getByTestId("dial-pad-input");

describe("normaliseNumber", () => {
  it.each([
    ["+30 (210) 123-4567 ext", "+302101234567"],
    ["  +30 210 1234567 ", "+302101234567"],
    ["00 30 210-1234567", "00302101234567"],
    ["*31#", "*31#"],
    ["12+34", "1234"],
    ["call me", ""],
    ["sip:maria@pbx.example.com", "sip:maria@pbx.example.com"],
    [" SIPS:bob @ pbx ", "SIPS:bob@pbx"],
  ])("%s -> %s", (typed, expected) => {
    expect(normaliseNumber(typed)).toBe(expected);
  });
});

describe("DialPad", () => {
  it("keeps only what can be dialled, as it's pasted or typed", async () => {
    mockBackend();
    renderWithProviders(<Pad />);
    await userEvent.click(input());
    await userEvent.paste("+30 (210) 123-4567 ext");
    expect(input()).toHaveValue("+302101234567");
    await userEvent.type(input(), "x8");
    expect(input()).toHaveValue("+3021012345678");
  });

  it("dials with its keys, deletes with backspace, and takes + only first", async () => {
    mockBackend();
    renderWithProviders(<Pad />);
    expect(screen.getByTestId("dial-backspace")).toBeDisabled();
    await userEvent.click(screen.getByTestId("dial-key-+"));
    for (const key of ["3", "0", "6", "9", "*", "#"]) {
      await userEvent.click(screen.getByTestId(`dial-key-${key}`));
    }
    expect(input()).toHaveValue("+3069*#");
    expect(screen.getByTestId("dial-key-+")).toBeDisabled();
    await userEvent.click(screen.getByTestId("dial-backspace"));
    await userEvent.click(screen.getByTestId("dial-backspace"));
    expect(input()).toHaveValue("+3069");
    fireEvent.change(input(), { target: { value: "" } });
    expect(input()).toHaveValue("");
  });

  it("fills in a recent number", async () => {
    mockBackend();
    renderWithProviders(<Pad recent={["+302101234567", "+306912345678"]} />);
    const recent = screen.getAllByTestId("dial-recent");
    expect(recent.map((r) => r.textContent)).toEqual(["+302101234567", "+306912345678"]);
    await userEvent.click(recent[1]);
    expect(input()).toHaveValue("+306912345678");
  });
});

describe("DialPadDialog", () => {
  it("places a manual call to the number dialled", async () => {
    const placed = makeCall({ record: null, activity: null, who: "+302101234567" });
    const ipc = mockBackend({ placeCall: placed });
    const onPlaced = vi.fn();
    renderWithProviders(
      <DialPadDialog recentNumbers={[]} onPlaced={onPlaced} onSetUp={vi.fn()} onClose={vi.fn()} />,
    );
    expect(screen.getByRole("dialog", { name: "Call a number" })).toBeInTheDocument();
    expect(screen.getByTestId("dial-call")).toBeDisabled();
    await userEvent.click(input());
    await userEvent.paste("210-123 4567");
    await userEvent.click(screen.getByTestId("dial-call"));
    expect(callsTo(ipc, "place_call")).toEqual([
      {
        request: {
          record: null,
          number: "2101234567",
          forActivity: null,
          doNotPhoneConfirmed: false,
        },
      },
    ]);
    await waitFor(() => expect(onPlaced).toHaveBeenCalledWith(placed));
  });

  it("says when the phone isn't ready", async () => {
    mockBackend({
      placeCall: {
        reject: { code: "phone_not_registered", message: "The phone is offline: wrong password." },
      },
    });
    const onSetUp = vi.fn();
    renderWithProviders(
      <DialPadDialog recentNumbers={[]} onPlaced={vi.fn()} onSetUp={onSetUp} onClose={vi.fn()} />,
    );
    await userEvent.type(input(), "2101234567{Enter}");
    expect(await screen.findByTestId("call-error")).toHaveTextContent(
      "The phone is offline: wrong password.",
    );
    await userEvent.click(screen.getByTestId("call-setup"));
    expect(onSetUp).toHaveBeenCalled();
  });
});
