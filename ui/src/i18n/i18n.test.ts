import { afterEach, describe, expect, it, vi } from "vitest";
import { detectLanguage } from ".";
import { el } from "./locales/el";
import { en } from "./locales/en";

function keys(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("detectLanguage", () => {
  it.each([
    ["el", "el"],
    ["el-GR", "el"],
    ["EL-gr", "el"],
    ["en-US", "en"],
    ["de-DE", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("%s -> %s", (locale, expected) => {
    expect(detectLanguage(locale)).toBe(expected);
  });
});

describe("i18n setup", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("starts in Greek when the system language is Greek", async () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("el-GR");
    vi.resetModules();
    const { default: fresh } = await import(".");
    expect(fresh.language).toBe("el");
    expect(fresh.t("worklist.title")).toBe("Λίστα εργασιών");
  });

  it("has every English string in Greek too", () => {
    expect(keys(el).sort()).toEqual(keys(en).sort());
  });

  it("has real Greek, not English copies", () => {
    expect(el.app.demoData).toBe("Δεδομένα επίδειξης");
    expect(el.worklist.overdue).toBe("Εκπρόθεσμο");
    const untranslated = keys(en).filter((key) => {
      const get = (o: object) =>
        key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);
      return get(en) === get(el);
    });
    // Brand and loanwords stay as they are.
    expect(untranslated.sort()).toEqual([
      "app.name",
      "common.activityType.email",
      "filters.count",
      "settings.version",
      "shortcuts.action.email",
    ]);
  });
});
