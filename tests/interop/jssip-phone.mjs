// An independent WebRTC phone for the softphone's interop tests: JsSIP 3.13 in Debian's headless
// Chromium (driven by playwright-core; no browser is downloaded). It registers, answers every
// incoming call with a steady tone — or, with --call, places one — measures the frequency it
// hears, and reports on stdout, one JSON object per line: registered, incoming, progress,
// confirmed, heard {hz}, hold, unhold, dtmf {tone}, message {from, body}, messageSent, ended,
// failed {cause}; dtmf {tone, via} is a key the caller pressed, by SIP INFO (via "info") or as
// an RFC 4733 event, which Chromium plays out as the key's two tones and the page detects in
// what it hears (via "audio"); rtp {at, codec} names the codec it receives; for the benchmarks, as Unix milliseconds: inviting {at} (the call is placed),
// inviteSent {at} (the INVITE goes out, after candidate gathering) and rtp {at} (the first RTP
// packet arrived). With --reply, every text message received is
// answered with that text.
//   node jssip-phone.mjs --ws ws://127.0.0.1:5080 --user bob --password PASSWORD --domain 127.0.0.1 --tone 1000
//     [--answer-after MS] [--reject SIP-CODE] [--hangup-after MS] [--reply TEXT]
//     [--call sip:alice@127.0.0.1 [--hold-at MS --unhold-at MS]]
//     [--codecs PCMU,PCMA] (only these voice codecs, as a PBX without Opus)
//     [--dtmf DIGITS] (pressed as RFC 4733 events once the call is up)
// A line "call sip:bob@127.0.0.1 [HANGUP-AFTER-MS]" on standard input places a call from the
// running phone (the benchmark's warm caller, like a web phone's tab that is already open).
import { chromium } from "playwright-core";
import { build } from "esbuild";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ws = arg("ws");
const user = arg("user", "bob");
const password = arg("password");
if (!ws || !password) {
  process.stderr.write("jssip-phone: --ws and --password are required\n");
  process.exit(2);
}
const domain = arg("domain", "127.0.0.1");
const tone = Number(arg("tone", "1000"));
const call = arg("call", null);
const holdAt = Number(arg("hold-at", "0"));
const unholdAt = Number(arg("unhold-at", "0"));
const answerAfter = Number(arg("answer-after", "0"));
// Turn incoming calls down with this SIP status (486 Busy Here, 480, 603…) instead of answering.
const reject = Number(arg("reject", "0"));
// Hang up an answered call after this many milliseconds (0: never).
const hangupAfter = Number(arg("hangup-after", "0"));
const reply = arg("reply", null);
const codecs = arg("codecs", null);
const dtmf = arg("dtmf", null);
const say = (o) => process.stdout.write(JSON.stringify(o) + "\n");

