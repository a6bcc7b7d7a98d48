// The activity clock and click-to-call from anywhere, in the real app under Xvfb (issue "The
// activity clock"). The run's stand-in notification server records what the app shows and
// presses its buttons (tests/desktop/fake_notify.py):
// - an activity snoozed to 3 seconds from now raises exactly one notification — its subject as
//   the title, its record and due time as the body, with Open, Snooze 1 hour and Mark complete
//   — and clicking it opens Up Next for that record;
// - the tray (read through the run's stand-in tray host, tests/desktop/fake_tray.py) shows how
//   many activities are due now beside its icon, lists the most overdue ones, Do not disturb
//   turns into "Notifications on again" when clicked;
// - closing the window (as a window manager's close button does) keeps Nextline in the tray,
//   and the tray's Open Nextline brings the window back;
// - started with a tel: link (as a browser starts the link's handler), the window opens the
//   dial pad with the number normalised and names the record whose contact has it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { checker, cli, notifications, openApp, openRecord, screenshot } from "./lib.mjs";

const db = process.env.E2E_DB;
cli(db, ["demo", "seed", "--records", "60"]);
const { check, summary } = checker();

const press = (id, action) =>
  execFileSync("gdbus", [
    "call", "--session", "-d", "org.freedesktop.Notifications", "-o", "/org/freedesktop/Notifications",
    "-m", "org.freedesktop.Notifications.Test.Invoke", String(id), action,
  ]);

const cards = cli(db, ["worklist", "--limit", "60", "--json"]).cards.filter(
  (c) => c.activityType !== "task" && !c.startsLater,
);

// The tray host's test hooks, over D-Bus (python3-dbus: gdbus would quote the JSON).
const trayHost = (method, ...args) =>
  execFileSync("/usr/bin/python3", [
    "-c",
    "import dbus, sys; w = dbus.SessionBus().get_object('org.kde.StatusNotifierWatcher', '/StatusNotifierWatcher'); " +
      "t = 'org.kde.StatusNotifierWatcher.Test'; " +
      "print(w.Describe(dbus_interface=t) if sys.argv[1] == 'Describe' else w.Click(sys.argv[2], int(sys.argv[3]), dbus_interface=t))",
    method,
    ...args,
  ]).toString();
const tray = () => JSON.parse(trayHost("Describe"));
const entries = (menu) => (menu ? [menu, ...menu.children.flatMap(entries)] : []);

