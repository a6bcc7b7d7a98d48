// Sync with Dynamics 365 from the real window (issue "Sync with Dynamics 365"): the seller
// connects to the demo org (the Dataverse-compatible test server, started by ./run) in
// Settings → Dynamics 365 and signs in in "the browser" — ./run's xdg-open stand-in writes the
// URL the app opened, and this test follows it the way a browser would: the server's sign-in
// stand-in sends it back to the app's loopback port (authorization code + PKCE). The first sync
// runs, a change made on this computer lands in the org within seconds, the header says
// "Synced", and the tokens are in the keyring, not in the cache.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { checker, cli, openApp, openRecord, screenshot, typeInto } from "./lib.mjs";

const db = process.env.E2E_DB;
const org = process.env.E2E_CRM_URL;
const opened = process.env.E2E_OPENED;

cli(db, ["demo", "seed", "--records", "200"]);
const { check, summary } = checker();
const browser = await openApp(db);
const indicator = () => browser.$('[data-testid="sync-indicator"]');

const rows = async (set) => (await fetch(`${org}/_admin/rows/${set}`)).json();

try {
  await browser.$('[data-testid="worklist-card"]').then((c) => c.waitForDisplayed({ timeout: 30000 }));

  await check("Settings → Dynamics 365 signs in through the browser and the first sync runs", async () => {
    await (await browser.$('[data-testid="open-settings"]')).click();
    await (await browser.$('[data-testid="settings-dialog"]')).waitForDisplayed();
    await (await browser.$('[data-testid="settings-crm-tab"]')).click();
    await typeInto(browser, "crm-org-url", org);
    await (await browser.$('[data-testid="crm-connect"]')).click();
    await (await browser.$('[data-testid="crm-sign-in"]')).waitForDisplayed({ timeout: 10000 });
    // The app opened Microsoft's (here: the stand-in's) sign-in page in the system browser.
    await browser.waitUntil(() => existsSync(opened) && readFileSync(opened, "utf8").includes("/oauth2/v2.0/authorize"), {
      timeout: 10000,
      timeoutMsg: "the app did not open the sign-in page",
    });
    const url = readFileSync(opened, "utf8").trim().split("\n").pop();
    assert.match(url, /code_challenge_method=S256/);
    // Be the browser: the sign-in page sends us back to the app's loopback port.
    const page = await (await fetch(url)).text();
    assert.match(page, /You are signed in/);
    await (await browser.$('[data-testid="crm-connected"]')).waitForDisplayed({ timeout: 20000 });
    assert.match(await (await browser.$('[data-testid="crm-user"]')).getText(), /Alex Morgan/);
    await browser.waitUntil(async () => (await (await indicator()).getAttribute("data-state")) === "synced", {
      timeout: 60000,
      timeoutMsg: "the first sync did not finish",
    });
    await (await browser.$('[data-testid="crm-last-sync"]')).waitForDisplayed();
    await screenshot(browser, "settings-crm.png");
    // The sign-in is in the keyring (the private session's gnome-keyring), not in the cache.
    const host = new URL(org).host;
    const kept = execFileSync("secret-tool", ["lookup", "service", "app.nextline.desktop", "username", `crm:${host}`], {
      encoding: "utf8",
    });
    const tokens = JSON.parse(kept);
    assert.ok(tokens.access_token && tokens.refresh_token);
    assert.ok(!readFileSync(db).includes(Buffer.from(tokens.access_token)), "no token in the database file");
  });

  await check("a change made on this computer lands in the org once, and the header says Synced", async () => {
    const card = cli(db, ["worklist", "--limit", "20", "--json"]).cards.find((c) => !c.startsLater);
    const text = `Sent from the window test ${Date.now()}`;
    cli(db, ["note", card.activityId, text]);
    await browser.waitUntil(
      async () => (await rows("annotations")).filter((r) => r.notetext === text).length === 1,
      { timeout: 20000, timeoutMsg: "the note did not reach the org" },
    );
    await browser.waitUntil(async () => (await (await indicator()).getAttribute("data-state")) === "synced", {
      timeout: 20000,
      timeoutMsg: "the header does not say Synced",
    });
    assert.equal((await rows("annotations")).filter((r) => r.notetext === text).length, 1, "exactly once");
    await (await browser.$('[data-testid="outbox-empty"]')).waitForDisplayed({ timeout: 10000 });
  });

  await check("a change the org refuses shows on the record's Up Next, and Try again sends it", async () => {
    // Close Settings, take a record of mine whose Up Next activity the org will refuse to close.
    await (await browser.$('[data-testid="settings-close"]')).click();
    await (await browser.$('[data-testid="settings-dialog"]')).waitForDisplayed({ reverse: true });
    const card = cli(db, ["worklist", "--limit", "40", "--json"]).cards.find((c) => c.ownedByMe && !c.startsLater);
    const refuse = (message) =>
      fetch(`${org}/_admin/refuse`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id: card.activityId, message }),
      });
    await refuse("Business Process Error: a reason code is required");
    cli(db, ["complete", card.activityId]);
    await browser.waitUntil(async () => cli(db, ["outbox", "--json"]).some((r) => r.state === "failed"), {
      timeout: 20000,
      timeoutMsg: "the change was not tried",
    });
    await openRecord(browser, card.recordId).catch(async () => {
      // The completed activity may have left the work list: search the record by its name.
      await typeInto(browser, "worklist-search", card.name);
      await openRecord(browser, card.recordId);
    });
    const issue = await browser.$('[data-testid="sync-issue"]');
    await issue.waitForDisplayed({ timeout: 15000 });
    assert.match(await issue.getText(), /reason code is required/);
    await screenshot(browser, "upnext-sync-issue.png");
    await refuse(null);
    await (await browser.$('[data-testid="sync-issue-retry"]')).click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid="sync-issue"]')).isExisting()), {
      timeout: 20000,
      timeoutMsg: "the issue stayed after Try again",
    });
    const activities = [];
    for (const set of ["phonecalls", "emails", "appointments", "tasks"]) activities.push(...(await rows(set)));
    assert.equal(activities.find((r) => r.activityid === card.activityId)?.statecode, 1, "completed in the org");
  });
} finally {
  await browser.deleteSession().catch(() => {});
}
process.exit(summary("Dynamics 365 sync") === 0 ? 0 : 1);
