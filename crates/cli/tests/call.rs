//! `nextline call` against a real Kamailio and JsSIP in Chromium: a WAV file is the seller's
//! voice, what JsSIP says is recorded to a WAV file; a number nobody has fails with the cause.

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::time::Duration;

use assert_cmd::Command;
use common::{Kamailio, free_port, interop_available, jssip_event, jssip_hears, jssip_phone};
use nextline_phone::audio::{AudioSource, FRAME, Tone, tone_strength};

fn write_tone(path: &std::path::Path, hz: f32, seconds: usize) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let mut tone = Tone::new(hz);
    let mut frame = [0i16; FRAME];
    for _ in 0..seconds * 50 {
        tone.read_frame(&mut frame);
        for s in frame {
            w.write_sample(s).unwrap();
        }
    }
    w.finalize().unwrap();
}

/// The samples of a WAV file the CLI recorded.
fn recorded(path: &std::path::Path) -> Vec<i16> {
    hound::WavReader::open(path)
        .unwrap()
        .into_samples()
        .map(Result::unwrap)
        .collect()
}

fn nextline(db: &std::path::Path, port: u16, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("nextline").unwrap();
    c.arg("--db").arg(db).arg("call").args(args);
    c.args([
        "--server",
        &format!("ws://127.0.0.1:{port}"),
        "--account",
        "alice@127.0.0.1",
        "--password-stdin",
    ]);
    c.write_stdin(format!("{}\n", common::password("alice")))
        .timeout(Duration::from_secs(60));
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_calls_jssip_with_wav_files() {
    if !interop_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let (voice, heard) = (dir.path().join("voice.wav"), dir.path().join("heard.wav"));
    write_tone(&voice, 440.0, 2);
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &[]);
    jssip_event(&mut js, "registered").await;

    let (v, h) = (voice.clone(), heard.clone());
    let (d, p) = (db.clone(), port);
    let cli = tokio::task::spawn_blocking(move || {
        nextline(&d, p, &["bob", "--seconds", "4"])
            .arg("--play")
            .arg(&v)
            .arg("--record-to")
            .arg(&h)
            .output()
            .unwrap()
    });
    jssip_event(&mut js, "incoming").await;
    // JsSIP hears the WAV file's 440 Hz.
    jssip_hears(&mut js, 420, 460).await;
    let out = cli.await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Connected") && stdout.contains("Quality: MOS"),
        "{stdout}"
    );
    jssip_event(&mut js, "ended").await;
    // The recording holds JsSIP's 1000 Hz.
    let samples = recorded(&heard);
    assert!(
        samples.len() > 48_000 * 2,
        "{} samples recorded",
        samples.len()
    );
    let s = tone_strength(&samples[samples.len() / 2..], 1000.0);
    assert!(s > 0.5, "the recording holds JsSIP's voice: {s}");

    // Nobody is registered as carol: the cause, in words, and exit code 1.
    let d2 = db.clone();
    let out = tokio::task::spawn_blocking(move || {
        nextline(&d2, port, &["carol", "--seconds", "1"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "error: not_found: The call did not connect: the number does not exist (SIP 404)"
        ),
        "{err}"
    );
}

/// A PBX or trunk without Opus (JsSIP told to take only PCMU, as many do): the call falls back
/// to G.711 with audio both ways, and keys go both ways as RFC 4733 events — Chromium plays
/// ours out as the keys' tones (the peer hears them), and Nextline reports the peer's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_calls_a_peer_without_opus_with_g711_and_keys_both_ways() {
    if !interop_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let heard = dir.path().join("heard.wav");
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &["--codecs", "PCMU", "--dtmf", "58*"]);
    jssip_event(&mut js, "registered").await;

    let (h, d) = (heard.clone(), db.clone());
    let cli = tokio::task::spawn_blocking(move || {
        nextline(&d, port, &["bob", "--seconds", "5", "--tone", "440"])
            .args(["--dtmf", "3#", "--json"])
            .arg("--record-to")
            .arg(&h)
            .output()
            .unwrap()
    });
    jssip_event(&mut js, "incoming").await;
    let rtp = jssip_event(&mut js, "rtp").await;
    assert_eq!(rtp["codec"], "audio/PCMU", "{rtp}");
    for key in ["3", "#"] {
        let e = jssip_event(&mut js, "dtmf").await;
        assert_eq!(
            (&e["tone"], &e["via"]),
            (&serde_json::json!(key), &serde_json::json!("audio")),
            "{e}"
        );
    }
    jssip_hears(&mut js, 420, 460).await;
    let out = cli.await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received: String = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| e["event"] == "dtmf-received")
        .filter_map(|e| e["digit"].as_str().map(str::to_string))
        .collect();
    assert_eq!(received, "58*", "{stdout}");
    // What JsSIP said, through G.711: its 1000 Hz.
    let samples = recorded(&heard);
    let tail = &samples[samples.len().saturating_sub(48_000)..];
    let s = tone_strength(tail, 1000.0);
    assert!(s > 0.5, "the recording holds JsSIP's voice: {s}");
}