const bundle = await build({
  entryPoints: [join(here, "node_modules/jssip/lib/JsSIP.js")],
  bundle: true,
  format: "iife",
  globalName: "JsSIP",
  write: false,
  platform: "browser",
  logLevel: "silent",
});
const page = `<!doctype html><meta charset="utf-8"><title>jssip phone</title><audio id="remote" muted autoplay></audio>
<script>${bundle.outputFiles[0].text}</script>`;
const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/html" });
  res.end(page);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), "jssip-chromium-"));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  ignoreDefaultArgs: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
    "about:blank",
  ],
});
const shutdown = async () => {
  try {
    await browser.close();
  } catch {}
  server.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.stdin.on("end", shutdown);
process.stdin.resume();

const context = browser.contexts()[0] ?? (await browser.newContext());
const tab = await context.newPage();
await tab.exposeFunction("report", (o) => say(o));
await tab.goto(url);
await tab.evaluate(
  ({ ws, user, password, domain, tone, call, holdAt, unholdAt, answerAfter, reject, hangupAfter, reply, codecs, dtmf }) => {
    const audio = new AudioContext();
    const osc = audio.createOscillator();
    osc.frequency.value = tone;
    const dest = audio.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    const ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(ws)],
      uri: `sip:${user}@${domain}`,
      password,
      session_timers: false,
      register: true,
    });
    // Only these voice codecs (and telephone-events): set on every transceiver before an offer
    // or answer is made.
    const restrict = (peerconnection) => {
      if (!codecs) return;
      const wanted = codecs.split(",").map((c) => `audio/${c}`.toLowerCase());
      const prefer = () => {
        const all = RTCRtpReceiver.getCapabilities("audio").codecs;
        const keep = all.filter(
          (c) => wanted.includes(c.mimeType.toLowerCase()) || c.mimeType.toLowerCase() === "audio/telephone-event",
        );
        for (const t of peerconnection.getTransceivers()) t.setCodecPreferences(keep);
      };
      for (const name of ["createOffer", "createAnswer"]) {
        const original = peerconnection[name].bind(peerconnection);
        peerconnection[name] = (...args) => {
          prefer();
          return original(...args);
        };
      }
    };
    // Keys heard in the audio: the strongest DTMF row and column tones (Goertzel over the last
    // 2048 samples, every 20 ms), reported when a key starts.
    const ROWS = [697, 770, 852, 941];
    const COLS = [1209, 1336, 1477, 1633];
    const KEYS = ["123A", "456B", "789C", "*0#D"];
    const keysHeard = (stream, session) => {
      const analyser = audio.createAnalyser();
      analyser.fftSize = 2048;
      audio.createMediaStreamSource(stream).connect(analyser);
      const x = new Float32Array(analyser.fftSize);
      const strength = (hz, energy) => {
        const k = 2 * Math.cos((2 * Math.PI * hz) / audio.sampleRate);
        let s1 = 0, s2 = 0;
        for (let i = 0; i < x.length; i++) {
          const s0 = x[i] + k * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        return (2 * (s1 * s1 + s2 * s2 - k * s1 * s2)) / (x.length * energy);
      };
      let current = null, candidate = null, seen = 0;
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(x);
        let energy = 0;
        for (const v of x) energy += v * v;
        let key = null;
        if (energy > 1e-4) {
          const rows = ROWS.map((f) => strength(f, energy));
          const cols = COLS.map((f) => strength(f, energy));
          const r = rows.indexOf(Math.max(...rows));
          const c = cols.indexOf(Math.max(...cols));
          const others = [...rows.filter((_, i) => i !== r), ...cols.filter((_, i) => i !== c)];
          if (rows[r] > 0.15 && cols[c] > 0.15 && Math.max(...others) < rows[r] / 4 && Math.max(...others) < cols[c] / 4)
            key = KEYS[r][c];
        }
        if (key === candidate) seen++;
        else (candidate = key), (seen = 1);
        if (seen === 2 && key !== current) {
          current = key;
          if (key) window.report({ event: "dtmf", tone: key, via: "audio" });
        }
      }, 20);
      session.on("ended", () => clearInterval(timer));
      session.on("failed", () => clearInterval(timer));
    };
    const listen = (session, peerconnection) => {
      restrict(peerconnection);
      // The first RTP packet: the receiver lists its source as soon as a packet has been
      // delivered (polled every 5 ms; getStats() is cached by Chromium for tens of ms, too
      // coarse to time a call's setup). The codec is then read from the statistics.
      const firstRtp = setInterval(() => {
        const heard = peerconnection
          .getReceivers()
          .some((r) => r.track?.kind === "audio" && r.getSynchronizationSources().length > 0);
        if (!heard) return;
        clearInterval(firstRtp);
        const at = Date.now();
        const codecOf = async () => {
          for (let i = 0; i < 100; i++) {
            const stats = await peerconnection.getStats();
            for (const s of stats.values())
              if (s.type === "inbound-rtp" && s.kind === "audio" && s.packetsReceived > 0)
                return stats.get(s.codecId)?.mimeType ?? null;
            await new Promise((r) => setTimeout(r, 20));
          }
          return null;
        };
        codecOf().then((codec) => window.report({ event: "rtp", at, codec }));
      }, 5);
      session.on("ended", () => clearInterval(firstRtp));
      session.on("failed", () => clearInterval(firstRtp));
      peerconnection.addEventListener("track", ({ streams, track }) => {
        const stream = streams[0] ?? new MediaStream([track]);
        document.getElementById("remote").srcObject = stream;
        keysHeard(stream, session);
        const analyser = audio.createAnalyser();
        analyser.fftSize = 8192;
        audio.createMediaStreamSource(stream).connect(analyser);
        const bins = new Float32Array(analyser.frequencyBinCount);
        const timer = setInterval(() => {
          analyser.getFloatFrequencyData(bins);
          let best = 0;
          for (let i = 1; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
          if (bins[best] > -70) {
            window.report({ event: "heard", hz: Math.round((best * audio.sampleRate) / analyser.fftSize) });
          }
        }, 500);
        session.on("ended", () => clearInterval(timer));
        session.on("failed", () => clearInterval(timer));
      });
    };
    const wire = (session, hangup = hangupAfter) => {
      session.on("progress", () => window.report({ event: "progress" }));
      session.on("confirmed", () => {
        window.report({ event: "confirmed", at: Date.now() });
        if (dtmf) setTimeout(() => session.sendDTMF(dtmf, { transportType: "RFC2833", duration: 160, interToneGap: 80 }), 500);
        if (hangup > 0) setTimeout(() => session.terminate(), hangup);
        if (holdAt > 0) setTimeout(() => session.hold(), holdAt);
        if (unholdAt > 0) setTimeout(() => session.unhold(), unholdAt);
      });
      session.on("hold", (e) => window.report({ event: "hold", originator: e.originator }));
      session.on("unhold", (e) => window.report({ event: "unhold", originator: e.originator }));
      session.on("newDTMF", (e) => {
        if (e.originator === "remote") window.report({ event: "dtmf", tone: e.dtmf.tone, via: "info" });
      });
      session.on("ended", (e) => window.report({ event: "ended", cause: e.cause }));
      session.on("failed", (e) => window.report({ event: "failed", cause: e.cause }));
      session.on("peerconnection", ({ peerconnection }) => listen(session, peerconnection));
    };
    const place = (target, hangup = hangupAfter) => {
      window.report({ event: "inviting", at: Date.now() });
      const session = ua.call(target, {
        mediaStream: dest.stream,
        pcConfig: { iceServers: [] },
        eventHandlers: { sending: () => window.report({ event: "inviteSent", at: Date.now() }) },
      });
      wire(session, hangup);
      // JsSIP creates the peer connection before "peerconnection" can be listened to here.
      if (session.connection) listen(session, session.connection);
    };
    // A "call URI" line on standard input places a call from this (already running) phone.
    window.placeCall = place;
    ua.on("registered", () => {
      window.report({ event: "registered" });
      if (call) place(call);
    });
    ua.on("newMessage", ({ originator, message, request }) => {
      if (originator !== "remote") return;
      const from = message.remote_identity.uri.toString();
      window.report({ event: "message", from, body: request.body });
      if (reply)
        ua.sendMessage(from, reply, {
          eventHandlers: {
            succeeded: () => window.report({ event: "messageSent" }),
            failed: (e) => window.report({ event: "messageFailed", cause: e.cause }),
          },
        });
    });
    ua.on("registrationFailed", (e) => window.report({ event: "registrationFailed", cause: e.cause }));
    ua.on("newRTCSession", ({ session, originator }) => {
      if (originator !== "remote") return;
      window.report({ event: "incoming", from: session.remote_identity.uri.toString(), at: Date.now() });
      wire(session);
      // JsSIP has already sent 180 Ringing: the caller hears ringback until we answer.
      setTimeout(
        () =>
          reject > 0
            ? session.terminate({ status_code: reject })
            : session.answer({ mediaStream: dest.stream, pcConfig: { iceServers: [] } }),
        answerAfter,
      );
    });
    ua.start();
  },
  { ws, user, password, domain, tone, call, holdAt, unholdAt, answerAfter, reject, hangupAfter, reply, codecs, dtmf },
);
say({ event: "started" });
let input = "";
process.stdin.on("data", (chunk) => {
  input += chunk;
  for (let i; (i = input.indexOf("\n")) >= 0; ) {
    const line = input.slice(0, i).trim();
    input = input.slice(i + 1);
    const [command, target, hangup] = line.split(/\s+/);
    if (command === "call")
      tab.evaluate(([t, h]) => window.placeCall(t, h), [target, Number(hangup ?? hangupAfter)]).catch(() => {});
  }
});
