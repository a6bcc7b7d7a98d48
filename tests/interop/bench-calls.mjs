// The softphone benchmark (run by scripts/bench-phone): Nextline's caller (`nextline call`,
// release build) and a JsSIP caller in Debian's headless Chromium, side by side, each calling
// the same JsSIP callee through the same Kamailio, one call at a time:
//   - call setup: from the moment the call is placed (before the SDP offer is made — candidate
//     gathering counts for both) until RTP has arrived at both ends; best of a few calls, and
//     the median;
//   - CPU time and memory of the caller over a 30-second call (Nextline: its one process;
//     JsSIP: every Chromium process, not the node script that drives it).
// Prints a table and writes test-artifacts/bench-phone.json.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { password, root, startJssip, startKamailio } from "./sip-lab.mjs";

const SETUP_CALLS = Number(process.env.BENCH_SETUP_CALLS ?? 5);
const LONG_CALL_S = Number(process.env.BENCH_LONG_CALL_S ?? 30);
const nextline = join(root, "target/release/nextline");
const TICK = 100; // /proc/<pid>/stat counts in clock ticks (USER_HZ)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** CPU seconds (user + system) of a process. */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Resident and proportional set size of a process, in KiB. */
function memory(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kib = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
    return { rss: kib("Rss"), pss: kib("Pss") };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

/** Every descendant of `pid` whose command name starts with `prefix`. */
function descendants(pid, prefix) {
  const children = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, "utf8");
      const comm = f.slice(f.indexOf("(") + 1, f.lastIndexOf(")"));
      const ppid = Number(f.slice(f.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push({ pid: Number(d), comm });
    } catch {}
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      if (c.comm.startsWith(prefix)) out.push(c.pid);
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}

/** Samples CPU and memory of `pids()` from now until stopped. */
function meter(pids) {
  const start = new Map(pids().map((p) => [p, cpuSeconds(p)]));
  const startedAt = Date.now();
  let peakRss = 0,
    peakPss = 0;
  const sample = () => {
    let rss = 0,
      pss = 0;
    for (const p of pids()) {
      const m = memory(p);
      rss += m.rss;
      pss += m.pss;
      if (!start.has(p)) start.set(p, 0);
    }
    peakRss = Math.max(peakRss, rss);
    peakPss = Math.max(peakPss, pss);
  };
  sample();
  const timer = setInterval(sample, 500);
  return () => {
    clearInterval(timer);
    sample();
    let cpu = 0;
    for (const p of pids()) cpu += cpuSeconds(p) - (start.get(p) ?? 0);
    const wall = (Date.now() - startedAt) / 1000;
    return { cpuSeconds: cpu, cpuPercent: (100 * cpu) / wall, peakRssMiB: peakRss / 1024, peakPssMiB: peakPss / 1024 };
  };
}

/** One call by Nextline's CLI; resolves with its JSON events and the measurements. */
function nextlineCall(kamailio, seconds, { measure = false } = {}) {
  const db = join(mkdtempSync(join(tmpdir(), "bench-nl-")), "n.db");
  const child = spawn(
    nextline,
    ["--db", db, "call", "bob", "--server", kamailio.url, "--account", "alice@127.0.0.1", "--password-stdin"]
      .concat(["--tone", "440", "--hangup-after", String(seconds), "--json"]),
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  child.stdin.end(`${password("alice")}\n`);
  const events = [];
  let usage = null;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const e = JSON.parse(line);
    events.push(e);
    if (measure && e.event === "answered") {
      // From the answer until just before the hang-up.
      const stop = meter(() => [child.pid]);
      setTimeout(() => (usage = stop()), (seconds - 0.5) * 1000);
    }
  });
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      rmSync(join(db, ".."), { recursive: true, force: true });
      if (code !== 0) reject(new Error(`nextline call exited ${code}: ${JSON.stringify(events)}`));
      const at = (name) => events.find((e) => e.event === name)?.atMs;
      resolve({ placedAt: at("calling"), inviteAt: at("invite-sent"), audioAt: at("audio-received"), usage });
    });
  });
}

/** One call by JsSIP in Chromium (user carol). */
async function jssipCall(kamailio, seconds, { measure = false } = {}) {
  const caller = startJssip(kamailio.port, {
    user: "carol",
    args: ["--tone", "440", "--call", "sip:bob@127.0.0.1", "--hangup-after", String(seconds * 1000)],
  });
  const placed = await caller.next("inviting", 30000);
  const invite = await caller.next("inviteSent");
  await caller.next("confirmed");
  const usage = measure ? meter(() => descendants(caller.pid, "chrom")) : null;
  const audio = await caller.next("rtp");
  let measured = null;
  if (usage) {
    await new Promise((r) => setTimeout(r, (seconds - 0.5) * 1000));
    measured = usage();
  }
  await caller.next("ended", (seconds + 10) * 1000);
  await caller.stop();
  return { placedAt: placed.at, inviteAt: invite.at, audioAt: audio.at, usage: measured };
}

