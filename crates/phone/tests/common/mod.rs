//! Shared by the softphone's interop tests: a real Kamailio on a free port (stopped by pid),
//! phones registered to it, and waiting for events.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use nextline_phone::audio::{AudioSink, AudioSource, FRAME, Recorder, Tone};
use nextline_phone::sip::{Account, CallRef, Cause, EndReason, UaEvent};
use nextline_phone::sound_card::{DeviceChoice, SoundCard};
use nextline_phone::{Signalling, SipServer};
use tokio::sync::mpsc::{self, UnboundedReceiver};

pub struct Kamailio {
    child: Child,
    pub port: u16,
    stopped: bool,
    /// The test CA's certificate when the server speaks WSS.
    pub ca_pem: Option<String>,
    _dir: tempfile::TempDir,
}

/// Makes a test CA and a certificate for 127.0.0.1 signed by it (openssl); returns the CA's
/// PEM. The server's key and certificate go to `dir`/key.pem and cert.pem.
fn make_certificates(dir: &Path) -> String {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-days",
            "2",
            "-subj",
            "/CN=Nextline Test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "key.pem",
            "-out",
            "req.csr",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "req.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "ext",
        "-out",
        "cert.pem",
    ]);
    std::fs::write(
        dir.join("tls.cfg"),
        format!(
            "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\nprivate_key = {0}/key.pem\ncertificate = {0}/cert.pem\n",
            dir.display()
        ),
    )
    .unwrap();
    std::fs::read_to_string(dir.join("ca.pem")).unwrap()
}

impl Kamailio {
    pub fn start(port: u16) -> Kamailio {
        Kamailio::start_with(port, None)
    }

    /// Also serves WSS on `tls_port` with a certificate from a test CA (`ca_pem`).
    pub fn start_with_tls(port: u16, tls_port: u16) -> Kamailio {
        Kamailio::start_with(port, Some(tls_port))
    }

