import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Registration } from "../../../ipc/commands";
import { makePhoneStatus } from "../../../test/fixtures";
import { renderWithProviders } from "../../../test/render";
import { RegistrationIndicator } from "./RegistrationIndicator";

function renderState(registration: Registration, onOpen = vi.fn()) {
  renderWithProviders(
    <RegistrationIndicator status={makePhoneStatus({ registration })} onOpen={onOpen} />,
  );
  return { indicator: screen.getByTestId("phone-registration"), onOpen };
}

describe("RegistrationIndicator", () => {
  it.each<[Registration, string]>([
    [{ state: "registered" }, "Phone ready"],
    [{ state: "connecting" }, "Connecting…"],
    [
      { state: "failed", reason: "wrong password (SIP 403)" },
      "Phone offline: wrong password (SIP 403)",
    ],
    [{ state: "failed", reason: "" }, "Phone offline"],
    [{ state: "notSetUp" }, "Phone not set up"],
  ])("%j reads “%s”", (registration, text) => {
    const { indicator } = renderState(registration);
    expect(indicator).toHaveAttribute("data-state", registration.state);
    expect(indicator).toHaveTextContent(text);
    expect(indicator).toHaveAttribute("role", "status");
  });

  it("names the account when ready", () => {
    renderState({ state: "registered" });
    expect(screen.getByRole("button", { name: "Phone ready" })).toHaveAttribute(
      "title",
      "Signed in to the phone as nikos@pbx.example.com",
    );
  });

  it("opens the phone settings when clicked", async () => {
    const { onOpen } = renderState({ state: "notSetUp" });
    await userEvent.click(screen.getByRole("button", { name: "Phone not set up" }));
    expect(onOpen).toHaveBeenCalled();
  });

  it("shows nothing before the phone answers", () => {
    renderWithProviders(<RegistrationIndicator status={null} />);
    expect(screen.queryByTestId("phone-registration")).not.toBeInTheDocument();
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    const { indicator } = renderState({ state: "registered" });
    expect(indicator).toHaveTextContent("Το τηλέφωνο είναι έτοιμο");
  });
});
