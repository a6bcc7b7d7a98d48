// Shared helpers for the end-to-end tests of the real window (see ./run).
import { remote } from "webdriverio";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const { E2E_PORT, E2E_ARTIFACTS, NEXTLINE_APP, NEXTLINE_CLI } = process.env;

/** Start the app on `db` through tauri-driver (`args`: more of its command line). */
export async function openApp(db, args = []) {
  return remote({
    hostname: "127.0.0.1",
    port: Number(E2E_PORT),
    logLevel: "error",
    waitforTimeout: 10000,
    capabilities: { "tauri:options": { application: NEXTLINE_APP, args: ["--db", db, ...args] } },
  });
}

/** Run the `nextline` CLI on the same database; parsed JSON when `--json` is given. */
export function cli(db, args) {
  const out = execFileSync(NEXTLINE_CLI, ["--db", db, ...args], { encoding: "utf8" });
  return args.includes("--json") ? JSON.parse(out) : out;
}

/** A named check: failures are reported and counted, the run goes on. */
export function checker() {
  const results = [];
  async function check(name, fn) {
    const started = Date.now();
    try {
      await fn();
      results.push(true);
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      results.push(false);
      console.log(`not ok - ${name}\n  ${String(e.stack || e).split("\n").slice(0, 6).join("\n  ")}`);
    }
  }
  function summary(label) {
    const passed = results.filter(Boolean).length;
    console.log(`e2e: ${passed} passed, ${results.length - passed} failed (${label})`);
    return results.length - passed;
  }
  return { check, summary };
}

export async function screenshot(browser, name) {
  // Let WebKit paint first: a screenshot right after a DOM change can come out blank.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(300);
  // What the X server shows (the real window, as a seller sees it). WebKitWebDriver's own
  // snapshot never returns once the page styles its scrollbars and compositing is off.
  execFileSync("import", ["-window", "root", join(E2E_ARTIFACTS, name)], { timeout: 20000 });
}

/** Scroll the (virtualised) work list until the card of `recordId` is rendered; return it. */
export async function findCard(browser, recordId) {
  const selector = `[data-testid="worklist-card"][data-record-id="${recordId}"]`;
  const found = await browser.execute(async (sel) => {
    const list = document.querySelector('[data-testid="worklist"]');
    let scroller = list;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
    if (!scroller) return !!document.querySelector(sel);
    scroller.scrollTop = 0;
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const el = document.querySelector(sel);
      if (el) {
        el.scrollIntoView({ block: "center" });
        return true;
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight) return false;
      scroller.scrollTop += scroller.clientHeight * 0.8;
    }
    return false;
  }, selector);
  if (!found) throw new Error(`card of ${recordId} not in the work list`);
  return browser.$(selector);
}

/** Select a record in the work list and wait for its Up Next panel. */
export async function openRecord(browser, recordId) {
  const card = await findCard(browser, recordId);
  await card.click();
  const panel = await browser.$(`[data-testid="upnext"][data-record-id="${recordId}"]`);
  await panel.waitForDisplayed();
  return panel;
}

/** Pick an option of a Fluent Dropdown by its visible text (a multi-select stays open: close it). */
export async function pickOption(browser, testId, text, { multi = false } = {}) {
  await (await browser.$(`[data-testid="${testId}"]`)).click();
  // WebKitWebDriver does not find the options of Fluent's popup listbox; the page does.
  await browser.waitUntil(
    () =>
      browser.execute((t) => {
        const roles = '[role="option"], [role="menuitemcheckbox"], [role="menuitemradio"], [role="menuitem"]';
        const option = [...document.querySelectorAll(roles)].find(
          (o) => o.textContent.includes(t) && o.getBoundingClientRect().height > 0,
        );
        if (!option) return false;
        option.click();
        return true;
      }, text),
    { timeoutMsg: `no option "${text}" in ${testId}` },
  ).catch(async (e) => {
    await screenshot(browser, `failed-pick-${testId}.png`);
    throw e;
  });
  if (multi) await browser.keys("Escape");
}

/** The rendered cards, read in one go (the list re-renders as it loads): {id, text}. */
export async function shownCards(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="worklist-card"]')].map((c) => ({
      id: c.getAttribute("data-record-id"),
      text: c.textContent,
    })),
  );
}

/** Set a text input's value the way typing does (React sees an input event). */
export async function typeInto(browser, testId, value) {
  await browser.execute(
    (id, v) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const input = el.tagName === "INPUT" ? el : el.querySelector("input");
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    testId,
    value,
  );
}

export function fold(s) {
  return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replaceAll("ς", "σ");
}

/** The desktop notifications the app has shown, as the run's stand-in server recorded them. */
export function notifications() {
  const file = process.env.E2E_NOTIFICATIONS;
  return existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}
