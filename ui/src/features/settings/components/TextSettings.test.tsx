import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { TextSettingsView } from "../../../ipc/commands";
import { axeViolations } from "../../../test/axe";
import { makeTextSettingsView } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { SettingsDialog } from "./SettingsDialog";

function renderTextSettings(backend: MockBackend = {}) {
  const ipc = mockBackend(backend);
  renderWithProviders(<SettingsDialog open section="texts" version="0.1.0" onClose={vi.fn()} />);
  return ipc;
}

const field = (testId: string) => screen.getByTestId(testId);

const TWILIO: TextSettingsView = makeTextSettingsView({
  settings: {
    via: "twilio",
    twilio: {
      accountSid: "AC0123456789abcdef",
      fromNumbers: ["+302111980000", "+302111980001"],
      apiBase: null,
    },
  },
  tokenSaved: true,
});

describe("Settings → Text messages", () => {
  it("opens from its tab not set up, and sets up Twilio with its token and numbers", async () => {
    let view = makeTextSettingsView({ phoneAddress: "sip:nikos@pbx.example.com" });
    const ipc = mockBackend({
      textSettings: () => view,
      setTextSettings: ({ settings }) => {
        view = makeTextSettingsView({ settings, tokenSaved: true });
        return null;
      },
    });
    renderWithProviders(<SettingsDialog open version="0.1.0" onClose={vi.fn()} />);
    const tab = screen.getByTestId("settings-texts-tab");
    expect(tab).toHaveTextContent("Text messages");
    await userEvent.click(tab);
    expect(screen.getByRole("tabpanel", { name: "Text messages" })).toBeInTheDocument();

    await screen.findByTestId("text-settings-form");
    expect(field("texts-via-none")).toBeChecked();
    expect(screen.getByTestId("texts-via")).toHaveTextContent(
      "Sends from sip:nikos@pbx.example.com (SIP MESSAGE).",
    );
    expect(screen.queryByTestId("twilio-sid")).not.toBeInTheDocument();

    await userEvent.click(field("texts-via-twilio"));
    expect(field("twilio-token")).toHaveAttribute("type", "password");
    expect(field("twilio-token")).not.toHaveAttribute("placeholder");
    await userEvent.type(field("twilio-sid"), " AC0123456789abcdef ");
    await userEvent.type(field("twilio-token"), "secret-token");
    await userEvent.type(field("twilio-numbers"), "+30 21 1198 0000{Enter}+30 21 1198 0001, ");
    await userEvent.click(field("text-settings-save"));

    await waitFor(() =>
      expect(callsTo(ipc, "set_text_settings")).toEqual([
        {
          settings: {
            via: "twilio",
            twilio: {
              accountSid: "AC0123456789abcdef",
              fromNumbers: ["+30 21 1198 0000", "+30 21 1198 0001"],
              apiBase: null,
            },
          },
          token: "secret-token",
        },
      ]),
    );
    expect(await screen.findByTestId("text-settings-saved")).toHaveTextContent("Saved.");
    // The token is in the keyring now: never shown, only said to be there.
    await waitFor(() =>
      expect(field("twilio-token")).toHaveAttribute("placeholder", "Saved in your keyring"),
    );
    expect(field("twilio-token")).toHaveValue("");
  });

  it("keeps the saved token unless a new one is typed, and shows the numbers one per line", async () => {
    const ipc = renderTextSettings({ textSettings: TWILIO });
    await screen.findByTestId("text-settings-form");
    expect(field("texts-via-twilio")).toBeChecked();
    expect(field("twilio-sid")).toHaveValue("AC0123456789abcdef");
    expect(field("twilio-numbers")).toHaveValue("+302111980000\n+302111980001");
    expect(field("twilio-token")).toHaveAttribute("placeholder", "Saved in your keyring");
    await userEvent.click(field("text-settings-save"));
    await waitFor(() =>
      expect(callsTo(ipc, "set_text_settings")).toEqual([
        { settings: TWILIO.settings, token: null },
      ]),
    );
  });

  it("sends through the phone account, keeping the Twilio account for later", async () => {
    const ipc = renderTextSettings({
      textSettings: { ...TWILIO, phoneAddress: "sip:nikos@pbx.example.com" },
    });
    await screen.findByTestId("text-settings-form");
    await userEvent.click(field("texts-via-sip"));
    expect(screen.queryByTestId("twilio-sid")).not.toBeInTheDocument();
    await userEvent.click(field("text-settings-save"));
    await waitFor(() =>
      expect(callsTo(ipc, "set_text_settings")).toEqual([
        { settings: { via: "sip", twilio: TWILIO.settings.twilio }, token: null },
      ]),
    );
  });

  it("offers the phone account only once there is one", async () => {
    renderTextSettings();
    await screen.findByTestId("text-settings-form");
    expect(field("texts-via-sip")).toBeDisabled();
    expect(screen.getByTestId("texts-via")).toHaveTextContent(
      "Set up your phone account first (Settings → Phone).",
    );
  });

  it("says what Twilio still needs rather than saving without it", async () => {
    const ipc = renderTextSettings();
    await screen.findByTestId("text-settings-form");
    await userEvent.click(field("texts-via-twilio"));
    await userEvent.click(field("text-settings-save"));
    expect(await screen.findByText("Enter your Account SID.")).toBeInTheDocument();
    expect(screen.getByText("Enter your auth token.")).toBeInTheDocument();
    expect(screen.getByText("Add at least one of your Twilio numbers.")).toBeInTheDocument();
    expect(callsTo(ipc, "set_text_settings")).toEqual([]);
  });

  it("shows the back end's reason when saving is refused, keeping what was typed", async () => {
    const message = "The Twilio settings aren't right: the Account SID starts with AC.";
    renderTextSettings({
      setTextSettings: { reject: { code: "twilio_settings_invalid", message } },
    });
    await screen.findByTestId("text-settings-form");
    await userEvent.click(field("texts-via-twilio"));
    await userEvent.type(field("twilio-sid"), "XY123");
    await userEvent.type(field("twilio-token"), "token");
    await userEvent.type(field("twilio-numbers"), "+302111980000");
    await userEvent.click(field("text-settings-save"));
    const error = await screen.findByTestId("text-settings-error");
    expect(error).toHaveTextContent("Couldn't save the text message settings");
    expect(error).toHaveTextContent(message);
    expect(screen.queryByTestId("text-settings-saved")).not.toBeInTheDocument();
    expect(field("twilio-sid")).toHaveValue("XY123");
  });

  it("says when the settings can't be loaded", async () => {
    renderTextSettings({ textSettings: { reject: { code: "internal", message: "boom" } } });
    const error = await screen.findByTestId("text-settings-load-error");
    expect(error).toHaveTextContent("Couldn't load the text message settings");
  });

  it("finds no accessibility violations (axe-core), with Twilio", async () => {
    renderTextSettings({ textSettings: TWILIO });
    await screen.findByTestId("text-settings-form");
    expect(await axeViolations()).toEqual([]);
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    renderTextSettings({ textSettings: TWILIO });
    await screen.findByTestId("text-settings-form");
    expect(screen.getByRole("tab", { name: "Μηνύματα κειμένου" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    expect(within(field("texts-via")).getByText("Του τηλεφωνικού μου λογαριασμού")).toBeVisible();
    expect(field("twilio-token")).toHaveAttribute(
      "placeholder",
      "Φυλάσσεται στην κλειδοθήκη του συστήματος",
    );
    expect(field("text-settings-save")).toHaveTextContent("Αποθήκευση");
  });
});
