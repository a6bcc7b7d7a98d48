import { describe, expect, it } from "vitest";
import { isOwnedKeyTarget } from "../../../lib/typingTarget";
import { shortcutFor } from "./shortcutKeys";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("shortcutFor", () => {
  it.each([
    ["j", "next"],
    ["J", "next"],
    ["ArrowDown", "next"],
    ["k", "previous"],
    ["c", "call"],
    ["d", "complete"],
    ["x", "skip"],
    ["/", "search"],
    ["?", "help"],
    ["q", null],
  ])("%s -> %s", (k, action) => {
    expect(shortcutFor(key(k))).toBe(action);
  });

  it("leaves key combinations alone", () => {
    expect(shortcutFor(key("c", { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key("d", { metaKey: true }))).toBeNull();
    expect(shortcutFor(key("j", { altKey: true }))).toBeNull();
  });
});

describe("isOwnedKeyTarget", () => {
  it("knows fields, dialogs and menus use keys themselves", () => {
    document.body.innerHTML = `
      <input id="i" /><textarea id="t"></textarea><div id="e" contenteditable="true"></div>
      <div role="dialog"><button id="d">x</button></div>
      <div role="menu"><div id="m" role="menuitem">x</div></div>
      <button id="b">x</button>`;
    const el = (id: string) => document.getElementById(id);
    expect(isOwnedKeyTarget(el("i"))).toBe(true);
    expect(isOwnedKeyTarget(el("t"))).toBe(true);
    expect(isOwnedKeyTarget(el("d"))).toBe(true);
    expect(isOwnedKeyTarget(el("m"))).toBe(true);
    expect(isOwnedKeyTarget(el("b"))).toBe(false);
    expect(isOwnedKeyTarget(document.body)).toBe(false);
  });
});
