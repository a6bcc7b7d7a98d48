//! The CLI's softphone commands against a real Kamailio and JsSIP in Chromium: a call to a
//! record's contact with a tone and keypad digits, reported as JSON event lines and logged on
//! the record's timeline (R14); `phone register` with the account from the environment; `text
//! send` over SIP MESSAGE.

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::time::Duration;

use assert_cmd::Command;
use common::{Kamailio, free_port, interop_available, jssip_event, jssip_hears, jssip_phone};
use serde_json::{Value, json};

fn nextline(db: &std::path::Path, port: u16) -> Command {
    let mut c = Command::cargo_bin("nextline").unwrap();
    c.arg("--db").arg(db);
    // The account from the environment, as automation gives it; the password on stdin.
    c.env("NEXTLINE_SIP_SERVER", format!("ws://127.0.0.1:{port}"))
        .env("NEXTLINE_SIP_ACCOUNT", "alice@127.0.0.1")
        .write_stdin(format!("{}\n", common::password("alice")))
        .timeout(Duration::from_secs(60));
    c
}

fn json(db: &std::path::Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("nextline")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A record of the demo data whose contact has a business number and no do-not-phone wish.
fn callable_record(db: &std::path::Path) -> String {
    let list = json(db, &["worklist", "--limit", "80"]);
    for card in list["cards"].as_array().unwrap() {
        let id = card["recordId"].as_str().unwrap();
        let plan = json(db, &["dialplan", id]);
        if plan["target"]["kind"] == "number" && plan["warnings"].as_array().unwrap().is_empty() {
            return id.to_string();
        }
    }
    panic!("no callable record");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_to_a_record_with_keys_is_reported_and_logged() {
    if !interop_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    Command::cargo_bin("nextline")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["demo", "seed", "--records", "80"])
        .assert()
        .success();
    let record = callable_record(&db);
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &[]);
    jssip_event(&mut js, "registered").await;

    let (d, r) = (db.clone(), record.clone());
    let cli = tokio::task::spawn_blocking(move || {
        nextline(&d, port)
            .args(["call", "--record", &r, "--password-stdin", "--tone", "440"])
            .args(["--dtmf", "12#", "--hangup-after", "3", "--json"])
            .output()
            .unwrap()
    });
    jssip_event(&mut js, "incoming").await;
    // The keys go as RFC 4733 events (Chromium offers them), which Chromium plays out as the
    // keys' tones: the peer hears them.
    for key in ["1", "2", "#"] {
        let e = jssip_event(&mut js, "dtmf").await;
        assert_eq!(
            (&e["tone"], &e["via"]),
            (&json!(key), &json!("audio")),
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
    let events: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let names: Vec<&str> = events.iter().filter_map(|e| e["event"].as_str()).collect();
    for want in [
        "registered",
        "calling",
        "ringing",
        "answered",
        "dtmf-sent",
        "ended",
        "stats",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let ended = events.iter().find(|e| e["event"] == "ended").unwrap();
    assert_eq!(ended["outcome"], "answered");
    let activity = events.iter().find(|e| e["event"] == "calling").unwrap()["activity"]
        .as_str()
        .expect("the call is logged on the record")
        .to_string();

    // R14: the record's timeline has the call, placed and ended, once each.
    let timeline = json(&db, &["timeline", &record]);
    let of_call = |kind: &str| {
        timeline
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["event"]["kind"] == kind && t["event"]["activity"] == activity.as_str())
            .count()
    };
    assert_eq!((of_call("callPlaced"), of_call("callEnded")), (1, 1));
    let ended = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["event"]["kind"] == "callEnded")
        .unwrap();
    assert_eq!(ended["event"]["outcome"]["kind"], "answered");
    assert!(ended["event"]["durationSecs"].as_u64().unwrap() >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_and_text_from_the_command_line() {
    if !interop_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &[]);
    jssip_event(&mut js, "registered").await;

    let (d, p) = (db.clone(), port);
    let out = tokio::task::spawn_blocking(move || {
        nextline(&d, p)
            .args(["phone", "register", "--password-stdin"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Registered as alice@127.0.0.1"));

    let (d, p) = (db.clone(), port);
    let out = tokio::task::spawn_blocking(move || {
        nextline(&d, p)
            .args([
                "text",
                "send",
                "bob",
                "Καλησπέρα — ready when you are",
                "--password-stdin",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = jssip_event(&mut js, "message").await;
    assert_eq!(got["body"], "Καλησπέρα — ready when you are");

    // A wrong password: the cause, in words, exit code 1.
    let mut c = Command::cargo_bin("nextline").unwrap();
    let out = c
        .arg("--db")
        .arg(&db)
        .args(["phone", "register", "--password-stdin"])
        .env("NEXTLINE_SIP_SERVER", format!("ws://127.0.0.1:{port}"))
        .env("NEXTLINE_SIP_ACCOUNT", "alice@127.0.0.1")
        .write_stdin(format!("{}\n", common::made_up_password()))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error: not_registered"), "{err}");

    // No account anywhere: said plainly.
    let out = Command::cargo_bin("nextline")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["phone", "register"])
        .env_remove("NEXTLINE_SIP_SERVER")
        .env_remove("NEXTLINE_SIP_ACCOUNT")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error: phone_not_set_up"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
