import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { PhoneStatus } from "../../../ipc/commands";
import { makePhoneAccountView, makePhoneStatus } from "../../../test/fixtures";
import { AppProviders } from "../../../app/providers";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { SettingsDialog } from "./SettingsDialog";

function renderPhoneSettings(backend: MockBackend = {}, phone: PhoneStatus | null = null) {
  const ipc = mockBackend(backend);
  const view = renderWithProviders(
    <SettingsDialog open section="phone" phone={phone} version="0.1.0" onClose={vi.fn()} />,
  );
  return { ipc, ...view };
}

const field = (testId: string) => screen.getByTestId(testId);
/** Passwords made up for each run: none is ever written in the code. */
const madeUp = () => `made up ${crypto.randomUUID()}`;

const SAVED = makePhoneAccountView({
  account: {
    serverUrl: "wss://pbx.example.com:8089/ws",
    user: "nikos",
    domain: "pbx.example.com",
    authUser: null,
    displayName: "Nikos Georgiou",
    stunServers: ["stun:stun.example.com:3478"],
    turnServer: null,
    turnUser: null,
    autoDialMobile: true,
  },
  hasPassword: true,
  hasTurnPassword: false,
});

describe("Settings → Phone", () => {
  it("opens on the phone section and sends the account trimmed", async () => {
    const [password, turnPassword] = [madeUp(), madeUp()];
    const { ipc } = renderPhoneSettings();
    expect(screen.getByRole("tab", { name: "Phone" })).toHaveAttribute("aria-selected", "true");
    await screen.findByTestId("phone-form");
    expect(field("phone-server")).toHaveAttribute("placeholder", "wss://pbx.example.com:8089/ws");
    expect(field("phone-password")).toHaveAttribute("type", "password");
    expect(screen.queryByTestId("phone-remove")).not.toBeInTheDocument();

    await userEvent.type(field("phone-server"), "  wss://pbx.example.com:8089/ws ");
    await userEvent.type(field("phone-user"), " nikos ");
    await userEvent.type(field("phone-domain"), "pbx.example.com ");
    await userEvent.type(field("phone-auth-user"), "   ");
    await userEvent.type(field("phone-display-name"), " Nikos Georgiou ");
    await userEvent.type(field("phone-password"), password);
    await userEvent.type(
      field("phone-stun"),
      "stun:a.example.com:3478, stun:b.example.com{Enter}{Enter}stun:c.example.com",
    );
    await userEvent.type(field("phone-turn"), " turn:turn.example.com:3478 ");
    await userEvent.type(field("phone-turn-user"), "relay");
    expect(field("phone-turn-password")).toHaveAttribute("type", "password");
    await userEvent.type(field("phone-turn-password"), turnPassword);
    await userEvent.click(field("phone-auto-mobile"));
    await userEvent.click(field("phone-save"));

    await waitFor(() =>
      expect(callsTo(ipc, "save_phone_account")).toEqual([
        {
          account: {
            serverUrl: "wss://pbx.example.com:8089/ws",
            user: "nikos",
            domain: "pbx.example.com",
            authUser: null,
            displayName: "Nikos Georgiou",
            stunServers: ["stun:a.example.com:3478", "stun:b.example.com", "stun:c.example.com"],
            turnServer: "turn:turn.example.com:3478",
            turnUser: "relay",
            autoDialMobile: true,
          },
          password,
          turnPassword,
        },
      ]),
    );
    expect(await screen.findByTestId("phone-done")).toHaveTextContent("Saved.");
  });

  it("shows the back end's reason when the account is refused", async () => {
    const message =
      "The phone account isn't right: the server address must start with wss:// (or ws://).";
    renderPhoneSettings({
      savePhoneAccount: { reject: { code: "phone_account_invalid", message } },
    });
    await screen.findByTestId("phone-form");
    await userEvent.type(field("phone-server"), "https://pbx.example.com");
    await userEvent.click(field("phone-save"));
    const error = await screen.findByTestId("phone-error");
    expect(error).toHaveTextContent("Couldn't save the phone settings");
    expect(error).toHaveTextContent(message);
    // What was typed stays, to be fixed.
    expect(field("phone-server")).toHaveValue("https://pbx.example.com");
  });

  it("keeps the saved password when left empty", async () => {
    const { ipc } = renderPhoneSettings({ phoneAccount: SAVED });
    await screen.findByTestId("phone-form");
    expect(field("phone-server")).toHaveValue("wss://pbx.example.com:8089/ws");
    expect(field("phone-stun")).toHaveValue("stun:stun.example.com:3478");
    expect(field("phone-auto-mobile")).toBeChecked();
    expect(field("phone-password")).toHaveAttribute("placeholder", "Kept in your system keyring");
    await userEvent.click(field("phone-save"));
    await waitFor(() =>
      expect(callsTo(ipc, "save_phone_account")).toEqual([
        { account: SAVED.account, password: null, turnPassword: null },
      ]),
    );
  });

  it("shows whether the phone is registered, live", async () => {
    const { rerender } = renderPhoneSettings(
      { phoneAccount: SAVED },
      makePhoneStatus({ registration: { state: "connecting" } }),
    );
    await screen.findByTestId("phone-form");
    const settings = screen.getByTestId("phone-settings");
    expect(within(settings).getByTestId("settings-phone-registration")).toHaveTextContent(
      "Connecting…",
    );
    rerender(
      <AppProviders>
        <SettingsDialog
          open
          section="phone"
          phone={makePhoneStatus({ registration: { state: "registered" } })}
          version="0.1.0"
          onClose={vi.fn()}
        />
      </AppProviders>,
    );
    expect(within(settings).getByTestId("settings-phone-registration")).toHaveTextContent(
      "Phone ready",
    );
  });

  it("removes the account after asking", async () => {
    const { ipc } = renderPhoneSettings({ phoneAccount: SAVED });
    await userEvent.click(await screen.findByTestId("phone-remove"));
    const confirm = screen.getByTestId("phone-remove-confirm");
    expect(confirm).toHaveTextContent("Remove the phone account and its saved password");
    expect(callsTo(ipc, "remove_phone_account")).toEqual([]);
    await userEvent.click(within(confirm).getByTestId("phone-remove-yes"));
    await waitFor(() => expect(callsTo(ipc, "remove_phone_account")).toHaveLength(1));
    expect(await screen.findByTestId("phone-done")).toHaveTextContent("account was removed");
  });

  it("picks the sound devices", async () => {
    const { ipc } = renderPhoneSettings();
    await userEvent.click(await screen.findByTestId("phone-speaker"));
    await userEvent.click(await screen.findByRole("option", { name: "USB headset" }));
    expect(callsTo(ipc, "set_audio_devices")).toEqual([
      { choice: { microphone: null, speaker: "spk-usb" } },
    ]);
  });

  it("runs a test call and shows the microphone's level", async () => {
    const { ipc, rerender } = renderPhoneSettings({}, makePhoneStatus());
    const button = await screen.findByTestId("phone-test-call");
    expect(button).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryByTestId("phone-test-level")).not.toBeInTheDocument();
    await userEvent.click(button);
    expect(callsTo(ipc, "start_test_call")).toHaveLength(1);
    // The phone reports the level while the test call runs.
    rerender(
      <AppProviders>
        <SettingsDialog
          open
          section="phone"
          phone={makePhoneStatus({ testCallLevel: 150 })}
          version="0.1.0"
          onClose={vi.fn()}
        />
      </AppProviders>,
    );
    expect(screen.getByTestId("phone-test-call")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("phone-test-level")).toHaveAttribute("data-level", "150");
    await userEvent.click(screen.getByTestId("phone-test-call"));
    expect(callsTo(ipc, "stop_test_call")).toHaveLength(1);
  });

  it("keeps language and theme on the General tab", async () => {
    renderPhoneSettings();
    await userEvent.click(screen.getByRole("tab", { name: "General" }));
    expect(screen.getByTestId("settings-language")).toBeInTheDocument();
    expect(screen.queryByTestId("phone-form")).not.toBeInTheDocument();
  });

  it("speaks Greek", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    renderPhoneSettings();
    await screen.findByTestId("phone-form");
    expect(screen.getByRole("tab", { name: "Τηλέφωνο" })).toBeInTheDocument();
    expect(screen.getByText("Διακομιστής")).toBeInTheDocument();
  });
});
