import { mockIPC } from "@tauri-apps/api/mocks";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { AppProviders } from "../app/providers";
import type {
  AppInfo,
  AudioDevices,
  CallInfo,
  CallLink,
  Command,
  CommandDone,
  Conversation,
  DesktopPrefs,
  DialPlan,
  DirectoryView,
  EmailComposer,
  EmailDraft,
  EmailSettings,
  EmailSettingsView,
  OutboxItem,
  PhoneAccountView,
  PhoneStatus,
  PlaceCallRequest,
  SendTextRequest,
  SignInPrompt,
  SyncStatus,
  TextSettings,
  TextSettingsView,
  TimelineEntry,
  UpNextView,
  WorkListPage,
  SendEmailRequest,
  WorkListQuery,
} from "../ipc/commands";
import {
  makeAppInfo,
  makeAudioDevices,
  makeBrowserSignInPrompt,
  makeCall,
  makeConversation,
  makeDesktopPrefs,
  makeDialPlan,
  makeDirectory,
  makeEmailComposer,
  makeEmailSettingsView,
  makePage,
  makePhoneAccountView,
  makePhoneStatus,
  makeSignInPrompt,
  makeSyncStatus,
  makeTextSettingsView,
  makeTimeline,
  makeUpNext,
} from "./fixtures";

export type CommandResult<T> = T | { reject: unknown };
type Answer<A, T> = CommandResult<T> | ((args: A) => CommandResult<T>);

export type MockBackend = {
  appInfo?: CommandResult<AppInfo>;
  workList?: Answer<WorkListQuery, WorkListPage>;
  workListCount?: Answer<WorkListQuery, number>;
  upNext?: Answer<string, UpNextView>;
  timeline?: Answer<string, TimelineEntry[]>;
  dialPlan?: Answer<string, DialPlan>;
  directory?: CommandResult<DirectoryView>;
  runCommand?: Answer<Command, CommandDone>;
  /** The phone's status; by default not set up, with no calls. */
  phoneStatus?: CommandResult<PhoneStatus>;
  phoneAccount?: CommandResult<PhoneAccountView>;
  savePhoneAccount?: Answer<{ account: unknown; password: string | null }, null>;
  removePhoneAccount?: CommandResult<null>;
  placeCall?: Answer<PlaceCallRequest, CallInfo>;
  callNextNumber?: Answer<string, CallInfo>;
  audioDevices?: CommandResult<AudioDevices>;
  /** hang_up, answer_call, decline_call, mute_call, hold_call, send_keys, dismiss_call,
   * set_audio_devices, start_test_call, stop_test_call. */
  callAction?: Answer<{ cmd: string; args: Record<string, unknown> }, null>;
  /** The sync with Dynamics 365; by default never connected. */
  syncStatus?: CommandResult<SyncStatus>;
  /** crm_connect's answer; by default the browser sign-in, or a device code when asked for. */
  crmConnect?: Answer<{ orgUrl: string; deviceCode: boolean }, SignInPrompt>;
  /** The outbox, for the limit asked; empty by default. */
  outboxItems?: Answer<number, OutboxItem[]>;
  /** crm_cancel_sign_in, crm_sign_out, sync_now, retry_outbox_item, settle_conflict. */
  syncAction?: Answer<{ cmd: string; args: Record<string, unknown> }, null>;
  /** The desktop preferences; by default as a new install has them. */
  desktopPrefs?: Answer<void, DesktopPrefs>;
  setDesktopPrefs?: Answer<DesktopPrefs, null>;
  /** join_meeting's answer for the activity; by default it opens. */
  joinMeeting?: Answer<string, null>;
  /** The call link waiting for the window; by default none. */
  takeCallLink?: Answer<void, CallLink | null>;
  /** The record's text messages; by default Maria's, with none yet, texts through Twilio. */
  conversation?: Answer<string, Conversation>;
  sendText?: Answer<SendTextRequest, CommandDone>;
  /** Settings → Text messages; by default not set up. */
  textSettings?: Answer<void, TextSettingsView>;
  setTextSettings?: Answer<{ settings: TextSettings; token: string | null }, null>;
  /** The email composer for a record; by default a fresh email to Maria, SMTP ready. */
  emailComposer?: Answer<{ record: string; forActivity: string | null }, EmailComposer>;
  /** When save_email_draft saved the draft; by default the (fake) clock's now. */
  saveEmailDraft?: Answer<EmailDraft, string>;
  discardEmailDraft?: Answer<string, null>;
  sendEmail?: Answer<SendEmailRequest, CommandDone>;
  /** Settings → Email; by default no mail server and no signature. */
  emailSettings?: Answer<void, EmailSettingsView>;
  setEmailSettings?: Answer<{ settings: EmailSettings; password: string | null }, null>;
};

const CALL_ACTIONS = new Set([
  "hang_up",
  "answer_call",
  "decline_call",
  "mute_call",
  "hold_call",
  "send_keys",
  "dismiss_call",
  "set_audio_devices",
  "start_test_call",
  "stop_test_call",
]);

const SYNC_ACTIONS = new Set([
  "crm_cancel_sign_in",
  "crm_sign_out",
  "sync_now",
  "retry_outbox_item",
  "settle_conflict",
]);

export type IpcCall = { cmd: string; args: unknown };