let browser = await openApp(db);
try {
  await browser.$('[data-testid="worklist-card"]').then((c) => c.waitForDisplayed({ timeout: 30000 }));

  await check("the tray shows what is due now and turns do not disturb on and off", async () => {
    const due = () => cli(db, ["worklist", "--due", "overdue", "--limit", "5", "--json"]);
    let item;
    await browser.waitUntil(
      () => {
        item = tray().find((i) => i.menu && entries(i.menu).some((e) => e.label === "Quit"));
        return item && item.properties.XAyatanaLabel === String(due().total);
      },
      { timeout: 40000, timeoutMsg: `the tray's count is not what is due: ${JSON.stringify(item?.properties)}` },
    );
    const labels = entries(item.menu).map((e) => e.label).filter(Boolean);
    assert.equal(labels[0], "Open Nextline");
    const first = due().cards[0];
    assert.equal(labels[1], `${first.subject} — ${first.name}`, "the most overdue first");
    assert.ok(labels.includes("Do not disturb for 1 hour"), labels.join(" | "));
    assert.equal(labels.at(-1), "Quit");
    const dnd = entries(item.menu).find((e) => e.label === "Do not disturb for 1 hour");
    trayHost("Click", `${item.name}${item.path}`, String(dnd.id));
    const quietNow = () => {
      const i = tray().find((t) => t.name === item.name && t.path === item.path);
      return i && entries(i.menu).find((e) => e.label === "Notifications on again");
    };
    await browser.waitUntil(() => !!quietNow(), { timeout: 15000, timeoutMsg: "do not disturb did not show" });
    trayHost("Click", `${item.name}${item.path}`, String(quietNow().id));
    await browser.waitUntil(() => !quietNow(), { timeout: 15000, timeoutMsg: "notifications did not come back on" });
  });

  await check("a snoozed activity coming due raises one notification; clicking it opens Up Next", async () => {
    const target = cards[0];
    cli(db, ["snooze", target.activityId, "--until", new Date(Date.now() + 3000).toISOString()]);
    const about = () =>
      notifications().filter((n) => n.summary === target.subject && n.body.startsWith(`${target.name} · due `));
    await browser.waitUntil(() => about().length > 0, { timeout: 20000, timeoutMsg: "no notification" });
    await browser.pause(2000);
    assert.equal(about().length, 1, "exactly one");
    const n = about()[0];
    assert.equal(n.app_name, "Nextline");
    assert.equal(n.actions.default, "Open");
    assert.equal(n.actions.snooze, "Snooze 1 hour");
    assert.equal(n.actions.done, "Mark complete");
    press(n.id, "default");
    const panel = await browser.$(`[data-testid="upnext"][data-record-id="${target.recordId}"]`);
    await panel.waitForDisplayed({ timeout: 10000 });
    await screenshot(browser, "notification-opens-upnext.png");
  });

  await check("R18: Join opens a Teams meeting's link in Teams or the browser", async () => {
    const meeting = cards.find((c) => c.activityType === "meeting" && c.teamsMeeting);
    assert.ok(meeting, "a Teams meeting in the work list");
    const view = cli(db, ["upnext", meeting.recordId, "--json"]);
    const item = [view.active, ...view.manual].find((i) => i && i.activity.id === meeting.activityId);
    const link = item.activity.joinUrl;
    const panel = await openRecord(browser, meeting.recordId);
    const card = await panel.$(`[data-activity-id="${meeting.activityId}"]`);
    await (await card.$('[data-testid="action-main"]')).click();
    const openedLinks = () =>
      existsSync(process.env.E2E_OPENED) ? readFileSync(process.env.E2E_OPENED, "utf8").split("\n") : [];
    await browser.waitUntil(() => openedLinks().includes(link), {
      timeout: 10000,
      timeoutMsg: `not opened: ${link}`,
    });
    assert.match(link, /^https:\/\/teams\.microsoft\.com\//);
  });

  await check("a second launch with a tel: link hands it to the running window and exits", async () => {
    const withNumber = cards
      .map((c) => ({ card: c, plan: cli(db, ["dialplan", c.recordId, "--json"]) }))
      .filter(({ plan }) => plan.target?.number?.e164)[1];
    const e164 = withNumber.plan.target.number.e164;
    // As a browser starts the tel: handler: a new process, which must not open a second window.
    const started = Date.now();
    execFileSync(process.env.NEXTLINE_APP, ["--db", db, `tel:${e164}`], { timeout: 30000 });
    assert.ok(Date.now() - started < 30000);
    const number = await browser.$('[data-testid="dial-pad-input"]');
    await number.waitForDisplayed({ timeout: 15000 });
    assert.equal((await number.getValue()).replace(/[\s-]/g, ""), e164);
    const line = await (await browser.$('[data-testid="dialpad-record"]')).getText();
    assert.ok(line.includes(withNumber.card.name), line);
    await browser.keys("Escape");
  });

  await check("Settings → Notifications saves quiet hours where the activity clock reads them", async () => {
    await (await browser.$('[data-testid="open-settings"]')).click();
    await (await browser.$('[data-testid="settings-tab-notifications"]')).click();
    // Fluent's switch is a visually hidden checkbox under its track: click it as the page does.
    await (await browser.$('[data-testid="notify-quiet-hours"]')).waitForExist();
    await browser.execute(() => document.querySelector('[data-testid="notify-quiet-hours"]').click());
    await (await browser.$('[data-testid="notify-quiet-from"]')).waitForExist();
    await (await browser.$('[data-testid="notify-save"]')).click();
    await (await browser.$('[data-testid="notify-done"]')).waitForDisplayed();
    await screenshot(browser, "settings-notifications.png");
    await browser.keys("Escape");
    // Saved where the activity clock reads it (the cache's settings).
    const prefs = JSON.parse(
      execFileSync("python3", [
        "-c",
        "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT value FROM settings WHERE key='clock.prefs'\").fetchone()[0])",
        db,
      ]).toString(),
    );
    assert.deepEqual(prefs.quietHours, { start: "20:00:00", end: "08:00:00" });
  });

  await check("closing the window keeps Nextline in the tray; Open Nextline brings it back", async () => {
    const closeWindow = new URL("../desktop/close_window.py", import.meta.url).pathname;
    const win = (what) => execFileSync("/usr/bin/python3", [closeWindow, what, "Nextline"]).toString().trim();
    assert.equal(win("state"), "shown");
    win("close");
    await browser.waitUntil(() => win("state") === "hidden", {
      timeout: 10000,
      timeoutMsg: `the window did not go to the tray: ${win("state")}`,
    });
    // Still running: its tray icon is there, and opens the window again.
    const item = tray().find((i) => i.menu && entries(i.menu).some((e) => e.label === "Open Nextline"));
    assert.ok(item, "the tray icon is still there");
    const open = entries(item.menu).find((e) => e.label === "Open Nextline");
    trayHost("Click", `${item.name}${item.path}`, String(open.id));
    await browser.waitUntil(() => win("state") === "shown", { timeout: 10000, timeoutMsg: "the window did not come back" });
    await (await browser.$('[data-testid="worklist-card"]')).waitForDisplayed();
  });
} finally {
  await browser.deleteSession();
}

await check("started with a tel: link, the dial pad opens with the number and its record", async () => {
  const withNumber = cards
    .map((c) => ({ card: c, plan: cli(db, ["dialplan", c.recordId, "--json"]) }))
    .find(({ plan }) => plan.target?.number?.e164);
  assert.ok(withNumber, "a record with a number to call");
  const e164 = withNumber.plan.target.number.e164;
  // As a web page writes it: tel:+30-210-555-0101.
  const link = `tel:${e164.slice(0, 3)}-${e164.slice(3, 6)}-${e164.slice(6)}`;
  browser = await openApp(db, [link]);
  try {
    const number = await browser.$('[data-testid="dial-pad-input"]');
    await number.waitForDisplayed({ timeout: 30000 });
    const typed = (await number.getValue()).replace(/[\s-]/g, "");
    assert.equal(typed, e164);
    const line = await browser.$('[data-testid="dialpad-record"]');
    await line.waitForDisplayed();
    assert.match(await line.getText(), new RegExp(withNumber.card.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await screenshot(browser, "tel-link-dialpad.png");
  } finally {
    await browser.deleteSession();
  }
});

process.exit(summary("desktop") ? 1 : 0);
