import type { PhoneAccount } from "../../../ipc/commands";

/** The phone account as the Settings form edits it: text as typed, STUN servers in one box. */
export type PhoneAccountForm = {
  serverUrl: string;
  user: string;
  domain: string;
  authUser: string;
  displayName: string;
  password: string;
  stunServers: string;
  turnServer: string;
  turnUser: string;
  turnPassword: string;
  autoDialMobile: boolean;
};

export function formFromAccount(account: PhoneAccount): PhoneAccountForm {
  return {
    serverUrl: account.serverUrl,
    user: account.user,
    domain: account.domain,
    authUser: account.authUser ?? "",
    displayName: account.displayName ?? "",
    password: "",
    stunServers: account.stunServers.join("\n"),
    turnServer: account.turnServer ?? "",
    turnUser: account.turnUser ?? "",
    turnPassword: "",
    autoDialMobile: account.autoDialMobile,
  };
}

const optional = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/**
 * What `save_phone_account` takes: fields trimmed, empty optional ones as null, STUN servers
 * split at commas and line ends, an empty password as null (keep the saved one).
 */
export function accountFromForm(form: PhoneAccountForm): {
  account: PhoneAccount;
  password: string | null;
  turnPassword: string | null;
} {
  return {
    account: {
      serverUrl: form.serverUrl.trim(),
      user: form.user.trim(),
      domain: form.domain.trim(),
      authUser: optional(form.authUser),
      displayName: optional(form.displayName),
      stunServers: form.stunServers
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== ""),
      turnServer: optional(form.turnServer),
      turnUser: optional(form.turnUser),
      autoDialMobile: form.autoDialMobile,
    },
    password: form.password === "" ? null : form.password,
    turnPassword: form.turnPassword === "" ? null : form.turnPassword,
  };
}
