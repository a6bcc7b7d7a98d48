// The softphone benchmark (run by scripts/bench-phone): Nextline's caller (`nextline call`,
// release build) and a JsSIP caller in Debian's headless Chromium — one already running and
// registered (a web phone's open tab, the fair comparison) and one started for each call —
// side by side, each calling the same callee through the same Kamailio, one call at a time —
// first a JsSIP callee in Chromium, then Nextline answering (`nextline phone answer`), which
// adds less of its own to the setup:
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

const SETUP_CALLS = Number(process.env.BENCH_SETUP_CALLS ?? 9);
const LONG_CALL_S = Number(process.env.BENCH_LONG_CALL_S ?? 30);
const nextline = process.env.BENCH_NEXTLINE ?? join(root, "target/release/nextline");
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
function nextlineCall(kamailio, seconds, { measure = false, to = "bob" } = {}) {
  const db = join(mkdtempSync(join(tmpdir(), "bench-nl-")), "n.db");
  const child = spawn(
    nextline,
    ["--db", db, "call", to, "--server", kamailio.url, "--account", "alice@127.0.0.1", "--password-stdin"]
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

/**
 * One call by JsSIP in Chromium (user carol): from `warm`, a phone that is already running
 * and registered (a web phone's open tab), else from a browser started for this call.
 */
async function jssipCall(kamailio, seconds, { measure = false, warm = null, to = "bob" } = {}) {
  const caller =
    warm ??
    startJssip(kamailio.port, {
      user: "carol",
      args: ["--tone", "440", "--call", `sip:${to}@127.0.0.1`, "--hangup-after", String(seconds * 1000)],
    });
  if (warm) warm.call(`sip:${to}@127.0.0.1`, seconds * 1000);
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
  if (!warm) await caller.stop();
  return { placedAt: placed.at, inviteAt: invite.at, audioAt: audio.at, usage: measured };
}

/**
 * Nextline answering calls (`nextline phone answer`, user dave): a callee that adds little of
 * its own to a call's setup, so the callers' own differences show. Reports like the JsSIP
 * phone's: `confirmed` (answered) and `rtp` (the caller's first packet), with `at`.
 */
function nextlineCallee(kamailio) {
  const db = join(mkdtempSync(join(tmpdir(), "bench-callee-")), "n.db");
  const child = spawn(
    nextline,
    ["--db", db, "phone", "answer", "--server", kamailio.url, "--account", "dave@127.0.0.1", "--password-stdin"]
      .concat(["--tone", "1000", "--json"]),
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  child.stdin.end(`${password("dave")}\n`);
  const queue = [];
  const rename = { answered: "confirmed", "audio-received": "rtp" };
  createInterface({ input: child.stdout }).on("line", (line) => {
    const e = JSON.parse(line);
    queue.push({ ...e, event: rename[e.event] ?? e.event, at: e.atMs });
  });
  const take = async (name, timeout) => {
    const until = Date.now() + timeout;
    for (;;) {
      const i = queue.findIndex((e) => e.event === name);
      if (i >= 0) return queue.splice(i, 1)[0];
      if (child.exitCode !== null) throw new Error(`nextline phone answer exited ${child.exitCode}`);
      if (Date.now() > until) throw new Error(`nextline phone answer did not report ${name}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    next: (name, timeout = 20000) => take(name, timeout),
    async collect(names, timeout = 20000) {
      const found = {};
      for (const n of names) found[n] = await take(n, timeout);
      return found;
    },
    stop() {
      try {
        process.kill(child.pid, "SIGTERM");
      } catch {}
      rmSync(join(db, ".."), { recursive: true, force: true });
    },
  };
}

const kamailio = await startKamailio();
const bob = startJssip(kamailio.port, { user: "bob", args: ["--tone", "1000"] });
await bob.next("registered");
const dave = nextlineCallee(kamailio);
await dave.next("registered");
const warm = startJssip(kamailio.port, { user: "carol", args: ["--tone", "440"] });
await warm.next("registered");
const callees = {
  jssipCallee: { user: "bob", phone: bob, label: "JsSIP in Chromium (bob)" },
  nextlineCallee: { user: "dave", phone: dave, label: "Nextline, `nextline phone answer` (dave)" },
};
const callers = {
  nextline: (k, s, o) => nextlineCall(k, s, o),
  jssip: (k, s, o) => jssipCall(k, s, { ...o, warm }),
  jssipCold: (k, s, o) => jssipCall(k, s, o),
};
const names = Object.keys(callers);
const each = (f) => Object.fromEntries(names.map((n) => [n, f(n)]));
const stats = (xs) => ({ median: median(xs), best: Math.min(...xs), worst: Math.max(...xs), runs: xs });
const f = (x, d = 1) => x.toFixed(d);
const ms = (m) => `${f(m.median, 0)} ms (${m.best}–${m.worst})`;
const summary = { setup: {} };
try {
  for (const [key, callee] of Object.entries(callees)) {
    const setup = each(() => []);
    const fromInvite = each(() => []);
    const calleeAnswer = each(() => []);
    console.log(`\n== callee: ${callee.label}`);
    // Alternate the callers, so none gets a warmer machine.
    for (let i = 0; i < SETUP_CALLS; i++) {
      for (const name of names) {
        const r = await callers[name](kamailio, 2, { to: callee.user });
        const { rtp: calleeRtp, confirmed } = await callee.phone.collect(["rtp", "confirmed"]);
        const both = Math.max(r.audioAt, calleeRtp.at);
        calleeAnswer[name].push(confirmed.at - r.inviteAt);
        setup[name].push(both - r.placedAt);
        fromInvite[name].push(both - r.inviteAt);
        console.log(
          `${name.padEnd(9)} call ${i + 1}: placed → audio both ways ${both - r.placedAt} ms; INVITE sent → callee answered ${confirmed.at - r.inviteAt} ms, → audio both ways ${both - r.inviteAt} ms (caller heard at ${r.audioAt - r.inviteAt}, callee at ${calleeRtp.at - r.inviteAt})`,
        );
        await callee.phone.next("ended");
      }
    }
    const fi = each((n) => stats(fromInvite[n]));
    const ca = each((n) => stats(calleeAnswer[n]));
    const su = each((n) => stats(setup[n]));
    const ratio = (a, b) => median(a) / median(b);
    summary.setup[key] = {
      fromInviteMs: fi,
      calleeAnsweredMs: ca,
      setupMs: su,
      ratios: {
        fromInvite: ratio(fromInvite.nextline, fromInvite.jssip),
        fromInviteCold: ratio(fromInvite.nextline, fromInvite.jssipCold),
        setup: ratio(setup.nextline, setup.jssip),
      },
    };
    const q = summary.setup[key].ratios;
    console.log(`
| callee: ${callee.label} | Nextline (nextline call) | JsSIP in Chromium, tab open | JsSIP, browser started for the call | ratio (to the open tab; to the cold one) | target |
|---|---|---|---|---|---|
| INVITE sent → RTP both ways, median (best–worst) of ${SETUP_CALLS} | ${ms(fi.nextline)} | ${ms(fi.jssip)} | ${ms(fi.jssipCold)} | ${f(q.fromInvite, 2)}; ${f(q.fromInviteCold, 2)} | ≤ 0.5 |
| INVITE sent → the callee's answer, median | ${f(ca.nextline.median, 0)} ms | ${f(ca.jssip.median, 0)} ms | ${f(ca.jssipCold.median, 0)} ms | | |
| call placed → RTP both ways, median (best–worst) | ${ms(su.nextline)} | ${ms(su.jssip)} | ${ms(su.jssipCold)} | ${f(q.setup, 2)} | |`);
  }

  console.log(`\n30-second calls to the JsSIP callee (CPU and memory of the caller)…`);
  const nlLong = await nextlineCall(kamailio, LONG_CALL_S, { measure: true });
  await bob.next("ended", 60000);
  const jsLong = await jssipCall(kamailio, LONG_CALL_S, { measure: true, warm });
  await bob.next("ended", 60000);
  const nl = nlLong.usage,
    js = jsLong.usage;
  summary.longCall = { seconds: LONG_CALL_S, nextline: nl, jssipChromium: js };
  summary.ratios = { cpu: nl.cpuSeconds / js.cpuSeconds, rss: nl.peakRssMiB / js.peakRssMiB, pss: nl.peakPssMiB / js.peakPssMiB };
  console.log(`
| measure | Nextline (nextline call) | JsSIP in Chromium, tab open | ratio | target |
|---|---|---|---|---|
| CPU over a ${LONG_CALL_S} s call | ${f(nl.cpuSeconds, 2)} s (${f(nl.cpuPercent)} %) | ${f(js.cpuSeconds, 2)} s (${f(js.cpuPercent)} %) | ${f(summary.ratios.cpu, 2)} | ≤ 0.25 |
| resident memory, peak RSS | ${f(nl.peakRssMiB)} MiB | ${f(js.peakRssMiB)} MiB | ${f(summary.ratios.rss, 2)} | ≤ 0.2 |
| proportional memory, peak PSS | ${f(nl.peakPssMiB)} MiB | ${f(js.peakPssMiB)} MiB | ${f(summary.ratios.pss, 2)} | |`);
  mkdirSync(join(root, "test-artifacts"), { recursive: true });
  writeFileSync(join(root, "test-artifacts/bench-phone.json"), JSON.stringify(summary, null, 2));
} finally {
  await warm.stop();
  await bob.stop();
  dave.stop();
  kamailio.stop();
}
