// Shared by the app's phone e2e test and the call benchmark: a real Kamailio with the project's
// test config on a free port, and the JsSIP phone (./jssip-phone.mjs) as a child process whose
// JSON reports are queued. Everything started here is stopped by pid.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "../..");
const cfgTemplate = readFileSync(join(root, "crates/phone/tests/kamailio/kamailio.cfg"), "utf8");

/** A test account's password, from the Kamailio fixture (the one place they are written). */
export function password(user) {
  const m = cfgTemplate.match(new RegExp(`\\$sht\\(users=>${user}\\) = "([^"]*)"`));
  if (!m) throw new Error(`no test user ${user} in kamailio.cfg`);
  return m[1];
}

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const listening = (port) =>
  new Promise((resolve) => {
    const sock = new Socket();
    sock.once("connect", () => (sock.destroy(), resolve(true)));
    sock.once("error", () => resolve(false));
    sock.connect(port, "127.0.0.1");
  });

/** Kamailio on a free port (ws://127.0.0.1:port); `stop()` ends it by pid. */
export async function startKamailio() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kamailio-"));
  const cfg = cfgTemplate.replaceAll("@PORT@", String(port)).replaceAll("@TLSPORT@", "0").replaceAll("@RUNDIR@", dir);
  writeFileSync(join(dir, "kamailio.cfg"), cfg);
  const args = ["-f", join(dir, "kamailio.cfg"), "-DD", "-E", "-Y", dir, "-P", join(dir, "kamailio.pid"), "-w", dir];
  const child = spawn("kamailio", args, { stdio: "ignore" });
  for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    stop() {
      try {
        process.kill(child.pid, "SIGTERM");
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The JsSIP phone in headless Chromium as `user` — a test user, or a customer's phone number
 * in E.164 — with `args` (see jssip-phone.mjs).
 */
export function startJssip(port, { user = "bob", args = [] } = {}) {
  // A phone number (E.164) as a SIP user signs in with the password of `number` (kamailio.cfg).
  const secret = password(/^[+][0-9]+$/.test(user) ? "number" : user);
  const child = spawn(
    "node",
    [join(here, "jssip-phone.mjs"), "--ws", `ws://127.0.0.1:${port}`, "--user", user, "--password", secret, ...args],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const queue = [];
  let wake = null;
  createInterface({ input: child.stdout }).on("line", (line) => {
    try {
      queue.push(JSON.parse(line));
    } catch {
      return;
    }
    wake?.();
  });
  return {
    pid: child.pid,
    /** The next report named `name`; reports of other names before it are dropped. */
    async next(name, timeout = 20000) {
      const until = Date.now() + timeout;
      for (;;) {
        const i = queue.findIndex((e) => e.event === name);
        if (i >= 0) return queue.splice(0, i + 1).pop();
        const bad = queue.find((e) => e.event === "registrationFailed");
        if (bad) throw new Error(`JsSIP: ${JSON.stringify(bad)}`);
        if (Date.now() > until) throw new Error(`JsSIP did not report ${name}: ${JSON.stringify(queue.slice(-5))}`);
        await new Promise((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    },
    /** The first report of each of `names`, in whatever order they come; others are kept. */
    async collect(names, timeout = 20000) {
      const until = Date.now() + timeout;
      const found = {};
      for (;;) {
        for (const n of names) {
          const i = n in found ? -1 : queue.findIndex((e) => e.event === n);
          if (i >= 0) found[n] = queue.splice(i, 1)[0];
        }
        if (names.every((n) => n in found)) return found;
        if (Date.now() > until) throw new Error(`JsSIP did not report ${names}: ${JSON.stringify(queue.slice(-5))}`);
        await new Promise((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
    },
    /** Places a call to `target` from the running phone, hung up after `hangupMs` (0: never). */
    call(target, hangupMs = 0) {
      child.stdin.write(`call ${target} ${hangupMs}\n`);
    },
    /** Waits for a "heard" report between `lo` and `hi` Hz. */
    async hears(lo, hi) {
      for (;;) {
        const { hz } = await this.next("heard");
        if (hz >= lo && hz <= hi) return hz;
      }
    },
    stop() {
      try {
        process.kill(child.pid, "SIGTERM");
      } catch {}
      return new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    },
  };
}
