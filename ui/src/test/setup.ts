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

// index.html gives the real window its title.
document.title = "Nextline";

afterEach(async () => {
  cleanup();
  window.localStorage.clear();
  clearMocks();
  await i18n.changeLanguage("en");
});