    fn start_with(port: u16, tls_port: Option<u16>) -> Kamailio {
        let dir = tempfile::tempdir().unwrap();
        let ca_pem = tls_port.map(|_| make_certificates(dir.path()));
        let template = include_str!("../kamailio/kamailio.cfg");
        let cfg = template
            .replace("@PORT@", &port.to_string())
            .replace("@TLSPORT@", &tls_port.unwrap_or(0).to_string())
            .replace("@RUNDIR@", dir.path().to_str().unwrap());
        let path = dir.path().join("kamailio.cfg");
        std::fs::write(&path, cfg).unwrap();
        let log = std::fs::File::create(dir.path().join("kamailio.log")).unwrap();
        let defines: &[&str] = if tls_port.is_some() {
            &["-A", "WITH_TLS"]
        } else {
            &[]
        };
        let mut child = Command::new("kamailio")
            .args(defines)
            .args([
                "-f",
                path.to_str().unwrap(),
                "-DD",
                "-E",
                "-Y",
                dir.path().to_str().unwrap(),
            ])
            .args([
                "-P",
                dir.path().join("kamailio.pid").to_str().unwrap(),
                "-w",
                dir.path().to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start kamailio");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Kamailio {
                    child,
                    port,
                    stopped: false,
                    ca_pem,
                    _dir: dir,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("kamailio did not listen on {port}");
    }

    pub fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        // SIGTERM by pid: Kamailio's main process takes its children down.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Kamailio {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn kamailio_available() -> bool {
    let found = Path::new("/usr/sbin/kamailio").exists()
        && Path::new("/usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so").exists();
    required_or_skipped(found, "kamailio / kamailio-websocket-modules")
}

/// Kamailio, Debian's Chromium and the JsSIP phone's npm packages.
pub fn interop_available() -> bool {
    let jssip = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/interop/node_modules/jssip")
        .exists();
    kamailio_available()
        && required_or_skipped(
            Path::new("/usr/bin/chromium").exists() && jssip,
            "chromium / tests/interop npm packages",
        )
}

/// Missing parts skip a test on a developer's machine, but fail it in the test command
/// (NEXTLINE_REQUIRE_INTEROP=1), which installs them.
pub fn required_or_skipped(found: bool, what: &str) -> bool {
    if !found {
        assert!(
            std::env::var("NEXTLINE_REQUIRE_INTEROP").as_deref() != Ok("1"),
            "{what} required: run scripts/setup --test"
        );
        eprintln!("SKIPPED: {what} not installed");
    }
    found
}

/// The password of a test user: the Kamailio fixture (`kamailio/kamailio.cfg`) is the one
/// place the test accounts are written down.
pub fn password(user: &str) -> String {
    let cfg = include_str!("../kamailio/kamailio.cfg");
    let needle = format!("$sht(users=>{user}) = \"");
    let start = cfg
        .find(&needle)
        .unwrap_or_else(|| panic!("no test user {user} in kamailio.cfg"))
        + needle.len();
    cfg[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A password made up afresh for each run — for a wrong password, or a keyring round trip — so
/// none is ever written in the code.
pub fn made_up_password() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("made-up-{:x}-{}", nanos, std::process::id())
}

/// A phone registered (over ws://) as a test user of the Kamailio fixture.
pub fn phone(port: u16, user: &str) -> (Signalling, UnboundedReceiver<UaEvent>) {
    phone_with_password(
        &format!("ws://127.0.0.1:{port}"),
        user,
        &password(user),
        None,
    )
}

/// A test user's phone at any URL (`wss://` with the CA to trust).
pub fn phone_at(
    url: &str,
    user: &str,
    extra_roots_pem: Option<String>,
) -> (Signalling, UnboundedReceiver<UaEvent>) {
    phone_with_password(url, user, &password(user), extra_roots_pem)
}

/// A phone with a password of the test's choosing (a wrong one, say).
pub fn phone_with_password(
    url: &str,
    user: &str,
    password: &str,
    extra_roots_pem: Option<String>,
) -> (Signalling, UnboundedReceiver<UaEvent>) {
    let mut account = Account::new(user, "127.0.0.1", password);
    account.display_name = Some(format!("{user} (Nextline)"));
    account.register_expires = 120;
    Signalling::start(SipServer {
        url: url.to_string(),
        account,
        extra_roots_pem,
    })
}

/// The next event that `pick` accepts (others are skipped), within 10 s.
pub async fn next<T>(
    events: &mut UnboundedReceiver<UaEvent>,
    what: &str,
    pick: impl Fn(&UaEvent) -> Option<T>,
) -> T {
    let wait = async {
        loop {
            let e = events.recv().await.expect("phone stopped");
            if let Some(t) = pick(&e) {
                return t;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

/// Why the next call to end ended.
pub async fn ended(events: &mut UnboundedReceiver<UaEvent>, what: &str) -> EndReason {
    next(events, what, |e| match e {
        UaEvent::Ended { why, .. } => Some(*why),
        _ => None,
    })
    .await
}

/// The cause of the next call that failed to connect.
pub async fn failed(events: &mut UnboundedReceiver<UaEvent>, what: &str) -> Cause {
    next(events, what, |e| match e {
        UaEvent::Failed { cause, .. } => Some(*cause),
        _ => None,
    })
    .await
}

pub async fn registered(events: &mut UnboundedReceiver<UaEvent>) -> u32 {
    next(events, "Registered", |e| match e {
        UaEvent::Registered { expires } => Some(*expires),
        UaEvent::RegistrationFailed { code, reason, .. } => {
            panic!("registration failed: {code} {reason}")
        }
        _ => None,
    })
    .await
}

pub async fn incoming(events: &mut UnboundedReceiver<UaEvent>) -> (CallRef, String, String) {
    next(events, "an incoming call", |e| match e {
        UaEvent::Incoming {
            call, from, sdp, ..
        } => Some((call.clone(), from.clone(), sdp.clone())),
        _ => None,
    })
    .await
}

/// A private PulseAudio with three virtual headsets: null sinks `headset`, `voice` and `spare`,
/// and ALSA devices for them and for their monitors as microphones (`headset_mic`, `voice_mic`,
/// `spare_mic`) in the process's own `.asoundrc` (HOME and PULSE_SERVER are set for it).
/// PulseAudio and its runtime folder (removed when the server has stopped).
pub struct Pulse(Child, #[allow(dead_code)] tempfile::TempDir);

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

pub fn start_pulse() -> Option<Pulse> {
    if !Path::new("/usr/bin/pulseaudio").exists() {
        assert!(
            std::env::var("NEXTLINE_REQUIRE_INTEROP").as_deref() != Ok("1"),
            "pulseaudio required: run scripts/setup --test"
        );
        eprintln!("SKIPPED: pulseaudio not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("native");
    let mut asoundrc = String::new();
    for (pcm, device) in [
        ("headset", "headset"),
        ("headset_mic", "headset.monitor"),
        ("voice", "voice"),
        ("voice_mic", "voice.monitor"),
        ("spare", "spare"),
        ("spare_mic", "spare.monitor"),
    ] {
        asoundrc.push_str(&format!(
            "pcm.{pcm} {{ type pulse device \"{device}\" hint {{ show on description \"{pcm}\" }} }}\n"
        ));
    }
    std::fs::write(dir.path().join(".asoundrc"), asoundrc).unwrap();
    let mut child = Command::new("pulseaudio")
        .args([
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--disable-shm=yes",
        ])
        .arg("-L")
        .arg(format!(
            "module-native-protocol-unix auth-anonymous=1 socket={}",
            socket.display()
        ))
        .args(["-L", "module-null-sink sink_name=headset rate=48000"])
        .args(["-L", "module-null-sink sink_name=voice rate=48000"])
        .args(["-L", "module-null-sink sink_name=spare rate=48000"])
        .env("HOME", dir.path())
        .env("XDG_RUNTIME_DIR", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pulseaudio");
    // SAFETY: set before any thread of this test binary uses the environment (one test).
    unsafe {
        std::env::set_var("PULSE_SERVER", format!("unix:{}", socket.display()));
        std::env::set_var("HOME", dir.path());
    }
    for _ in 0..100 {
        if socket.exists() {
            return Some(Pulse(child, dir));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("pulseaudio did not start");
}

/// The JsSIP phone's process (node + Chromium), stopped by pid.
pub struct Browser(Child);

impl Browser {
    /// Gone at once, as a crashed or powered-off phone: no goodbye (SIGKILL; Chromium, whose
    /// control pipe closes, goes with it).
    pub fn vanish(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // SIGTERM by pid: the script closes Chromium and exits.
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop")
}

/// Starts the JsSIP phone as bob; its JSON event lines arrive on the channel.
pub fn jssip_phone(
    port: u16,
    extra: &[&str],
) -> (Browser, mpsc::UnboundedReceiver<serde_json::Value>) {
    jssip_phone_as(port, "bob", &password("bob"), extra)
}

/// The password of a user named by a phone number in E.164 (see `kamailio/kamailio.cfg`).
pub fn number_password() -> String {
    password("number")
}

/// Starts the JsSIP phone as `user` (e.g. a customer's number, `+306912345678`).
pub fn jssip_phone_as(
    port: u16,
    user: &str,
    user_password: &str,
    extra: &[&str],
) -> (Browser, mpsc::UnboundedReceiver<serde_json::Value>) {
    let mut child = Command::new("node")
        .arg(interop_dir().join("jssip-phone.mjs"))
        .args([
            "--ws",
            &format!("ws://127.0.0.1:{port}"),
            "--user",
            user,
            "--password",
            user_password,
        ])
        .args(["--tone", "1000"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                let _ = tx.send(v);
            }
        }
    });
    (Browser(child), rx)
}

pub async fn jssip_event(
    rx: &mut mpsc::UnboundedReceiver<serde_json::Value>,
    name: &str,
) -> serde_json::Value {
    let wait = async {
        loop {
            let v = rx.recv().await.expect("the JsSIP phone stopped");
            if v["event"] == name {
                return v;
            }
            if v["event"] == "registrationFailed" || v["event"] == "failed" {
                panic!("JsSIP: {v}");
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .unwrap_or_else(|_| panic!("JsSIP did not report {name}"))
}

/// Waits for a "heard" report in `lo..=hi` Hz.
pub async fn jssip_hears(
    js: &mut mpsc::UnboundedReceiver<serde_json::Value>,
    lo: i64,
    hi: i64,
) -> i64 {
    // Bounded overall: a wrong tone arriving every 500 ms must not keep the test waiting.
    let mut heard = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let report = tokio::time::timeout(left, jssip_event(js, "heard")).await;
        let Ok(report) = report else {
            panic!("JsSIP did not hear {lo}–{hi} Hz within 30 s; it heard {heard:?} Hz");
        };
        let hz = report["hz"].as_i64().unwrap_or(0);
        if (lo..=hi).contains(&hz) {
            return hz;
        }
        heard.push(hz);
    }
}

/// A tone played into a virtual device, every 20 ms, until dropped.
pub struct Playing(#[allow(dead_code)] SoundCard, tokio::task::JoinHandle<()>);

impl Drop for Playing {
    fn drop(&mut self) {
        self.1.abort();
    }
}

pub fn play_tone(device: &str, hz: f32) -> Playing {
    play_shaped(device, hz, |_| 1.0)
}

/// Like a voice rather than a steady tone: syllables louder and quieter, with pauses (a noise
/// suppressor rightly turns a steady tone down).
pub fn speak(device: &str, hz: f32) -> Playing {
    play_shaped(device, hz, |i| {
        if (i / 10) % 3 == 2 {
            0.0
        } else {
            0.4 + 0.6 * ((i * 7919) % 13) as f32 / 12.0
        }
    })
}

/// A tone into `device`, its 20 ms frame `i` scaled by `gain(i)`.
fn play_shaped(device: &str, hz: f32, gain: fn(usize) -> f32) -> Playing {
    let base = device.trim_end_matches("_mic");
    let (card, _mic, mut speaker, _) = SoundCard::open(&DeviceChoice {
        microphone: Some(format!("{base}_mic")),
        speaker: Some(base.to_string()),
    })
    .unwrap();
    let task = tokio::spawn(async move {
        let mut tone = Tone::new(hz);
        let mut frame = [0i16; FRAME];
        let mut tick = tokio::time::interval(Duration::from_millis(20));
        for i in 0.. {
            tick.tick().await;
            tone.read_frame(&mut frame);
            let g = gain(i);
            for s in &mut frame {
                *s = (f32::from(*s) * g) as i16;
            }
            speaker.write_frame(&frame);
        }
    });
    Playing(card, task)
}

/// What a virtual microphone (a sink's monitor) hears, recorded until dropped.
pub struct Listening(
    #[allow(dead_code)] SoundCard,
    tokio::task::JoinHandle<()>,
    pub Recorder,
);

impl Drop for Listening {
    fn drop(&mut self) {
        self.1.abort();
    }
}

pub fn record(mic: &str) -> Listening {
    let base = mic.trim_end_matches("_mic");
    let (card, mut ear, _speaker, _) = SoundCard::open(&DeviceChoice {
        microphone: Some(format!("{base}_mic")),
        speaker: Some(base.to_string()),
    })
    .unwrap();
    let heard = Recorder::default();
    let mut sink = heard.clone();
    let task = tokio::spawn(async move {
        let mut frame = [0i16; FRAME];
        let mut tick = tokio::time::interval(Duration::from_millis(20));
        loop {
            tick.tick().await;
            ear.read_frame(&mut frame);
            sink.write_frame(&frame);
        }
    });
    Listening(card, task, heard)
}