function settle<A, T>(answer: Answer<A, T>, args: A): T {
  const result =
    typeof answer === "function" ? (answer as (a: A) => CommandResult<T>)(args) : answer;
  if (typeof result === "object" && result !== null && "reject" in result) {
    throw result.reject;
  }
  return result;
}

/**
 * Mocks the Tauri IPC boundary (and nothing else) with canned command results, and
 * records every call made. Events are mocked too: `emit("changed", …)` reaches the app.
 */
export function mockBackend(backend: MockBackend = {}): IpcCall[] {
  const calls: IpcCall[] = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      const a = (args ?? {}) as Record<string, unknown>;
      switch (cmd) {
        case "app_info":
          return settle(backend.appInfo ?? makeAppInfo(), undefined);
        case "work_list":
          return settle(backend.workList ?? makePage([]), a.query as WorkListQuery);
        case "work_list_count":
          return settle(backend.workListCount ?? 0, a.query as WorkListQuery);
        case "set_language":
          return null;
        case "up_next":
          return settle(backend.upNext ?? makeUpNext(), a.record as string);
        case "timeline":
          return settle(backend.timeline ?? makeTimeline(), a.record as string);
        case "dial_plan":
          return settle(backend.dialPlan ?? makeDialPlan(), a.record as string);
        case "directory":
          return settle(backend.directory ?? makeDirectory(), undefined);
        case "run_command": {
          const command = a.command as Command;
          const record = "record" in command ? command.record : "lead-1";
          return settle(backend.runCommand ?? { record, events: [], activities: [] }, command);
        }
        case "phone_status":
          return settle(
            backend.phoneStatus ??
              makePhoneStatus({ registration: { state: "notSetUp" }, account: null }),
            undefined,
          );
        case "phone_account":
          return settle(backend.phoneAccount ?? makePhoneAccountView(), undefined);
        case "save_phone_account":
          return settle(
            backend.savePhoneAccount ?? null,
            a as { account: unknown; password: string | null },
          );
        case "remove_phone_account":
          return settle(backend.removePhoneAccount ?? null, undefined);
        case "place_call":
          return settle(backend.placeCall ?? makeCall(), a.request as PlaceCallRequest);
        case "call_next_number":
          return settle(
            backend.callNextNumber ?? makeCall({ id: "call-2", number: "+306912345678" }),
            a.call as string,
          );
        case "audio_devices":
          return settle(backend.audioDevices ?? makeAudioDevices(), undefined);
        case "sync_status":
          return settle(backend.syncStatus ?? makeSyncStatus(), undefined);
        case "crm_connect":
          return settle(
            backend.crmConnect ?? (a.deviceCode ? makeSignInPrompt() : makeBrowserSignInPrompt()),
            { orgUrl: a.orgUrl as string, deviceCode: a.deviceCode === true },
          );
        case "outbox_items":
          return settle(backend.outboxItems ?? [], a.limit as number);
        case "desktop_prefs":
          return settle(backend.desktopPrefs ?? makeDesktopPrefs(), undefined);
        case "set_desktop_prefs":
          return settle(backend.setDesktopPrefs ?? null, a.prefs as DesktopPrefs);
        case "join_meeting":
          return settle(backend.joinMeeting ?? null, a.activity as string);
        case "take_call_link":
          return settle(backend.takeCallLink ?? null, undefined);
        case "conversation":
          return settle(backend.conversation ?? makeConversation(), a.record as string);
        case "send_text": {
          const request = a.request as SendTextRequest;
          return settle(
            backend.sendText ?? { record: request.record, events: [], activities: [] },
            request,
          );
        }
        case "text_settings":
          return settle(backend.textSettings ?? makeTextSettingsView(), undefined);
        case "set_text_settings":
          return settle(
            backend.setTextSettings ?? null,
            a as { settings: TextSettings; token: string | null },
          );
        case "email_composer": {
          const asked = {
            record: a.record as string,
            forActivity: (a.forActivity ?? null) as string | null,
          };
          return settle(backend.emailComposer ?? ((q) => makeEmailComposer({}, q)), asked);
        }
        case "save_email_draft":
          return settle(
            backend.saveEmailDraft ?? (() => new Date().toISOString()),
            a.draft as EmailDraft,
          );
        case "discard_email_draft":
          return settle(backend.discardEmailDraft ?? null, a.record as string);
        case "send_email": {
          const request = a.request as SendEmailRequest;
          return settle(
            backend.sendEmail ?? { record: request.draft.record, events: [], activities: [] },
            request,
          );
        }
        case "email_settings":
          return settle(backend.emailSettings ?? makeEmailSettingsView(), undefined);
        case "set_email_settings":
          return settle(
            backend.setEmailSettings ?? null,
            a as { settings: EmailSettings; password: string | null },
          );
        default:
          if (CALL_ACTIONS.has(cmd)) return settle(backend.callAction ?? null, { cmd, args: a });
          if (SYNC_ACTIONS.has(cmd)) return settle(backend.syncAction ?? null, { cmd, args: a });
          throw { code: "unknown_command", message: `no mock for ${cmd}` };
      }
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** The calls made to one command, with their arguments. */
export function callsTo(calls: IpcCall[], cmd: string): unknown[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

export function renderWithProviders(ui: ReactElement) {
  return render(<AppProviders>{ui}</AppProviders>);
}
