import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { makeAppInfo } from "../test/fixtures";
import {
  DEFAULT_WORK_LIST_QUERY,
  appInfo,
  errorMessage,
  isErrorPayload,
  workList,
} from "./commands";

describe("commands", () => {
  it("calls app_info and work_list with the right arguments", async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "app_info" ? makeAppInfo() : { cards: [], nextCursor: null, total: 0 };
    });

    await expect(appInfo()).resolves.toEqual(makeAppInfo());
    await expect(workList(DEFAULT_WORK_LIST_QUERY)).resolves.toEqual({
      cards: [],
      nextCursor: null,
      total: 0,
    });
    expect(calls[0][0]).toBe("app_info");
    expect(calls[1]).toEqual(["work_list", { query: DEFAULT_WORK_LIST_QUERY }]);
  });

  it("passes error payloads through as rejections", async () => {
    mockIPC(() => {
      throw { code: "note_empty", message: "the note is empty" };
    });
    await expect(appInfo()).rejects.toEqual({ code: "note_empty", message: "the note is empty" });
  });
});

describe("errorMessage", () => {
  it("recognises error payloads", () => {
    expect(isErrorPayload({ code: "x", message: "y" })).toBe(true);
    expect(isErrorPayload("oops")).toBe(false);
    expect(isErrorPayload({ code: 1, message: "y" })).toBe(false);
    expect(isErrorPayload(null)).toBe(false);
  });

  it("translates known codes", () => {
    expect(errorMessage({ code: "note_empty", message: "the note is empty" }, i18n)).toBe(
      "Write something in the note first.",
    );
  });

  it("falls back to the payload's message, then to a generic one", () => {
    expect(errorMessage({ code: "weird", message: "Weird thing." }, i18n)).toBe("Weird thing.");
    expect(errorMessage({ code: "weird", message: "" }, i18n)).toMatch(/^Something went wrong/);
    expect(errorMessage("plain string", i18n)).toBe("plain string");
    expect(errorMessage(new Error("thrown"), i18n)).toBe("thrown");
    expect(errorMessage(undefined, i18n)).toMatch(/^Something went wrong/);
  });
});
