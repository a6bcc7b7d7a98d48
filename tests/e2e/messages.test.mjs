// Email, text messages and meetings from the real window (issue "Email, text messages and
// meetings from the work list"): the composer keeps its draft through a kill of the app and
// asks Save / Discard / Cancel before the seller switches record (R16); Send goes through a
// real SMTP server (aiosmtpd, started here) and the email lands on the timeline (R15); a
// scheduled email waits, pending, with the time it goes (R17); a text goes over the phone
// account (SIP MESSAGE) through a real Kamailio to JsSIP in Chromium registered as the
// contact's number, and its reply appears in the conversation pane and on the desktop (R19–R21);
// a meeting is created and Open shows its details (R18). Every server is stopped by pid.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { password, startJssip, startKamailio } from "../interop/sip-lab.mjs";
import { checker, cli, findCard, notifications, openApp, openRecord, screenshot, typeInto } from "./lib.mjs";

const db = process.env.E2E_DB;
const root = new URL("../..", import.meta.url).pathname;

/** The SMTP server: aiosmtpd, recording what it takes (tests/mail/smtp_sink.py). */
async function startSmtp() {
  const dir = mkdtempSync(join(tmpdir(), "smtp-"));
  const child = spawn("/usr/bin/python3", [join(root, "tests/mail/smtp_sink.py"), join(dir, "port"), join(dir, "got.jsonl")], {
    stdio: "ignore",
  });
  for (let i = 0; i < 200 && !existsSync(join(dir, "port")); i++) await new Promise((r) => setTimeout(r, 50));
  const port = Number(readFileSync(join(dir, "port"), "utf8"));
  return {
    port,
    received: () =>
      existsSync(join(dir, "got.jsonl"))
        ? readFileSync(join(dir, "got.jsonl"), "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
    stop() {
      try {
        process.kill(child.pid, "SIGTERM");
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The app's process on this database, killed as a crash would (SIGKILL). */
function killApp() {
  execFileSync("pkill", ["-KILL", "-f", `nextline-app --db ${db}`]);
}

const waitFor = (browser, fn, timeoutMsg, timeout = 10000) => browser.waitUntil(fn, { timeout, timeoutMsg });

/**
 * Types into the composer's rich-text body (a contenteditable) at its end, as an input method
 * does (WebKitWebDriver's key events drop repeated letters and spaces in a contenteditable).
 */
async function typeBody(browser, text) {
  const body = await browser.$('[data-testid="email-body"]');
  await body.waitForDisplayed();
  await body.click();
  await browser.execute((t) => {
    const el = document.querySelector('[data-testid="email-body"]');
    el.focus();
    const range = document.createRange();
    range.selectNodeContents(el.querySelector("p:last-of-type") ?? el);
    range.collapse(false);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    document.execCommand("insertText", false, t);
  }, text);
}

/** Types into a textarea the way typing does (React sees an input event). */
async function typeArea(browser, testId, value) {
  await browser.execute(
    (id, v) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const area = el.tagName === "TEXTAREA" ? el : el.querySelector("textarea");
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(area, v);
      area.dispatchEvent(new Event("input", { bubbles: true }));
    },
    testId,
    value,
  );
}

async function openComposer(browser, recordId) {
  const card = await findCard(browser, recordId);
  await card.moveTo();
  const quick = await card.$('[data-testid="quick-email"]');
  await quick.waitForDisplayed();
  await quick.click();
  const composer = await browser.$('[data-testid="email-composer"]');
  await composer.waitForDisplayed({ timeout: 10000 });
  return composer;
}

cli(db, ["demo", "seed", "--records", "200"]);
const { check, summary } = checker();
const me = cli(db, ["users", "--json"]).users.find((u) => u.name === "Alex Morgan");
const cards = cli(db, ["worklist", "--limit", "80", "--json"]).cards.filter((c) => c.ownedByMe);
const views = cards.map((c) => ({ card: c, view: cli(db, ["upnext", c.recordId, "--json"]) }));
// Two records with an email address; one whose contact may be texted on a business number.
const mailable = views.filter(({ view }) => view.record.contact.email && !view.record.contact.doNotEmail);
const [first, second] = mailable;
const textable = views.find(
  ({ view }) =>
    view.record.contact.businessPhone &&
    !view.record.contact.doNotText &&
    view.dialPlan?.target.kind === "number" &&
    view.dialPlan.target.number.kind === "business" &&
    view.record.id !== first.card.recordId &&
    view.record.id !== second.card.recordId,
);
const smtp = await startSmtp();
const kamailio = await startKamailio();
const customer = textable.view.dialPlan.target.number.e164;
const reply = "Ναι, Τρίτη στις 10 — see you then!";
const jssip = startJssip(kamailio.port, { user: customer, args: ["--reply", reply] });
let browser = await openApp(db);

try {
  await (await browser.$('[data-testid="worklist-card"]')).waitForDisplayed({ timeout: 30000 });
  await browser.execute(() => localStorage.clear());
  await browser.refresh();
  await (await browser.$('[data-testid="worklist-card"]')).waitForDisplayed({ timeout: 30000 });

  await check("Email from a card: To is the contact's; the draft is saved as the seller types and survives a kill", async () => {
    const composer = await openComposer(browser, first.card.recordId);
    assert.match(await composer.getText(), new RegExp(first.view.record.contact.name));
    const to = await browser.execute(() => document.querySelector('[data-testid="email-to"] input, input[data-testid="email-to"]').value);
    assert.equal(to, first.view.record.contact.email);
    await typeInto(browser, "email-subject", "Your solar offer");
    await typeBody(browser, "Καλημέρα Maria, the offer is attached.");
    const saved = await browser.$('[data-testid="email-saved"]');
    await saved.waitForDisplayed({ timeout: 5000 });
    await screenshot(browser, "email-composer.png");
    // A crash a moment after the last key: the draft is in the cache.
    await browser.pause(800);
    killApp();
    await browser.deleteSession().catch(() => {});
    browser = await openApp(db);
    await (await browser.$('[data-testid="worklist-card"]')).waitForDisplayed({ timeout: 30000 });
    await openComposer(browser, first.card.recordId);
    await (await browser.$('[data-testid="email-restored"]')).waitForDisplayed();
    const body = await (await browser.$('[data-testid="email-body"]')).getText();
    assert.match(body, /Καλημέρα Maria, the offer is attached\./);
    const subject = await browser.execute(() => document.querySelector('[data-testid="email-subject"] input, input[data-testid="email-subject"]').value);
    assert.equal(subject, "Your solar offer");
  });

  await check("R16: switching record while writing asks Save / Discard / Cancel, and Cancel stays", async () => {
    await typeBody(browser, " Best, Alex");
    await (await browser.$('[data-testid="email-saved"]')).waitForDisplayed();
    const other = await findCard(browser, second.card.recordId);
    await other.click();
    const prompt = await browser.$('[data-testid="draft-prompt"]');
    await prompt.waitForDisplayed();
    await screenshot(browser, "email-draft-prompt.png");
    await (await browser.$('[data-testid="draft-cancel"]')).click();
    await prompt.waitForDisplayed({ reverse: true });
    assert.ok(await (await browser.$('[data-testid="email-composer"]')).isDisplayed(), "still writing");
    assert.ok(await (await browser.$(`[data-testid="upnext"][data-record-id="${first.card.recordId}"]`)).isDisplayed());
    // Save: on to the other record; the draft waits for the seller.
    await (await findCard(browser, second.card.recordId)).click();
    await (await browser.$('[data-testid="draft-save"]')).click();
    await (await browser.$(`[data-testid="upnext"][data-record-id="${second.card.recordId}"]`)).waitForDisplayed();
    assert.ok(!(await (await browser.$('[data-testid="email-composer"]')).isExisting()), "the composer closed");
    const drafts = cli(db, ["drafts", "--json"]);
    assert.ok(drafts.some((d) => d.record === first.card.recordId && d.bodyHtml.includes("Best, Alex")), "the draft is kept");
  });

  await check("Settings → Email sets up the seller's mail server; Send delivers it and the timeline says so", async () => {
    await (await browser.$('[data-testid="open-settings"]')).click();
    await (await browser.$('[data-testid="settings-email-tab"]')).click();
    await (await browser.$('[data-testid="smtp-host"]')).waitForDisplayed();
    await typeInto(browser, "smtp-host", "127.0.0.1");
    await browser.execute(() => {
      const s = document.querySelector('[data-testid="smtp-security"]');
      const select = s.tagName === "SELECT" ? s : s.querySelector("select");
      Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(select, "none");
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await typeInto(browser, "smtp-port", String(smtp.port));
    await typeInto(browser, "smtp-from", "alex.morgan@nextline.example");
    await typeInto(browser, "smtp-from-name", "Alex Morgan");
    await (await browser.$('[data-testid="email-settings-save"]')).click();
    await (await browser.$('[data-testid="email-settings-saved"]')).waitForDisplayed();
    await screenshot(browser, "settings-email.png");
    await (await browser.$('[data-testid="settings-close"]')).click();

    await openComposer(browser, first.card.recordId);
    const prompt = await browser.$('[data-testid="draft-prompt"]');
    if (await prompt.isExisting()) await (await browser.$('[data-testid="draft-save"]')).click();
    await (await browser.$('[data-testid="email-restored"]')).waitForDisplayed();
    await (await browser.$('[data-testid="email-send"]')).click();
    await waitFor(browser, () => smtp.received().length === 1, "the SMTP server got nothing", 15000);
    const m = smtp.received()[0];
    assert.equal(m.subject, "Your solar offer");
    assert.deepEqual(m.rcpt_tos, [first.view.record.contact.email]);
    assert.match(m.html, /Καλημέρα Maria, the offer is attached\./);
    assert.match(m.text, /Best, Alex/);
    await waitFor(
      browser,
      () => cli(db, ["timeline", first.card.recordId, "--json"]).some((t) => t.event.kind === "emailSent"),
      "no emailSent on the timeline",
    );
    const shown = await browser.$('[data-testid="timeline-item"][data-kind="emailSent"]');
    await shown.waitForExist({ timeout: 10000 });
    await shown.scrollIntoView({ block: "center" });
    await screenshot(browser, "email-sent-timeline.png");
  });

  await check("R17: Schedule with a time later; the email waits, pending, with when it goes", async () => {
    await openComposer(browser, second.card.recordId);
    assert.ok(!(await (await browser.$('[data-testid="email-not-ready"]')).isExisting()), "the mail server is set up");
    await typeInto(browser, "email-subject", "Follow-up next week");
    await typeBody(browser, "Shall we talk next week?");
    await (await browser.$('[data-testid="email-schedule"]')).click();
    const dialog = await browser.$('[data-testid="email-schedule-dialog"]');
    await dialog.waitForDisplayed();
    const suggested = await browser.$('[data-testid="email-suggested"]');
    assert.ok(await suggested.isExisting(), "the suggested send time is offered (email engagement is on)");
    assert.match(await suggested.getText(), /\d\d:\d\d/);
    await screenshot(browser, "email-schedule.png");
    await (await browser.$('[data-testid="email-schedule-confirm"]')).click();
    await (await browser.$('[data-testid="email-composer"]')).waitForExist({ reverse: true, timeout: 10000 });
    const pending = await browser.$('[data-testid="scheduled-email"]');
    await pending.waitForDisplayed({ timeout: 10000 });
    assert.match(await pending.getText(), /Follow-up next week/);
    const v = cli(db, ["upnext", second.card.recordId, "--json"]);
    const email = v.completed.find((a) => a.type === "email" && a.subject === "Follow-up next week");
    assert.equal(email?.state, "pending");
    assert.ok(new Date(email.email.sendAt) > new Date(), "it goes later");
    assert.equal(smtp.received().length, 1, "not sent now");
    await pending.scrollIntoView({ block: "center" });
    await screenshot(browser, "email-scheduled-pending.png");
  });

  await check("R19–R21: a text over the phone account reaches the contact's phone; the reply shows in the pane and on the desktop", async () => {
    await jssip.next("registered");
    await (await browser.$('[data-testid="open-settings"]')).click();
    await (await browser.$('[data-testid="settings-phone-tab"]')).click();
    await (await browser.$('[data-testid="phone-server"]')).waitForDisplayed();
    await typeInto(browser, "phone-server", `ws://127.0.0.1:${kamailio.port}`);
    await typeInto(browser, "phone-user", "alice");
    await typeInto(browser, "phone-domain", "127.0.0.1");
    await typeInto(browser, "phone-password", password("alice"));
    await (await browser.$('[data-testid="phone-save"]')).click();
    await waitFor(
      browser,
      async () => (await (await browser.$('[data-testid="phone-registration"]')).getAttribute("data-state")) === "registered",
      "the phone did not register",
      15000,
    );
    await (await browser.$('[data-testid="settings-texts-tab"]')).click();
    await (await browser.$('[data-testid="texts-via-sip"]')).click();
    await (await browser.$('[data-testid="text-settings-save"]')).click();
    await (await browser.$('[data-testid="text-settings-saved"]')).waitForDisplayed();
    await screenshot(browser, "settings-texts.png");
    await (await browser.$('[data-testid="settings-close"]')).click();

    const card = await findCard(browser, textable.card.recordId);
    await card.moveTo();
    await (await card.$('[data-testid="quick-textMessage"]')).click();
    const pane = await browser.$('[data-testid="conversation-pane"]');
    await pane.waitForDisplayed({ timeout: 10000 });
    const to = await browser.execute(() => {
      const s = document.querySelector('[data-testid="text-to"]');
      return (s.tagName === "SELECT" ? s : s.querySelector("select")).value;
    });
    assert.equal(to, customer, "R20: the business number");
    await typeArea(browser, "text-body", "Can we meet on Tuesday at 10?");
    await (await browser.$('[data-testid="text-send"]')).click();
    const got = await jssip.next("message");
    assert.equal(got.body, "Can we meet on Tuesday at 10?");
    assert.match(got.from, /alice/);
    const incoming = await browser.$('[data-testid="text-message"][data-direction="incoming"]');
    await incoming.waitForDisplayed({ timeout: 15000 });
    assert.match(await incoming.getText(), /Τρίτη στις 10/);
    const outgoing = await browser.$('[data-testid="text-message"][data-direction="outgoing"]');
    assert.equal(await outgoing.getAttribute("data-state"), "sent");
    await waitFor(browser, () => notifications().some((n) => n.body.includes("Τρίτη στις 10")), "no desktop notification");
    await screenshot(browser, "conversation.png");
    const events = cli(db, ["timeline", textable.card.recordId, "--json"]).map((t) => t.event.kind);
    assert.ok(events.includes("textSent") && events.includes("textReceived"), `timeline: ${events}`);
  });

  await check("R18: a meeting created for a record; Open shows its attendees, time and description", async () => {
    await openRecord(browser, second.card.recordId);
    await (await browser.$('[data-testid="new-meeting"]')).click();
    await (await browser.$('[data-testid="meeting-dialog"]')).waitForDisplayed();
    await typeInto(browser, "meeting-subject", "Site visit");
    await typeInto(browser, "meeting-location", "Acme, Athens");
    await typeInto(browser, "meeting-attendees", `${second.view.record.contact.email}, Nikos`);
    await typeArea(browser, "meeting-description", "Walk the roof with the installer");
    await screenshot(browser, "meeting-new.png");
    await (await browser.$('[data-testid="meeting-save"]')).click();
    await (await browser.$('[data-testid="meeting-dialog"]')).waitForDisplayed({ reverse: true });
    const timeline = cli(db, ["timeline", second.card.recordId, "--json"]);
    const created = timeline.find((t) => t.event.kind === "meetingCreated" && t.event.subject === "Site visit");
    assert.ok(created, "meetingCreated on the timeline");
    // Open (not a Teams meeting) shows its details.
    const card = await browser.$(`[data-activity-id="${created.event.activity}"]`);
    await card.waitForDisplayed({ timeout: 10000 });
    await card.scrollIntoView({ block: "center" });
    const open = await card.$('[data-testid="action-main"]');
    assert.match(await open.getText(), /Open/);
    await open.click();
    const details = await browser.$('[data-testid="meeting-details"]');
    await details.waitForDisplayed();
    const text = await details.getText();
    assert.match(text, /Site visit/);
    assert.match(text, /Acme, Athens/);
    assert.match(text, /Nikos/);
    assert.match(text, /Walk the roof with the installer/);
    await screenshot(browser, "meeting-details.png");
    await (await browser.$('[data-testid="meeting-details-close"]')).click();
  });
} finally {
  await browser.deleteSession().catch(() => {});
  await jssip.stop();
  kamailio.stop();
  smtp.stop();
}
process.exit(summary("messages") ? 1 : 0);
