import type { TextSettings, TextSettingsView, TextTransport } from "../../../ipc/commands";

/** Settings → Text messages as the seller edits it. */
export type TextSettingsForm = {
  via: TextTransport | "none";
  accountSid: string;
  /** Typed only to change it: empty keeps the token in the keyring. */
  token: string;
  /** The seller's Twilio numbers, one per line or comma separated. */
  numbers: string;
};

/** What is wrong with a form, field by field (nothing: it can be saved). */
export type TextSettingsProblems = Partial<Record<"accountSid" | "token" | "numbers", string>>;

export function formFromView(view: TextSettingsView): TextSettingsForm {
  const twilio = view.settings.twilio;
  return {
    via: view.settings.via ?? "none",
    accountSid: twilio?.accountSid ?? "",
    token: "",
    numbers: (twilio?.fromNumbers ?? []).join("\n"),
  };
}

/** The numbers typed, one per line, comma or semicolon, as the seller wrote them. */
export function parseNumbers(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((n) => n.trim())
    .filter((n) => n !== "");
}

/** The keys (of `texts.settings`) of what the form lacks to send through Twilio. */
export function formProblems(form: TextSettingsForm, tokenSaved: boolean): TextSettingsProblems {
  if (form.via !== "twilio") return {};
  const problems: TextSettingsProblems = {};
  if (form.accountSid.trim() === "") problems.accountSid = "sidMissing";
  if (form.token === "" && !tokenSaved) problems.token = "tokenMissing";
  if (parseNumbers(form.numbers).length === 0) problems.numbers = "numbersMissing";
  return problems;
}

/**
 * What `set_text_settings` takes. The Twilio account is sent when texts go through Twilio;
 * otherwise the one saved before is kept as it was (switching back finds it again), and
 * the Twilio fields' contents are not checked.
 */
export function settingsFromForm(
  form: TextSettingsForm,
  view: TextSettingsView,
): { settings: TextSettings; token: string | null } {
  const saved = view.settings.twilio;
  if (form.via !== "twilio") {
    return { settings: { via: form.via === "none" ? null : form.via, twilio: saved }, token: null };
  }
  const accountSid = form.accountSid.trim();
  return {
    settings: {
      via: "twilio",
      twilio: {
        accountSid,
        fromNumbers: parseNumbers(form.numbers),
        // Only tests point Twilio elsewhere; keep what they set for the same account.
        apiBase: saved && saved.accountSid === accountSid ? saved.apiBase : null,
      },
    },
    token: form.token === "" ? null : form.token,
  };
}
