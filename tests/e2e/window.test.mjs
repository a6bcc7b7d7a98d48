// The real Nextline window on a fresh database: first start seeds the demo data, and the work
// list shows the same cards the store (and the CLI) has.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { checker, cli, openApp, pickOption, screenshot } from "./lib.mjs";

const db = process.env.E2E_DB;
const { check, summary } = checker();
let browser = await openApp(db);
/** Where the window-state plugin keeps the window's size and place. */
let stateFile;

try {
  await check("the window opens on the demo work list", async () => {
    const list = await browser.$('[data-testid="worklist"]');
    await list.waitForDisplayed({ timeout: 30000 });
    await browser.waitUntil(async () => (await browser.$$('[data-testid="worklist-card"]')).length >= 10, {
      timeout: 20000,
      timeoutMsg: "fewer than 10 cards",
    });
    assert.equal(await browser.getTitle(), "Nextline");
  });

  await check("the header says who I am and that this is demo data", async () => {
    const badge = await browser.$('[data-testid="demo-badge"]');
    assert.ok(await badge.isDisplayed(), "demo badge visible");
    const user = await browser.$('[data-testid="current-user"]');
    assert.match(await user.getText(), /Alex Morgan/);
  });

  await check("the cards are the store's work list, in the same order as the CLI's", async () => {
    const page = cli(db, ["worklist", "--limit", "5", "--json"]);
    const cards = await browser.$$('[data-testid="worklist-card"]');
    for (let i = 0; i < 5; i++) {
      assert.equal(await cards[i].getAttribute("data-record-id"), page.cards[i].recordId, `card ${i}`);
      const text = await cards[i].getProperty("textContent");
      assert.ok(text.includes(page.cards[i].subject), `card ${i} shows "${page.cards[i].subject}"`);
    }
  });

  await screenshot(browser, "worklist.png");

  await check("opening a card shows its Up Next panel and timeline", async () => {
    const first = await browser.$('[data-testid="worklist-card"]');
    const id = await first.getAttribute("data-record-id");
    await first.click();
    const panel = await browser.$(`[data-testid="upnext"][data-record-id="${id}"]`);
    await panel.waitForDisplayed();
    await (await browser.$('[data-testid="timeline"]')).waitForExist();
    await screenshot(browser, "record.png");
  });

  await check("size, place, sort and filters are remembered when the window opens again", async () => {
    await pickOption(browser, "worklist-sort", "Name");
    await pickOption(browser, "filter-kind", "Opportunity", { multi: true });
    await browser.waitUntil(async () =>
      (await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="worklist-card"]')].every((c) =>
          /Opportunity/.test(c.textContent),
        ),
      )),
    );
    await browser.setWindowRect(60, 40, 1100, 700);
    await browser.waitUntil(async () => (await browser.getWindowRect()).width === 1100);
    const left = await browser.getWindowRect();
    // The app writes the window's place once it has been still for half a second.
    stateFile = `${process.env.XDG_CONFIG_HOME}/app.nextline.desktop/.window-state.json`;
    await browser.waitUntil(() => existsSync(stateFile) && readFileSync(stateFile, "utf8").includes("1100"), {
      timeoutMsg: `${stateFile} does not hold the new size`,
    });
    await browser.deleteSession();

    browser = await openApp(db);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="worklist-card"]')).length > 0, {
      timeout: 30000,
    });
    const back = await browser.getWindowRect();
    assert.deepEqual(
      { x: back.x, y: back.y, width: back.width, height: back.height },
      { x: left.x, y: left.y, width: left.width, height: left.height },
    );
    const sort = await (await browser.$('[data-testid="worklist-sort"]')).getProperty("textContent");
    assert.match(sort, /Name/);
    const kind = await (await browser.$('[data-testid="filter-kind"]')).getProperty("textContent");
    assert.match(kind, /Opportunity/, `the record-type filter still says Opportunity (it says "${kind}")`);
    const kinds = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="worklist-card"]')].map((c) => /Opportunity/.test(c.textContent)),
    );
    assert.ok(kinds.length > 0 && kinds.every(Boolean), "only opportunities, as left");
    // Leave the next suite a window as a first start has it.
    await browser.execute(() => window.localStorage.clear());
    await browser.setWindowRect(0, 0, 1280, 800);
    await browser.waitUntil(() => readFileSync(stateFile, "utf8").includes("1280"));
  });
} finally {
  await browser.deleteSession();
}

process.exit(summary("first start") === 0 ? 0 : 1);