/// `nextline phone answer` as dave answers `nextline call` from alice: each hears the other's
/// tone, both report the other side's audio, and the answering phone stops after its one call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_answer_picks_up_a_call_and_they_hear_each_other() {
    if !interop_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let heard = dir.path().join("heard.wav");
    let port = free_port();
    let _server = Kamailio::start(port);

    let (answer_db, p) = (dir.path().join("dave.db"), port);
    let answering = tokio::task::spawn_blocking(move || {
        Command::cargo_bin("nextline")
            .unwrap()
            .arg("--db")
            .arg(&answer_db)
            .args([
                "phone", "answer", "--tone", "1000", "--calls", "1", "--json",
            ])
            .args(["--server", &format!("ws://127.0.0.1:{p}")])
            .args(["--account", "dave@127.0.0.1", "--password-stdin"])
            .write_stdin(format!("{}\n", common::password("dave")))
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    });
    // Its registration is what the call needs: try until dave is there (404 before).
    let (db, h) = (dir.path().join("alice.db"), heard.clone());
    let call = tokio::task::spawn_blocking(move || {
        for _ in 0..50 {
            let out = nextline(
                &db,
                port,
                &["dave", "--seconds", "3", "--tone", "440", "--json"],
            )
            .arg("--record-to")
            .arg(&h)
            .output()
            .unwrap();
            if out.status.success() || !String::from_utf8_lossy(&out.stderr).contains("not_found") {
                return out;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("dave never registered");
    })
    .await
    .unwrap();
    let caller = String::from_utf8_lossy(&call.stdout);
    assert!(
        call.status.success(),
        "{caller}\n{}",
        String::from_utf8_lossy(&call.stderr)
    );
    assert!(caller.contains(r#""event":"audio-received""#), "{caller}");

    let out = answering.await.unwrap();
    let callee = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{callee}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = callee
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    // The caller's audio may come just before or after its ACK: those two in either order.
    let mut middle = names[2..names.len().min(4)].to_vec();
    middle.sort_unstable();
    assert_eq!(names.len(), 5, "{callee}");
    assert_eq!(names[..2], ["registered", "incoming"], "{callee}");
    assert_eq!(middle, ["answered", "audio-received"], "{callee}");
    assert_eq!(names[4], "ended", "{callee}");
    assert_eq!(events[1]["from"], "sip:alice@127.0.0.1");
    assert_eq!(events[4]["outcome"], "answered");

    // The caller's recording holds dave's 1000 Hz.
    let samples = recorded(&heard);
    let s = tone_strength(&samples[samples.len() / 2..], 1000.0);
    assert!(s > 0.5, "the caller hears the answering phone: {s}");
}
