// Window performance (issue "The seller's window"): run by scripts/bench-window.
//  - launch to an interactive work list, at 10,000 records
//  - memory of all the app's processes together when idle (PSS, so shared pages count once)
//  - scripted scroll through the work list at 100,000 records: the longest frame
//  - a filter change (typing in search): key press to the list showing the results
import { remote } from "webdriverio";
import { readFileSync, readdirSync } from "node:fs";

const { E2E_PORT, NEXTLINE_APP, DB_10K, DB_100K } = process.env;

/** When the app's process started (epoch ms), from /proc: launch time without WebDriver's own start-up. */
function appStartedAt(db) {
  const btime = Number(/^btime (\d+)/m.exec(readFileSync("/proc/stat", "utf8"))[1]);
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmd.includes("nextline-app") && cmd.includes(db)) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (btime + Number(fields[19]) / 100) * 1000; // field 22: starttime in clock ticks
    }
  }
  return NaN;
}

async function open(db) {
  const started = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(E2E_PORT),
    logLevel: "error",
    capabilities: { "tauri:options": { application: NEXTLINE_APP, args: ["--db", db] } },
  });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="worklist-card"]')).length > 0, {
    timeout: 30000,
    interval: 10,
  });
  const shown = Date.now();
  const launchMs = Math.round(shown - appStartedAt(db));
  // Where the time went: process start → page start (WebKit) → first cards (page work).
  const page = await browser.execute(() => {
    const mark = performance.getEntriesByName("first-cards")[0];
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      origin: performance.timeOrigin,
      firstCards: mark ? Math.round(mark.startTime) : null,
      domContentLoaded: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
    };
  });
  const webkitMs = Math.round(page.origin - appStartedAt(db));
  const sessionMs = shown - started;
  await browser.setTimeout({ script: 120000 });
  return { browser, launchMs, sessionMs, webkitMs, pageMs: page.firstCards, domReadyMs: page.domContentLoaded };
}

/** PSS in kB of the app and every WebKit process it started. */
function memoryKb() {
  const pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  let total = 0;
  const parts = [];
  for (const pid of pids) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    if (!/nextline-app|WebKitWebProcess|WebKitNetworkProcess/.test(cmd)) continue;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]);
      total += pss;
      parts.push(`${cmd.split(" ")[0].split("/").pop()}=${Math.round(pss / 1024)}MB`);
    } catch {
      /* gone */
    }
  }
  return { total, parts };
}

const out = {};
{
  const runs = [];
  const sessions = [];
  const split = [];
  for (let i = 0; i < 5; i++) {
    const { browser, launchMs, sessionMs, webkitMs, pageMs, domReadyMs } = await open(DB_10K);
    runs.push(launchMs);
    split.push(`process→page ${webkitMs} ms, page→DOM ready ${domReadyMs} ms, page→first cards ${pageMs} ms`);
    sessions.push(sessionMs);
    if (i === 4) {
      await browser.pause(5000); // idle
      const m = memoryKb();
      out.idleMemoryMB = Math.round(m.total / 1024);
      out.idleMemoryParts = m.parts.join(" ");
    }
    await browser.deleteSession();
  }
  runs.sort((a, b) => a - b);
  out.launchMs10k = runs;
  out.withWebDriverStartMs10k = sessions.sort((a, b) => a - b);
  out.launchSplit = split;
  console.log(JSON.stringify(out));
}
{
  const { browser } = await open(DB_100K);
  // Scroll the list 400 px per frame for ~3 s and record every frame's duration.
  out.scroll = await browser.executeAsync((done) => {
    const list = document.querySelector('[data-testid="worklist"]');
    let scroller = list;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
    const frames = [];
    let last = performance.now();
    let n = 0;
    function step(t) {
      frames.push(t - last);
      last = t;
      scroller.scrollTop += 400;
      if (++n < 180) requestAnimationFrame(step);
      else {
        frames.shift();
        frames.sort((a, b) => a - b);
        done({
          frames: frames.length,
          maxMs: Math.round(frames[frames.length - 1]),
          p95Ms: Math.round(frames[Math.floor(frames.length * 0.95)]),
          scrolledPx: scroller.scrollTop,
          cardsInDom: document.querySelectorAll('[data-testid="worklist-card"]').length,
        });
      }
    }
    requestAnimationFrame(step);
  });
  console.log(JSON.stringify({ scroll: out.scroll }));
  // Filter change: type a search, time until the list shows only matching cards.
  const times = [];
  for (const term of ["γεωργιου", "northwind", "παπαδοπουλου", "fabrikam", "οικονομου"]) {
    await browser.execute(() => {
      const input = document.querySelector('input[data-testid="worklist-search"]');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, "");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await browser.pause(600);
    times.push(
      await browser.executeAsync((t, done) => {
        const input = document.querySelector('input[data-testid="worklist-search"]');
        const list = document.querySelector('[data-testid="worklist"]');
        const started = performance.now();
        const matches = () =>
          [...document.querySelectorAll('[data-testid="worklist-card"]')].slice(0, 3).every((c) =>
            c.textContent.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").includes(t),
          ) && document.querySelectorAll('[data-testid="worklist-card"]').length > 0;
        const obs = new MutationObserver(() => {
          if (matches()) {
            obs.disconnect();
            done(Math.round(performance.now() - started));
          }
        });
        obs.observe(list.parentElement, { childList: true, subtree: true, characterData: true });
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
        setter.call(input, t);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        setTimeout(() => done(-1), 5000);
      }, term),
    );
  }
  out.filterMs = times;
  await browser.deleteSession();
}
console.log(JSON.stringify(out, null, 2));
