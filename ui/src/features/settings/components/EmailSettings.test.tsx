import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { EmailSettings, EmailSettingsView } from "../../../ipc/commands";
import { axeViolations } from "../../../test/axe";
import { makeConnectedSync, makeEmailSettingsView } from "../../../test/fixtures";
import { callsTo, mockBackend, renderWithProviders, type MockBackend } from "../../../test/render";
import { SettingsDialog } from "./SettingsDialog";

/** Passwords made up for each run: none is ever written in the code. */
const madeUp = () => `made up ${crypto.randomUUID()}`;

const SAVED: EmailSettingsView = makeEmailSettingsView({
  settings: {
    smtp: {
      host: "smtp.example.com",
      port: 587,
      security: "startTls",
      user: "nikos",
      fromAddress: "nikos@example.com",
      fromName: "Nikos Georgiou",
    },
    signature: "<p>Nikos Georgiou<br>Inside sales</p>",
  },
  passwordSaved: true,
});

async function renderEmailSettings(backend: MockBackend = {}, connected = false) {
  const ipc = mockBackend(backend);
  renderWithProviders(
    <SettingsDialog
      open
      section="email"
      version="0.1.0"
      onClose={vi.fn()}
      sync={{ status: connected ? makeConnectedSync() : null, error: null }}
    />,
  );
  await screen.findByTestId("email-settings-form");
  return ipc;
}

const field = (testId: string) => screen.getByTestId(testId);
const saved = (ipc: ReturnType<typeof mockBackend>) =>
  callsTo(ipc, "set_email_settings") as { settings: EmailSettings; password: string | null }[];

describe("Settings → Email", () => {
  it("sets up the mail server and the signature, the password only to the keyring", async () => {
    const password = madeUp();
    let view = makeEmailSettingsView();
    const ipc = await renderEmailSettings({
      emailSettings: () => view,
      setEmailSettings: ({ settings }) => {
        view = { settings, passwordSaved: true };
        return null;
      },
    });
    expect(screen.getByRole("tab", { name: "Email" })).toHaveAttribute("aria-selected", "true");
    expect(field("smtp-port")).toHaveValue("587");
    expect(field("smtp-security")).toHaveValue("startTls");
    expect(field("smtp-password")).toHaveAttribute("type", "password");
    expect(field("smtp-password")).not.toHaveAttribute("placeholder");

    await userEvent.type(field("smtp-host"), " smtp.example.com ");
    await userEvent.type(field("smtp-user"), "nikos");
    await userEvent.type(field("smtp-password"), password);
    await userEvent.type(field("smtp-from"), "nikos@example.com");
    await userEvent.type(field("smtp-from-name"), "Nikos Georgiou");
    await userEvent.type(
      field("email-signature"),
      "Nikos Georgiou{Enter}Inside sales & <support>{Enter}{Enter}+30 210 000 0000",
    );
    await userEvent.click(field("email-settings-save"));

    expect(await screen.findByTestId("email-settings-saved")).toHaveTextContent("Saved.");
    expect(saved(ipc)).toEqual([
      {
        settings: {
          smtp: {
            host: "smtp.example.com",
            port: 587,
            security: "startTls",
            user: "nikos",
            fromAddress: "nikos@example.com",
            fromName: "Nikos Georgiou",
          },
          signature:
            "<p>Nikos Georgiou<br>Inside sales &amp; &lt;support&gt;</p><p>+30 210 000 0000</p>",
        },
        password,
      },
    ]);
    // The password is not shown again; the keyring has it.
    await waitFor(() =>
      expect(field("smtp-password")).toHaveAttribute("placeholder", "Saved in your keyring"),
    );
    expect(field("smtp-password")).toHaveValue("");
  });

  it("keeps the saved password when none is typed, and the signature as it was", async () => {
    const ipc = await renderEmailSettings({ emailSettings: SAVED });
    expect(field("smtp-host")).toHaveValue("smtp.example.com");
    expect(field("smtp-password")).toHaveAttribute("placeholder", "Saved in your keyring");
    expect(field("email-signature")).toHaveValue("Nikos Georgiou\nInside sales");

    await userEvent.clear(field("smtp-host"));
    await userEvent.type(field("smtp-host"), "mail.example.com");
    await userEvent.click(field("email-settings-save"));

    await screen.findByTestId("email-settings-saved");
    expect(saved(ipc)).toHaveLength(1);
    expect(saved(ipc)[0].password).toBeNull();
    expect(saved(ipc)[0].settings.smtp?.host).toBe("mail.example.com");
    expect(saved(ipc)[0].settings.signature).toBe(SAVED.settings.signature);
  });

  it("takes the usual port of the security chosen", async () => {
    await renderEmailSettings();
    await userEvent.selectOptions(field("smtp-security"), "tls");
    expect(field("smtp-port")).toHaveValue("465");
    await userEvent.clear(field("smtp-port"));
    await userEvent.type(field("smtp-port"), "2525");
    await userEvent.selectOptions(field("smtp-security"), "startTls");
    expect(field("smtp-port")).toHaveValue("2525");
  });

  it("saves no mail server when none is filled in", async () => {
    const ipc = await renderEmailSettings();
    await userEvent.type(field("email-signature"), "Nikos");
    await userEvent.click(field("email-settings-save"));
    await screen.findByTestId("email-settings-saved");
    expect(saved(ipc)).toEqual([
      { settings: { smtp: null, signature: "<p>Nikos</p>" }, password: null },
    ]);
  });

  it("says what the back end refused, keeping what was typed", async () => {
    const message = "The mail server settings aren't right: the From address.";
    await renderEmailSettings({
      setEmailSettings: { reject: { code: "smtp_settings_invalid", message } },
    });
    await userEvent.type(field("smtp-host"), "smtp.example.com");
    await userEvent.type(field("smtp-from"), "nikos@");
    await userEvent.click(field("email-settings-save"));

    const error = await screen.findByTestId("email-settings-error");
    expect(error).toHaveTextContent("Couldn't save the email settings");
    expect(error).toHaveTextContent(message);
    expect(field("smtp-from")).toHaveValue("nikos@");
    expect(screen.queryByTestId("email-settings-saved")).not.toBeInTheDocument();
  });

  it("says that emails go through Dynamics 365 while connected", async () => {
    await renderEmailSettings({}, true);
    const note = screen.getByTestId("email-settings-via-crm");
    expect(note).toHaveTextContent("emails go through Dynamics 365");
    expect(note).toHaveTextContent("used only when Nextline isn't connected");
    expect(await axeViolations()).toEqual([]);
  });

  it("is in Greek for a Greek seller", async () => {
    const { default: i18n } = await import("../../../i18n");
    await i18n.changeLanguage("el");
    await renderEmailSettings({ emailSettings: SAVED });
    const dialog = screen.getByTestId("settings-dialog");
    expect(within(dialog).getByRole("tab", { name: "Ηλ. ταχυδρομείο" })).toBeInTheDocument();
    expect(field("smtp-password")).toHaveAttribute(
      "placeholder",
      "Αποθηκευμένος στην κλειδοθήκη σας",
    );
  });
});
