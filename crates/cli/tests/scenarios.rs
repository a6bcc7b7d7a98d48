//! The seller's actions R5–R10 through the `nextline` binary, on real database files.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-25T08:00:00Z";

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn seeded() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nextline.db");
    nl(&path, &["demo", "seed", "--records", "300"]).success();
    Db { _dir: dir, path }
}

fn nl(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("nextline")
        .unwrap()
        .env_remove("NEXTLINE_DB")
        .env("LANG", "en_GB.UTF-8")
        .arg("--db")
        .arg(db)
        .args(["--now", NOW])
        .args(args)
        .assert()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = nl(db, &[args, &["--json"]].concat()).success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// The error code of a refused command: one line on stderr, non-zero exit.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = nl(db, args).failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err.split(':').nth(1).unwrap().trim().to_string()
}

fn cards(db: &Path, args: &[&str]) -> Vec<Value> {
    json(db, &[&["worklist", "--limit", "500"], args].concat())["cards"]
        .as_array()
        .unwrap()
        .clone()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// A record of mine whose active step is of this type, started and not snoozed.
fn my_active_step(db: &Path, kind: &str) -> (String, String) {
    for c in cards(db, &["--owner", "me", "--type", kind]) {
        let up = json(db, &["upnext", s(&c["recordId"])]);
        if let Some(a) = up["active"]["activity"].as_object()
            && a["type"] == kind
            && a["assignee"]["id"] == up["record"]["owner"]
        {
            return (
                s(&c["recordId"]).to_string(),
                a["id"].as_str().unwrap().to_string(),
            );
        }
    }
    panic!("no record of mine with an active {kind} step");
}

#[test]
fn r5_complete_with_a_note_moves_to_the_next_step_and_lands_on_the_timeline() {
    let db = seeded();
    let (record, call) = my_active_step(&db.path, "phoneCall");
    let done = json(
        &db.path,
        &["complete", &call, "--note", "Wants a quote for 40 seats"],
    );
    let kinds: Vec<&str> = done["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| s(&e["kind"]))
        .collect();
    assert_eq!(kinds[..2], ["noteAdded", "completed"]);
    let up = json(&db.path, &["upnext", &record]);
    assert_eq!(up["completed"][0]["id"], call.as_str());
    assert_eq!(up["completed"][0]["state"], "completed");
    assert_ne!(up["active"]["activity"]["id"], call.as_str());
    let timeline = json(&db.path, &["timeline", &record]);
    let note = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"]["kind"] == "noteAdded")
        .unwrap();
    assert_eq!(note["event"]["text"], "Wants a quote for 40 seats");
    assert_eq!(note["at"], "2026-11-25T08:00:00Z");
    assert_eq!(refused(&db.path, &["complete", &call]), "activity_not_open");
    // Every change is queued for the CRM.
    let outbox = json(&db.path, &["outbox"]);
    let entities: Vec<&str> = outbox
        .as_array()
        .unwrap()
        .iter()
        .map(|r| s(&r["entity"]))
        .collect();
    assert!(
        entities.contains(&"note")
            && entities.contains(&"activity")
            && entities.contains(&"record")
    );
}

#[test]
fn r6_skip_in_a_sequence_files_it_as_skipped_and_a_manual_task_is_cancelled() {
    let db = seeded();
    let (record, email) = my_active_step(&db.path, "email");
    json(&db.path, &["skip", &email]);
    let up = json(&db.path, &["upnext", &record]);
    assert_eq!(up["completed"][0]["id"], email.as_str());
    assert_eq!(up["completed"][0]["state"], "skipped");
    let next = up["active"]["activity"]
        .as_object()
        .or(up["waiting"]["activity"].as_object());
    assert!(
        next.is_some() || up["upcoming"].as_array().unwrap().is_empty(),
        "the next step took its place"
    );

    // A manual task outside any sequence.
    let task = cards(&db.path, &["--owner", "me", "--type", "task"])
        .into_iter()
        .find_map(|c| {
            let up = json(&db.path, &["upnext", s(&c["recordId"])]);
            up["manual"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["activity"]["type"] == "task")
                .map(|m| {
                    (
                        s(&c["recordId"]).to_string(),
                        s(&m["activity"]["id"]).to_string(),
                    )
                })
        })
        .expect("a manual task");
    json(&db.path, &["skip", &task.1]);
    let up = json(&db.path, &["upnext", &task.0]);
    let filed = up["completed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == task.1.as_str())
        .unwrap();
    assert_eq!(filed["state"], "cancelled");
}

#[test]
fn r7_snooze_moves_the_due_time_and_a_manual_task_cannot_be_snoozed() {
    let db = seeded();
    let (record, call) = my_active_step(&db.path, "phoneCall");
    json(&db.path, &["snooze", &call, "--until", "2026-11-26 15:00"]);
    let up = json(&db.path, &["upnext", &record]);
    assert_eq!(
        up["active"]["activity"]["due"], "2026-11-26T13:00:00Z",
        "15:00 Athens"
    );
    let card = cards(&db.path, &["--owner", "me"])
        .into_iter()
        .find(|c| c["recordId"] == record.as_str())
        .unwrap();
    assert_ne!(card["dueBucket"], "overdue");
    assert_eq!(
        refused(
            &db.path,
            &["snooze", &call, "--until", "2026-11-24T10:00:00Z"]
        ),
        "snooze_time_not_in_future"
    );
    assert_eq!(
        refused(&db.path, &["snooze", &call, "--until", "someday"]),
        "invalid_time"
    );

    let (_, task) = my_active_step(&db.path, "task");
    assert_eq!(
        refused(&db.path, &["snooze", &task, "--until", "+1h"]),
        "manual_task_cannot_be_snoozed"
    );
}

#[test]
fn r8_a_note_on_an_activity_in_progress_keeps_it_open() {
    let db = seeded();
    let (record, call) = my_active_step(&db.path, "phoneCall");
    json(&db.path, &["note", &call, "Prefers mornings"]);
    let up = json(&db.path, &["upnext", &record]);
    assert_eq!(up["active"]["activity"]["id"], call.as_str());
    let timeline = json(&db.path, &["timeline", &record]);
    assert_eq!(timeline[0]["event"]["text"], "Prefers mornings");
    assert_eq!(refused(&db.path, &["note", &call, "   "]), "note_empty");
}

#[test]
fn r9_the_owner_assigns_and_others_are_refused_with_the_reason() {
    let db = seeded();
    let (record, call) = my_active_step(&db.path, "phoneCall");
    assert_eq!(
        refused(
            &db.path,
            &["--as", "sarah", "assign", &call, "--to", "sarah"]
        ),
        "only_owner_can_assign"
    );
    json(&db.path, &["assign", &call, "--to", "Inside Sales"]);
    let up = json(&db.path, &["upnext", &record]);
    assert_eq!(up["active"]["activity"]["assignee"]["kind"], "team");
    json(
        &db.path,
        &["--as", "dimitra", "assign", &call, "--to", "eleni"],
    );
    let up = json(&db.path, &["upnext", &record]);
    assert_eq!(up["active"]["activity"]["assignee"]["kind"], "user");
    assert_ne!(
        up["active"]["activity"]["assignee"]["id"],
        up["record"]["owner"]
    );
    assert_eq!(
        refused(&db.path, &["assign", &call, "--to", "chris"]),
        "assignee_has_no_sales_role"
    );
}

#[test]
fn r10_owner_change_keeps_the_active_step_and_hands_on_later_steps() {
    let db = seeded();
    let (record, call) = my_active_step(&db.path, "phoneCall");
    let me = json(&db.path, &["upnext", &record])["record"]["owner"].clone();
    json(
        &db.path,
        &["owner", &record, "--to", "nikos.pappas@nextline.example"],
    );
    let up = json(&db.path, &["upnext", &record]);
    assert_ne!(up["record"]["owner"], me);
    assert_eq!(up["active"]["activity"]["id"], call.as_str());
    assert_eq!(
        up["active"]["activity"]["assignee"]["id"], me,
        "the active step stays with the previous owner"
    );
    // The previous owner finishes it; the next step goes to the new owner.
    json(&db.path, &["complete", &call]);
    let up = json(&db.path, &["upnext", &record]);
    let next = up["active"]["activity"]
        .as_object()
        .or(up["waiting"]["activity"].as_object());
    if let Some(next) = next {
        assert_eq!(next["assignee"]["id"], up["record"]["owner"]);
    }
    // And the record is no longer in my work list unless something is still mine.
    assert_eq!(
        refused(
            &db.path,
            &["--as", "sarah", "owner", &record, "--to", "sarah"]
        ),
        "only_owner_can_change_owner"
    );
}

#[test]
fn the_work_list_filters_sorts_groups_and_searches() {
    let db = seeded();
    let all = cards(&db.path, &[]);
    assert!(all.len() > 100);
    for c in cards(&db.path, &["--type", "email", "--due", "overdue"]) {
        assert_eq!(c["activityType"], "email");
        assert_eq!(c["dueBucket"], "overdue");
    }
    let by_score = cards(&db.path, &["--sort", "score", "--desc"]);
    assert!(
        by_score
            .windows(2)
            .all(|w| w[0]["score"].as_u64() >= w[1]["score"].as_u64())
    );
    let grouped = cards(&db.path, &["--group", "type"]);
    let order = ["phoneCall", "email", "meeting", "textMessage", "task"];
    let ranks: Vec<usize> = grouped
        .iter()
        .map(|c| order.iter().position(|t| c["activityType"] == *t).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    let hits = cards(&db.path, &["--search", "γεωργιου"]);
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(
            |c| s(&c["contactName"]).contains("Γεωργίου") || s(&c["name"]).contains("Γεωργίου")
        )
    );
    // Paging: two pages of 20 continue where the first stopped.
    let p1 = json(&db.path, &["worklist", "--limit", "20"]);
    let p2 = json(
        &db.path,
        &["worklist", "--limit", "20", "--after", s(&p1["nextCursor"])],
    );
    assert_eq!(p2["cards"][0]["recordId"], all[20]["recordId"]);
    assert_eq!(
        refused(&db.path, &["worklist", "--due", "someday"]),
        "invalid_value"
    );
}

#[test]
fn r12_r13_the_dial_plan_names_the_number_and_warns_on_do_not_phone() {
    let db = seeded();
    let mut saw_warning = false;
    let mut saw_pad = false;
    for c in cards(&db.path, &[]) {
        if saw_warning && saw_pad {
            break;
        }
        let plan = json(&db.path, &["dialplan", s(&c["recordId"])]);
        match s(&plan["target"]["kind"]) {
            "number" => assert!(s(&plan["target"]["number"]["e164"]).starts_with('+')),
            "dialPad" => saw_pad = true,
            other => panic!("{other}"),
        }
        saw_warning |= plan["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "doNotPhone");
    }
    assert!(saw_warning && saw_pad);
}

#[test]
fn errors_are_one_line_with_a_code_in_the_sellers_language() {
    let db = seeded();
    let out = nl(&db.path, &["--lang", "el", "complete", "ffffffff"]).failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.starts_with("error: activity_not_found: Δεν βρέθηκε"),
        "{err}"
    );
    let fresh = tempfile::tempdir().unwrap();
    let empty = fresh.path().join("empty.db");
    assert_eq!(refused(&empty, &["worklist"]), "no_current_user");
    nl(&empty, &["demo", "seed", "--records", "5"]).success();
    assert_eq!(refused(&empty, &["demo", "seed"]), "already_has_data");
}
