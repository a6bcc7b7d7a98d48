import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import i18n from "../i18n";

// jsdom has no layout, so no ResizeObserver; Fluent's MessageBar needs one to exist.
if (typeof window.ResizeObserver === "undefined") {
  window.ResizeObserver = class ResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// Nor rectangles of text ranges, which the email editor (ProseMirror) asks for to scroll the
// cursor into view: empty ones do, nothing is needed to type.
if (typeof Range !== "undefined" && typeof Range.prototype.getClientRects !== "function") {
  const none = () => new DOMRect(0, 0, 0, 0);
  Range.prototype.getBoundingClientRect = none;
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
}

// index.html gives the real window its title.
document.title = "Nextline";

afterEach(async () => {
  cleanup();
  window.localStorage.clear();
  clearMocks();
  await i18n.changeLanguage("en");
});
