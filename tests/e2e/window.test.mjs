// The real Nextline window on a fresh database: first start seeds the demo data, and the work
// list shows the same cards the store (and the CLI) has.
import { remote } from "webdriverio";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";

const { E2E_PORT, E2E_DB, E2E_ARTIFACTS, NEXTLINE_APP, NEXTLINE_CLI } = process.env;
const results = [];

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split("\n").join("\n  ")}`);
  }
}

async function screenshot(browser, name) {
  // Let WebKit paint: a screenshot right after a DOM change can come out blank.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(300);
  writeFileSync(join(E2E_ARTIFACTS, name), Buffer.from(await browser.takeScreenshot(), "base64"));
}

const browser = await remote({
  hostname: "127.0.0.1",
  port: Number(E2E_PORT),
  logLevel: "error",
  capabilities: {
    "tauri:options": { application: NEXTLINE_APP, args: ["--db", E2E_DB] },
  },
});

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
    const page = JSON.parse(
      execFileSync(NEXTLINE_CLI, ["--db", E2E_DB, "worklist", "--limit", "5", "--json"], { encoding: "utf8" }),
    );
    const cards = await browser.$$('[data-testid="worklist-card"]');
    for (let i = 0; i < 5; i++) {
      assert.equal(await cards[i].getAttribute("data-record-id"), page.cards[i].recordId, `card ${i}`);
      const text = await cards[i].getProperty("textContent");
      assert.ok(text.includes(page.cards[i].subject), `card ${i} shows "${page.cards[i].subject}"`);
    }
  });

  await screenshot(browser, "worklist.png");
} finally {
  await browser.deleteSession();
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
