import { mockIPC } from "@tauri-apps/api/mocks";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { AppProviders } from "../app/providers";
import type { AppInfo, WorkListPage } from "../ipc/commands";
import { makeAppInfo, makePage } from "./fixtures";

export type CommandResult<T> = T | { reject: unknown };

export type MockBackend = {
  appInfo?: CommandResult<AppInfo>;
  workList?: CommandResult<WorkListPage>;
};

export type IpcCall = { cmd: string; args: unknown };

/**
 * Mocks the Tauri IPC boundary (and nothing else) with canned command results, and
 * records every call made.
 */
export function mockBackend(backend: MockBackend = {}): IpcCall[] {
  const calls: IpcCall[] = [];
  const answer = <T,>(result: CommandResult<T>): T => {
    if (typeof result === "object" && result !== null && "reject" in result) {
      throw result.reject;
    }
    return result;
  };
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "app_info":
        return answer(backend.appInfo ?? makeAppInfo());
      case "work_list":
        return answer(backend.workList ?? makePage([]));
      default:
        throw { code: "unknown_command", message: `no mock for ${cmd}` };
    }
  });
  return calls;
}

export function renderWithProviders(ui: ReactElement) {
  return render(<AppProviders>{ui}</AppProviders>);
}