const kamailio = await startKamailio();
const callee = startJssip(kamailio.port, { user: "bob", args: ["--tone", "1000"] });
await callee.next("registered");
const results = { nextline: [], jssip: [] };
const fromInvite = { nextline: [], jssip: [] };
const calleeAnswer = { nextline: [], jssip: [] };
try {
  // Alternate the callers, so neither gets a warmer machine.
  for (let i = 0; i < SETUP_CALLS; i++) {
    for (const [name, call] of [
      ["nextline", nextlineCall],
      ["jssip", jssipCall],
    ]) {
      const r = await call(kamailio, 2);
      const { rtp: calleeRtp, confirmed } = await callee.collect(["rtp", "confirmed"]);
      const both = Math.max(r.audioAt, calleeRtp.at);
      calleeAnswer[name].push(confirmed.at - r.inviteAt);
      const setup = both - r.placedAt;
      results[name].push(setup);
      fromInvite[name].push(both - r.inviteAt);
      console.log(
        `${name.padEnd(8)} call ${i + 1}: placed → audio both ways ${setup} ms; INVITE sent → callee answered ${confirmed.at - r.inviteAt} ms, → audio both ways ${both - r.inviteAt} ms`,
      );
      await callee.next("ended");
    }
  }
  console.log(`\n30-second calls (CPU and memory of the caller)…`);
  const nlLong = await nextlineCall(kamailio, LONG_CALL_S, { measure: true });
  await callee.next("ended", 60000);
  const jsLong = await jssipCall(kamailio, LONG_CALL_S, { measure: true });
  await callee.next("ended", 60000);

  const nl = nlLong.usage,
    js = jsLong.usage;
  const summary = {
    setupMs: {
      nextline: { best: Math.min(...results.nextline), median: median(results.nextline), runs: results.nextline },
      jssip: { best: Math.min(...results.jssip), median: median(results.jssip), runs: results.jssip },
    },
    fromInviteMs: {
      nextline: { median: median(fromInvite.nextline), runs: fromInvite.nextline },
      jssip: { median: median(fromInvite.jssip), runs: fromInvite.jssip },
    },
    calleeAnsweredMs: {
      nextline: { median: median(calleeAnswer.nextline), runs: calleeAnswer.nextline },
      jssip: { median: median(calleeAnswer.jssip), runs: calleeAnswer.jssip },
    },
    longCall: { seconds: LONG_CALL_S, nextline: nl, jssipChromium: js },
    ratios: {
      setupMedian: median(results.nextline) / median(results.jssip),
      fromInviteMedian: median(fromInvite.nextline) / median(fromInvite.jssip),
      cpu: nl.cpuSeconds / js.cpuSeconds,
      rss: nl.peakRssMiB / js.peakRssMiB,
      pss: nl.peakPssMiB / js.peakPssMiB,
    },
  };
  const f = (x, d = 1) => x.toFixed(d);
  console.log(`
| measure | Nextline (nextline call) | JsSIP in Chromium | ratio | target |
|---|---|---|---|---|
| INVITE sent → RTP both ways, median of ${SETUP_CALLS} | ${f(summary.fromInviteMs.nextline.median, 0)} ms | ${f(summary.fromInviteMs.jssip.median, 0)} ms | ${f(summary.ratios.fromInviteMedian, 2)} | ≤ 0.5 |
| INVITE sent → the callee's answer (JsSIP callee), median | ${f(summary.calleeAnsweredMs.nextline.median, 0)} ms | ${f(summary.calleeAnsweredMs.jssip.median, 0)} ms | | |
| call placed → RTP both ways, median (best) | ${f(summary.setupMs.nextline.median, 0)} ms (${summary.setupMs.nextline.best}) | ${f(summary.setupMs.jssip.median, 0)} ms (${summary.setupMs.jssip.best}) | ${f(summary.ratios.setupMedian, 2)} | |
| CPU over a ${LONG_CALL_S} s call | ${f(nl.cpuSeconds, 2)} s (${f(nl.cpuPercent)} %) | ${f(js.cpuSeconds, 2)} s (${f(js.cpuPercent)} %) | ${f(summary.ratios.cpu, 2)} | ≤ 0.25 |
| resident memory, peak RSS | ${f(nl.peakRssMiB)} MiB | ${f(js.peakRssMiB)} MiB | ${f(summary.ratios.rss, 2)} | ≤ 0.2 |
| proportional memory, peak PSS | ${f(nl.peakPssMiB)} MiB | ${f(js.peakPssMiB)} MiB | ${f(summary.ratios.pss, 2)} | |`);
  mkdirSync(join(root, "test-artifacts"), { recursive: true });
  writeFileSync(join(root, "test-artifacts/bench-phone.json"), JSON.stringify(summary, null, 2));
} finally {
  await callee.stop();
  kamailio.stop();
}
