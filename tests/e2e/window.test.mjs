// The real Nextline window on a fresh database: first start seeds the demo data, and the work
// list shows the same cards the store (and the CLI) has.
import assert from "node:assert/strict";
import { checker, cli, openApp, screenshot } from "./lib.mjs";

const db = process.env.E2E_DB;
const { check, summary } = checker();
const browser = await openApp(db);

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
} finally {
  await browser.deleteSession();
}

process.exit(summary("first start") === 0 ? 0 : 1);
