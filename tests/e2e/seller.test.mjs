// The seller's window, end to end on a seeded database (issue "The seller's window"): every
// R3–R10 action from the window, the do-not-phone warning, live updates from the CLI, Greek.
// Records are chosen through the CLI (same database), then worked in the window.
import assert from "node:assert/strict";
import { checker, cli, fold, openApp, openRecord, pickOption, screenshot, shownCards, typeInto } from "./lib.mjs";

const db = process.env.E2E_DB;
cli(db, ["demo", "seed", "--records", "400"]);
const { check, summary } = checker();
const browser = await openApp(db);

// What the top of my work list holds, as the CLI sees it.
const cards = cli(db, ["worklist", "--limit", "60", "--json"]).cards;
const views = new Map(cards.map((c) => [c.recordId, cli(db, ["upnext", c.recordId, "--json"])]));
const me = cli(db, ["users", "--json"]).users.find((u) => u.name === "Alex Morgan");
const taken = new Set();
function pick(what, test) {
  for (const c of cards) {
    const v = views.get(c.recordId);
    if (!taken.has(c.recordId) && test(c, v)) {
      taken.add(c.recordId);
      return { card: c, view: v };
    }
  }
  throw new Error(`no record in the top of the work list for: ${what}`);
}
const activeStep = (kindOk) => (c, v) =>
  c.ownedByMe && v.active && v.active.activity.assignee.id === me.id && kindOk(v.active.activity.type);
const mine = (id) => `[data-activity-id="${id}"]`;
const upnextState = (rid) => cli(db, ["upnext", rid, "--json"]);
async function completedItem(activityId) {
  const item = await browser.$(`[data-testid="upnext-completed-item"]${mine(activityId)}`);
  await item.waitForExist({ timeout: 12000 });
  return item;
}
async function moreMenu(scope) {
  await (await scope.$('[data-testid="action-more"]')).click();
}

