//! `nextline reminders` against a D-Bus notification server: the test starts its own session
//! bus (`dbus-daemon`) and a stand-in `org.freedesktop.Notifications` that records every
//! Notify (tests/desktop/fake_notify.py), and stops both by pid. A snoozed activity due
//! in 2 seconds raises exactly one notification with its subject as the title and its record
//! and due time as the body, with Open, Snooze 1 hour and Mark complete; pressing Snooze
//! snoozes it. An activity that comes due while Nextline is closed is told once at the next
//! start, and not again at the one after.

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

struct Stop(Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private session bus and the stand-in notification server on it.
struct Desktop {
    address: String,
    record: PathBuf,
    _server: Stop,
    _bus: Stop,
}

fn available() -> bool {
    let found = Path::new("/usr/bin/dbus-daemon").exists()
        && Path::new("/usr/bin/gdbus").exists()
        && Process::new("/usr/bin/python3")
            .args(["-c", "import dbus, gi"])
            .status()
            .is_ok_and(|s| s.success());
    common::required_or_skipped(found, "dbus-daemon, gdbus, python3-dbus and python3-gi")
}

fn desktop(dir: &Path) -> Desktop {
    let mut bus = Process::new("/usr/bin/dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-daemon");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().unwrap())
        .read_line(&mut address)
        .unwrap();
    let address = address.trim().to_string();
    let bus = Stop(bus);
    let record = dir.join("notifications.jsonl");
    let mut server = Process::new("/usr/bin/python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/desktop/fake_notify.py"))
        .arg(&record)
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .stdout(Stdio::piped())
        .spawn()
        .expect("fake_notify.py");
    let mut ready = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    assert_eq!(ready.trim(), "ready");
    Desktop {
        address,
        record,
        _server: Stop(server),
        _bus: bus,
    }
}

impl Desktop {
    fn notifications(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.record)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Presses a button of notification `id`.
    fn press(&self, id: u64, action: &str) {
        let ok = Process::new("/usr/bin/gdbus")
            .args(["call", "--session", "-d", "org.freedesktop.Notifications"])
            .args(["-o", "/org/freedesktop/Notifications"])
            .args(["-m", "org.freedesktop.Notifications.Test.Invoke"])
            .arg(id.to_string())
            .arg(action)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

fn nextline(db: &Path) -> Command {
    let mut c = Command::cargo_bin("nextline").unwrap();
    c.arg("--db").arg(db).timeout(Duration::from_secs(60));
    c
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = nextline(db).arg("--json").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Open activities of different records that can be snoozed: (activity, subject, record name,
/// record id).
fn snoozable(db: &Path) -> Vec<(String, String, String, String)> {
    json(db, &["worklist", "--limit", "100"])["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["activityType"] != "task" && c["startsLater"] != true)
        .map(|c| {
            (
                c["activityId"].as_str().unwrap().to_string(),
                c["subject"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
                c["recordId"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn snooze_in_2_seconds(db: &Path, activity: &str) {
    let at = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    nextline(db)
        .args(["snooze", activity, "--until", &at])
        .assert()
        .success();
}

/// The notifications about one activity: its subject as the title, its record in the body.
fn about<'a>(all: &'a [Value], subject: &str, record: &str) -> Vec<&'a Value> {
    all.iter()
        .filter(|n| {
            n["summary"] == subject
                && n["body"]
                    .as_str()
                    .is_some_and(|b| b.starts_with(&format!("{record} · due ")))
        })
        .collect()
}

/// A demo database and the test's own desktop (bus and notification server); the directory
/// holds both until it is dropped.
fn seeded() -> (tempfile::TempDir, PathBuf, Desktop) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    nextline(&db)
        .args(["demo", "seed", "--records", "40"])
        .assert()
        .success();
    let d = desktop(dir.path());
    (dir, db, d)
}

#[test]
fn a_snoozed_activity_raises_one_notification_and_its_snooze_button_works() {
    if !available() {
        return;
    }
    let (_dir, db, d) = seeded();
    let (activity, subject, record, record_id) = snoozable(&db).remove(0);
    snooze_in_2_seconds(&db, &activity);

    let clock = Process::new(env!("CARGO_BIN_EXE_nextline"))
        .arg("--db")
        .arg(&db)
        .args(["--json", "reminders", "--for", "8"])
        .env("DBUS_SESSION_BUS_ADDRESS", &d.address)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for it, then press Snooze 1 hour.
    let start = Instant::now();
    let id = loop {
        let all = d.notifications();
        if let Some(n) = about(&all, &subject, &record).first() {
            break n["id"].as_u64().unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(7),
            "no notification: {all:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        start.elapsed() >= Duration::from_millis(1000),
        "not before it is due"
    );
    d.press(id, "snooze");
    let out = clock.wait_with_output().unwrap();
    assert!(out.status.success());

    let all = d.notifications();
    let mine = about(&all, &subject, &record);
    assert_eq!(mine.len(), 1, "exactly one: {all:?}");
    let n = mine[0];
    assert_eq!(n["app_name"], "Nextline");
    assert_eq!(n["actions"]["default"], "Open");
    assert_eq!(n["actions"]["snooze"], "Snooze 1 hour");
    assert_eq!(n["actions"]["done"], "Mark complete");
    // The CLI printed it, and did what the button said.
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "told" && l["title"] == subject.as_str()),
        "{lines:?}"
    );
    let clicked = lines
        .iter()
        .find(|l| l["event"] == "clicked")
        .expect("the button press");
    assert_eq!(
        (&clicked["action"], &clicked["done"]),
        (&Value::from("snooze"), &Value::from(true))
    );
    // The newest entry on the timeline: snoozed again, an hour on.
    let newest = json(&db, &["timeline", &record_id, "--limit", "1"])[0]["event"].clone();
    assert_eq!(newest["kind"], "snoozed");
    assert_eq!(newest["activity"], activity.as_str());
    let until: chrono::DateTime<chrono::Utc> = newest["until"].as_str().unwrap().parse().unwrap();
    let ahead = until - chrono::Utc::now();
    assert!(
        ahead > chrono::Duration::minutes(55) && ahead <= chrono::Duration::hours(1),
        "snoozed for an hour: {newest}"
    );
}

#[test]
fn a_deadline_passed_while_closed_is_told_once_at_the_next_start_not_twice() {
    if !available() {
        return;
    }
    let (_dir, db, d) = seeded();
    let (activity, subject, record, _) = snoozable(&db).remove(0);
    snooze_in_2_seconds(&db, &activity);
    // Nextline is closed while it comes due.
    std::thread::sleep(Duration::from_secs(3));
    for _ in 0..2 {
        nextline(&db)
            .args(["reminders", "--for", "3"])
            .env("DBUS_SESSION_BUS_ADDRESS", &d.address)
            .assert()
            .success();
    }
    let all = d.notifications();
    assert_eq!(about(&all, &subject, &record).len(), 1, "{all:?}");
}
