import type { EmailSettings, EmailSettingsView, SmtpSecurity } from "../../../ipc/commands";
import { signatureToHtml, signatureToText } from "../../email";

/** Settings → Email as the form edits it: text as typed, the signature as plain text. */
export type EmailSettingsForm = {
  host: string;
  port: string;
  security: SmtpSecurity;
  user: string;
  password: string;
  fromAddress: string;
  fromName: string;
  signature: string;
};

/** The usual port of each kind of connection. */
export const DEFAULT_PORT: Record<SmtpSecurity, number> = { startTls: 587, tls: 465, none: 25 };

export function formFromSettings(view: EmailSettingsView): EmailSettingsForm {
  const smtp = view.settings.smtp;
  return {
    host: smtp?.host ?? "",
    port: String(smtp?.port ?? DEFAULT_PORT.startTls),
    security: smtp?.security ?? "startTls",
    user: smtp?.user ?? "",
    password: "",
    fromAddress: smtp?.fromAddress ?? "",
    fromName: smtp?.fromName ?? "",
    signature: signatureToText(view.settings.signature),
  };
}

/** A port as typed: a whole number 1–65535, else 0 (which the back end refuses by name). */
function portOf(text: string): number {
  const port = Number(text.trim());
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : 0;
}

/**
 * What `set_email_settings` takes: no SMTP server when none of its fields is filled in; the
 * signature as simple HTML (kept as it was when its text wasn't changed); the password only
 * when one was typed (null keeps the one in the keyring).
 */
export function settingsFromForm(
  form: EmailSettingsForm,
  view: EmailSettingsView,
): { settings: EmailSettings; password: string | null } {
  const host = form.host.trim();
  const user = form.user.trim();
  const fromAddress = form.fromAddress.trim();
  const fromName = form.fromName.trim();
  const none = host === "" && user === "" && fromAddress === "" && fromName === "";
  const unchanged = form.signature === signatureToText(view.settings.signature);
  return {
    settings: {
      smtp: none
        ? null
        : {
            host,
            port: portOf(form.port),
            security: form.security,
            user,
            fromAddress,
            fromName,
          },
      signature: unchanged ? view.settings.signature : signatureToHtml(form.signature),
    },
    password: form.password === "" ? null : form.password,
  };
}