try {
  await browser.$('[data-testid="worklist-card"]').then((c) => c.waitForDisplayed({ timeout: 30000 }));

  await check("R5: Mark complete with a note files the step and shows the note", async () => {
    const { card, view } = pick("an active call or email of mine", activeStep((t) => t !== "task"));
    const act = view.active.activity;
    const panel = await openRecord(browser, card.recordId);
    await (await panel.$('[data-testid="upnext-active"] [data-testid="action-complete"]')).click();
    await (await browser.$('[data-testid="complete-note"]')).setValue("Spoke with them — send pricing");
    await screenshot(browser, "complete-dialog.png");
    await (await browser.$('[data-testid="complete-save"]')).click();
    const done = await completedItem(act.id);
    assert.equal(await done.getAttribute("data-state"), "completed");
    const note = await browser.$('[data-testid="timeline-item"][data-kind="noteAdded"]');
    await note.waitForExist();
    assert.match(await note.getProperty("textContent"), /send pricing/);
    assert.equal(upnextState(card.recordId).completed[0].id, act.id);
  });

  await check("R6: Skip in a sequence activates the next step and files the skipped one", async () => {
    const { card, view } = pick("another active step of mine", activeStep(() => true));
    const act = view.active.activity;
    const panel = await openRecord(browser, card.recordId);
    await moreMenu(await panel.$('[data-testid="upnext-active"]'));
    await (await browser.$('[data-testid="action-skip"]')).click();
    await (await browser.$('[data-testid="skip-toast"]')).waitForDisplayed();
    await screenshot(browser, "skip-undo.png");
    const done = await completedItem(act.id); // after the undo window
    assert.equal(await done.getAttribute("data-state"), "skipped");
    const after = upnextState(card.recordId);
    const next = after.active ?? after.waiting;
    if (view.upcoming.some((s) => s.kind.kind !== "wait")) {
      assert.ok(next && next.activity.id !== act.id, "the next step took its place");
      const shown = await browser.$(`[data-testid="upnext-active"], [data-testid="upnext-waiting"]`);
      assert.equal(await shown.getAttribute("data-activity-id"), next.activity.id);
    }
  });

  const task = pick("a manual task outside any sequence", (c, v) =>
    v.manual.some((m) => m.activity.type === "task" && m.activity.assignee.id === me.id),
  );
  const taskId = task.view.manual.find((m) => m.activity.type === "task").activity.id;

  await check("R7: a manual task offers no Snooze, and says why", async () => {
    const panel = await openRecord(browser, task.card.recordId);
    const item = await panel.$(`[data-testid="upnext-manual-item"]${mine(taskId)}`);
    await moreMenu(item);
    const snooze = await browser.$('[data-testid="action-snooze"]');
    await snooze.waitForDisplayed();
    assert.equal(await snooze.getAttribute("aria-disabled"), "true");
    const reason = await snooze.$('[data-testid="action-reason"]');
    assert.match(await reason.getProperty("textContent"), /can't be snoozed/);
    await screenshot(browser, "snooze-refused-for-task.png");
    await browser.keys("Escape");
  });

  await check("R6: Skip of a manual task outside a sequence cancels it", async () => {
    const panel = await openRecord(browser, task.card.recordId);
    await moreMenu(await panel.$(`[data-testid="upnext-manual-item"]${mine(taskId)}`));
    await (await browser.$('[data-testid="action-skip"]')).click();
    const done = await completedItem(taskId);
    assert.equal(await done.getAttribute("data-state"), "cancelled");
  });

  await check("R7: Snooze moves the due time", async () => {
    const { card, view } = pick("an active non-task step of mine", activeStep((t) => t !== "task"));
    const act = view.active.activity;
    const panel = await openRecord(browser, card.recordId);
    await moreMenu(await panel.$('[data-testid="upnext-active"]'));
    await (await browser.$('[data-testid="action-snooze"]')).click();
    await (await browser.$('[data-testid="snooze-quick-1h"]')).click();
    await screenshot(browser, "snooze-dialog.png");
    await (await browser.$('[data-testid="snooze-save"]')).click();
    await browser.waitUntil(() => upnextState(card.recordId).active?.activity.snoozedUntil != null, {
      timeoutMsg: "not snoozed",
    });
    const due = new Date(upnextState(card.recordId).active.activity.due).getTime();
    const inAnHour = Date.now() + 3600_000;
    assert.ok(Math.abs(due - inAnHour) < 10 * 60_000, `due ${new Date(due).toISOString()}`);
    assert.notEqual(due, new Date(act.due).getTime());
  });

  await check("R9: the owner assigns an activity to a colleague", async () => {
    const { card } = pick("an active step of mine to hand over", activeStep(() => true));
    const panel = await openRecord(browser, card.recordId);
    await moreMenu(await panel.$('[data-testid="upnext-active"]'));
    await (await browser.$('[data-testid="action-assign"]')).click();
    await pickOption(browser, "assign-picker", "Ελένη Γεωργίου");
    await screenshot(browser, "assign-dialog.png");
    await (await browser.$('[data-testid="assign-save"]')).click();
    const eleni = cli(db, ["users", "--json"]).users.find((u) => u.name === "Ελένη Γεωργίου");
    await browser.waitUntil(() => upnextState(card.recordId).active?.activity.assignee.id === eleni.id, {
      timeoutMsg: "not assigned",
    });
  });

  await check("R9/R22: someone who may not assign is told why", async () => {
    const { card, view } = pick("work of mine on someone else's record", (c, v) => !c.ownedByMe && (v.active || v.manual.length));
    const panel = await openRecord(browser, card.recordId);
    const scope = view.active
      ? await panel.$('[data-testid="upnext-active"]')
      : await panel.$('[data-testid="upnext-manual-item"]');
    await moreMenu(scope);
    const assign = await browser.$('[data-testid="action-assign"]');
    await assign.waitForDisplayed();
    assert.equal(await assign.getAttribute("aria-disabled"), "true");
    assert.match(await (await assign.$('[data-testid="action-reason"]')).getProperty("textContent"), /owner or a sales manager/);
    await screenshot(browser, "assign-refused.png");
    await browser.keys("Escape");
  });

  await check("R10: an owner change made in the CLI shows in the open window", async () => {
    const { card, view } = pick("a record of mine with an active step", activeStep(() => true));
    const panel = await openRecord(browser, card.recordId);
    cli(db, ["owner", card.recordId, "--to", "nikos.pappas@nextline.example"]);
    await browser.waitUntil(async () => (await panel.getProperty("textContent")).includes("Νίκος Παππάς"), {
      timeout: 5000,
      timeoutMsg: "the new owner did not appear without a refresh",
    });
    const active = await panel.$('[data-testid="upnext-active"]');
    assert.equal(await active.getAttribute("data-activity-id"), view.active.activity.id);
    assert.equal(upnextState(card.recordId).active.activity.assignee.id, me.id, "the active step stays mine");
    await screenshot(browser, "owner-changed-live.png");
  });

  await check("R13: the do-not-phone warning comes before the call panel", async () => {
    const { card, view } = pick("a do-not-phone contact", (c, v) => v.dialPlan?.warnings.includes("doNotPhone"));
    await openRecord(browser, card.recordId);
    await (await browser.$('[data-testid="upnext"]')).click();
    await browser.keys("c");
    const warning = await browser.$('[data-testid="dnp-warning"]');
    await warning.waitForDisplayed();
    await screenshot(browser, "do-not-phone-warning.png");
    await (await browser.$('[data-testid="dnp-cancel"]')).click();
    await warning.waitForDisplayed({ reverse: true });
    assert.equal(await (await browser.$('[data-testid="call-panel"]')).isDisplayed(), false);
    await browser.keys("c");
    await (await browser.$('[data-testid="dnp-continue"]')).click();
    const panel = await browser.$('[data-testid="call-panel"]');
    await panel.waitForDisplayed();
    if (view.dialPlan.target.kind === "number") {
      const number = await browser.$('[data-testid="call-number"]');
      assert.match(await number.getProperty("textContent"), new RegExp(view.dialPlan.target.number.display.replaceAll("+", "\\+")));
    }
    // No phone account on this profile: Call says so, in words, and offers to set it up.
    const call = await browser.$('[data-testid="call-button"]');
    assert.equal(await call.isEnabled(), true);
    await call.click();
    const error = await browser.$('[data-testid="call-error"]');
    await error.waitForDisplayed();
    assert.match(await error.getText(), /Calling isn't set up yet/);
    await screenshot(browser, "call-panel.png");
    await browser.keys("Escape");
  });

  await check("R3: search, filter, sort and group match the store", async () => {
    await typeInto(browser, "worklist-search", "γεωργιου");
    let seen = [];
    await browser.waitUntil(async () => {
      seen = (await shownCards(browser)).map((c) => c.text);
      return seen.length > 0 && seen.every((t) => fold(t).includes("γεωργιου"));
    }, { timeoutMsg: "search did not narrow the list" }).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(seen.map((t) => t.slice(0, 80)))}`);
    });
    await typeInto(browser, "worklist-search", "");

    await pickOption(browser, "filter-type", "Email", { multi: true });
    await pickOption(browser, "worklist-sort", "Name");
    const expected = cli(db, ["worklist", "--type", "email", "--sort", "name", "--limit", "5", "--json"]).cards;
    await browser.waitUntil(async () => {
      const ids = (await shownCards(browser)).slice(0, 5).map((c) => c.id);
      return ids.join() === expected.map((c) => c.recordId).join();
    }, { timeoutMsg: "filtered, sorted list differs from the store's" });
    await pickOption(browser, "worklist-group", "Due");
    await (await browser.$('[data-testid="worklist-group-header"]')).waitForDisplayed();
    await screenshot(browser, "filtered-sorted-grouped.png");
  });

  await check("the window speaks Greek when the seller switches", async () => {
    await (await browser.$('[data-testid="open-settings"]')).click();
    const lang = await browser.$('[data-testid="settings-language"]');
    await lang.waitForDisplayed();
    await lang.selectByVisibleText("Ελληνικά");
    await (await browser.$('[data-testid="settings-close"]')).click();
    await browser.waitUntil(async () => (await browser.$("body").then((b) => b.getProperty("textContent"))).includes("Λίστα εργασιών"), {
      timeoutMsg: "no Greek on screen",
    });
    await screenshot(browser, "greek.png");
    // Back to English: the next test starts where a new seller would.
    await (await browser.$('[data-testid="open-settings"]')).click();
    await (await browser.$('[data-testid="settings-language"]')).selectByVisibleText("English");
    await (await browser.$('[data-testid="settings-close"]')).click();
    await browser.waitUntil(async () => (await browser.$("body").then((b) => b.getProperty("textContent"))).includes("Work list"), {
      timeoutMsg: "not back in English",
    });
  });
} finally {
  await browser.deleteSession();
}
process.exit(summary("seller's window") === 0 ? 0 : 1);
