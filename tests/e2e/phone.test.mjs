// The softphone from the real window (issue "The softphone"): the seller sets up the SIP account
// in Settings (the password goes to the private session's keyring), calls a demo contact from
// Up Next through a real Kamailio to JsSIP in Chromium, talks (audio both ways through the
// virtual headset of ./run's sound server), uses the keypad, hangs up, finds the phone call on
// the timeline and marks it complete. Kamailio and the JsSIP phone are started here, stopped
// by pid.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { password, startJssip, startKamailio } from "../interop/sip-lab.mjs";
import { checker, cli, notifications, openApp, openRecord, pickOption, screenshot, typeInto } from "./lib.mjs";

const db = process.env.E2E_DB;

/**
 * The seller's voice: a tone in syllables (louder, quieter, pauses — the phone's noise
 * suppressor rightly turns a steady tone down) into the "voice" sink, whose monitor is the
 * app's microphone.
 */
function speak(hz) {
  const rate = 48000;
  const child = spawn("pacat", ["--playback", "--device=voice", "--format=s16le", `--rate=${rate}`, "--channels=1"], {
    stdio: ["pipe", "ignore", "ignore"],
  });
  let phase = 0;
  let i = 0;
  const chunk = () => {
    const gain = Math.floor(i / 10) % 3 === 2 ? 0 : 0.4 + (0.6 * ((i * 7919) % 13)) / 12;
    i += 1;
    const b = Buffer.alloc((rate / 50) * 2);
    for (let n = 0; n < rate / 50; n++) {
      b.writeInt16LE(Math.round(Math.sin(phase) * 8000 * gain), n * 2);
      phase += (2 * Math.PI * hz) / rate;
    }
    return b;
  };
  const timer = setInterval(() => child.stdin.write(chunk()), 20);
  return () => {
    clearInterval(timer);
    child.kill();
  };
}

/** What the seller hears for `ms`: the headset's monitor, as 16-bit samples. */
function record(ms) {
  return new Promise((resolve) => {
    const child = spawn("parec", ["--device=headset.monitor", "--format=s16le", "--rate=48000", "--channels=1"]);
    const parts = [];
    child.stdout.on("data", (d) => parts.push(d));
    setTimeout(() => child.kill(), ms);
    child.on("close", () => {
      const b = Buffer.concat(parts);
      const samples = new Int16Array(b.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = b.readInt16LE(i * 2);
      resolve(samples);
    });
  });
}

/** Goertzel: how much of `samples`' energy is at `hz` (≈1 for a pure tone, ≈0 for none). */
function strength(samples, hz, rate = 48000) {
  let best = 0;
  const win = 4800;
  for (let start = 0; start + win <= samples.length; start += win) {
    const w = (2 * Math.PI * hz) / rate;
    const coeff = 2 * Math.cos(w);
    let s1 = 0,
      s2 = 0,
      energy = 0;
    for (let i = start; i < start + win; i++) {
      const x = samples[i];
      const s0 = x + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
      energy += x * x;
    }
    const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    if (energy > 0) best = Math.max(best, (2 * power) / (win * energy));
  }
  return best;
}

cli(db, ["demo", "seed", "--records", "200"]);
const { check, summary } = checker();
const kamailio = await startKamailio();
const jssip = startJssip(kamailio.port, { args: ["--tone", "1000", "--answer-after", "1500"] });
const browser = await openApp(db);
const registration = () => browser.$('[data-testid="phone-registration"]');

// A record of mine whose Up Next is a call, with a business number, no do-not-phone wish.
const me = cli(db, ["users", "--json"]).users.find((u) => u.name === "Alex Morgan");
const target = cli(db, ["worklist", "--limit", "80", "--json"])
  .cards.map((c) => ({ card: c, view: cli(db, ["upnext", c.recordId, "--json"]) }))
  .find(
    ({ card, view }) =>
      card.ownedByMe &&
      view.active?.activity.type === "phoneCall" &&
      view.active.activity.assignee.id === me.id &&
      view.dialPlan?.target.kind === "number" &&
      view.dialPlan.target.number.kind === "business" &&
      view.dialPlan.warnings.length === 0,
  );

try {
  await jssip.next("registered");
  await browser.$('[data-testid="worklist-card"]').then((c) => c.waitForDisplayed({ timeout: 30000 }));
  // The tests before this one share the webview's storage: start with no filters or search
  // left over, as a fresh install would.
  await browser.execute(() => localStorage.clear());
  await browser.refresh();
  await browser.$('[data-testid="worklist-card"]').then((c) => c.waitForDisplayed({ timeout: 30000 }));

  await check("the phone shows it is not set up, and Settings → Phone sets it up (password to the keyring)", async () => {
    const reg = await registration();
    await reg.waitForExist();
    assert.equal(await reg.getAttribute("data-state"), "notSetUp");
    await (await browser.$('[data-testid="open-settings"]')).click();
    await (await browser.$('[data-testid="settings-dialog"]')).waitForDisplayed();
    const phoneTab = await browser.$('[data-testid="settings-phone-tab"]');
    if (await phoneTab.isExisting()) await phoneTab.click();
    await (await browser.$('[data-testid="phone-server"]')).waitForDisplayed();
    await typeInto(browser, "phone-server", `ws://127.0.0.1:${kamailio.port}`);
    await typeInto(browser, "phone-user", "alice");
    await typeInto(browser, "phone-domain", "127.0.0.1");
    await typeInto(browser, "phone-display-name", "Alex Morgan");
    await typeInto(browser, "phone-password", password("alice"));
    // The headset: hear through "headset", speak through "voice_mic".
    await pickOption(browser, "phone-microphone", "voice_mic");
    await pickOption(browser, "phone-speaker", "headset");
    await (await browser.$('[data-testid="phone-save"]')).click();
    await browser.waitUntil(async () => (await (await registration()).getAttribute("data-state")) === "registered", {
      timeout: 15000,
      timeoutMsg: "the phone did not register",
    });
    await screenshot(browser, "settings-phone.png");
    // The password is in the keyring (the private session's gnome-keyring), not in the cache.
    const kept = execFileSync("secret-tool", ["lookup", "service", "app.nextline.desktop", "username", "sip:alice@127.0.0.1"], {
      encoding: "utf8",
    });
    assert.equal(kept, password("alice"));
    assert.ok(!readFileSync(db).includes(password("alice")), "the password is not in the database");
    await (await browser.$('[data-testid="settings-close"]')).click();
  });

  await check("the Test call plays the seller's voice back in the headset, with a level meter", async () => {
    await (await browser.$('[data-testid="open-settings"]')).click();
    const phoneTab = await browser.$('[data-testid="settings-phone-tab"]');
    if (await phoneTab.isExisting()) await phoneTab.click();
    const button = await browser.$('[data-testid="phone-test-call"]');
    await button.waitForDisplayed();
    await button.click();
    const stop = speak(660);
    try {
      const meter = await browser.$('[data-testid="phone-test-level"]');
      await meter.waitForExist({ timeout: 8000 });
      await browser.waitUntil(async () => Number(await meter.getAttribute("data-level")) > 0, {
        timeout: 8000,
        timeoutMsg: "the level meter did not move",
      });
      await meter.scrollIntoView({ block: "center" });
      await screenshot(browser, "test-call.png");
      await browser.pause(1500);
      const heard = await record(2000);
      const s = strength(heard, 660);
      assert.ok(s > 0.3, `the seller hears their own voice back (${s.toFixed(2)})`);
    } finally {
      stop();
    }
    await (await browser.$('[data-testid="phone-test-call"]')).click();
    await (await browser.$('[data-testid="phone-test-level"]')).waitForExist({ reverse: true });
    await (await browser.$('[data-testid="settings-close"]')).click();
  });

  let callActivity = null;
  await check("a call from Up Next reaches the contact (JsSIP) and both sides hear each other", async () => {
    assert.ok(target, "a record to call in the top of the work list");
    await openRecord(browser, target.card.recordId);
    await (await browser.$('[data-testid="upnext"]')).click();
    await browser.keys("c");
    const call = await browser.$('[data-testid="call-button"]');
    await call.waitForDisplayed();
    await call.click();
    const panel = await browser.$('[data-testid="in-call-panel"]');
    await panel.waitForDisplayed({ timeout: 10000 });
    const incoming = await jssip.next("incoming");
    assert.match(incoming.from, /alice/);
    await browser.waitUntil(async () => (await panel.getAttribute("data-phase")) === "connected", {
      timeout: 15000,
      timeoutMsg: "the call did not connect",
    });
    const stop = speak(660);
    try {
      await jssip.hears(640, 680);
    } finally {
      stop();
    }
    const heard = await record(1500);
    const s = strength(heard, 1000);
    assert.ok(s > 0.5, `the seller hears JsSIP's 1000 Hz in the headset (${s.toFixed(2)})`);
    await browser.waitUntil(async () => /\d:\d\d/.test(await (await browser.$('[data-testid="call-timer"]')).getText()), {
      timeoutMsg: "no call timer",
    });
    await screenshot(browser, "in-call.png");
    const view = cli(db, ["upnext", target.card.recordId, "--json"]);
    callActivity = view.manual.find((m) => m.activity.type === "phoneCall" && m.activity.call)?.activity;
    assert.ok(callActivity, "the phone call activity exists while the call goes on (R14)");
    assert.equal(callActivity.subject, target.view.active.activity.subject);
    assert.equal(callActivity.call.number, target.view.dialPlan.target.number.e164);
  });

  await check("the keypad sends digits the far end receives", async () => {
    const keypad = await browser.$('[data-testid="keypad-button"]');
    if (await keypad.isExisting()) await keypad.click();
    await (await browser.$('[data-testid="dtmf-key-4"]')).click();
    assert.equal((await jssip.next("dtmf")).tone, "4");
    await (await browser.$('[data-testid="dtmf-key-#"]')).click();
    assert.equal((await jssip.next("dtmf")).tone, "#");
    await browser.waitUntil(async () => (await (await browser.$('[data-testid="keys-sent"]')).getText()).includes("4#"));
  });

  await check("hang up; the call is on the timeline with its outcome, and marked complete", async () => {
    await (await browser.$('[data-testid="hangup-button"]')).click();
    await jssip.next("ended");
    const panel = await browser.$('[data-testid="in-call-panel"]');
    await browser.waitUntil(async () => (await panel.getAttribute("data-phase")) === "ended", {
      timeoutMsg: "the panel did not show the end",
    });
    await screenshot(browser, "call-ended.png");
    const timeline = cli(db, ["timeline", target.card.recordId, "--json"]);
    const events = timeline.map((t) => t.event);
    const ended = events.find((e) => e.kind === "callEnded" && e.activity === callActivity.id);
    assert.ok(events.some((e) => e.kind === "callPlaced" && e.activity === callActivity.id), "callPlaced on the timeline");
    assert.ok(ended, "callEnded on the timeline");
    assert.equal(ended.outcome.kind, "answered");
    assert.ok(ended.durationSecs >= 2, `talk time ${ended.durationSecs}`);
    const shown = await browser.$('[data-testid="timeline-item"][data-kind="callEnded"]');
    await shown.waitForExist({ timeout: 8000 });
    await (await browser.$('[data-testid="call-complete"]')).click();
    const note = await browser.$('[data-testid="complete-note"]');
    await note.waitForDisplayed();
    await note.setValue("Interested — send a quote");
    await (await browser.$('[data-testid="complete-save"]')).click();
    await browser.waitUntil(
      () => {
        const v = cli(db, ["upnext", target.card.recordId, "--json"]);
        return v.completed.some((a) => a.id === callActivity.id && a.state === "completed");
      },
      { timeout: 8000, timeoutMsg: "the call was not completed" },
    );
    const v = cli(db, ["upnext", target.card.recordId, "--json"]);
    assert.ok(
      v.completed.some((a) => a.id === target.view.active.activity.id && a.state === "completed"),
      "completing the call completed the Up Next call it was made for",
    );
    await screenshot(browser, "call-completed.png");
  });
  await check("an incoming call rings in the headset, is answered in the window, and both talk", async () => {
    // Carol calls the seller (alice) from JsSIP, talks 1000 Hz, and hangs up after 10 s of talk.
    const carol = startJssip(kamailio.port, {
      user: "carol",
      args: ["--tone", "1000", "--call", "sip:alice@127.0.0.1", "--hangup-after", "10000"],
    });
    try {
      const panel = await browser.$('[data-testid="in-call-panel"]');
      await browser.waitUntil(async () => (await panel.isExisting()) && (await panel.getAttribute("data-phase")) === "incoming", {
        timeout: 30000,
        timeoutMsg: "the incoming call did not show",
      });
      assert.match(await panel.getText(), /carol/);
      // It rings on the desktop too, with Answer and Decline (the window may be in the tray).
      const notices = () =>
        notifications().filter((n) => n.summary.startsWith("Incoming call — ") && n.summary.includes("carol"));
      await browser.waitUntil(() => notices().length > 0, { timeout: 10000, timeoutMsg: "no desktop notification" });
      assert.equal(notices().length, 1);
      assert.equal(notices()[0].actions.answer, "Answer");
      assert.equal(notices()[0].actions.decline, "Decline");
      // The ringtone (440 + 480 Hz) in the headset.
      const ring = await record(2500);
      const r = strength(ring, 440) + strength(ring, 480);
      assert.ok(r > 0.3, `the headset rings (${r.toFixed(2)})`);
      await screenshot(browser, "incoming-call.png");
      // The seller talks from the moment they answer (the headset takes a moment to start).
      const stop = speak(660);
      try {
        await (await browser.$('[data-testid="answer-button"]')).click();
        await browser.waitUntil(async () => (await panel.getAttribute("data-phase")) === "connected", {
          timeoutMsg: "the answered call did not connect",
        });
        await carol.next("confirmed");
        await carol.hears(640, 680);
      } finally {
        stop();
      }
      const heard = await record(1500);
      assert.ok(strength(heard, 1000) > 0.5, "the seller hears carol");
      await carol.next("ended", 20000);
      await browser.waitUntil(async () => (await panel.getAttribute("data-phase")) === "ended", {
        timeoutMsg: "carol's hang-up did not end the call in the window",
      });
    } finally {
      await carol.stop();
    }
  });
} finally {
  await browser.deleteSession().catch(() => {});
  await jssip.stop();
  kamailio.stop();
}
process.exit(summary("phone") ? 1 : 0);
