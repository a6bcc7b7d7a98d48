//! Sync with a Dataverse-compatible server (a real HTTP server on a real socket) through the
//! `nextline` binary on real database files: the first sync, local changes landing exactly
//! once, a colleague's edits and deletes coming back through change tracking, an expired delta
//! token, 20 % of requests failing, and `nextline sync` killed at random moments.

use std::path::{Path, PathBuf};
use std::process::{Command as Std, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use nextline_crm_server::faults::{FaultSettings, Faults};
use nextline_crm_server::{Shared, demo, org, quiet_cuts, serve_in_background};
use serde_json::Value;

struct Org {
    shared: Shared,
    url: String,
    token: String,
}

/// A demo org of `records` leads and opportunities; tokens are made up for each run.
fn start_org(records: usize) -> Org {
    quiet_cuts();
    let token = format!("test-{}", uuid::Uuid::new_v4().simple());
    let shared = org(
        uuid::Uuid::nil(),
        Faults::new(0.0, 7),
        3600,
        Some(token.clone()),
    );
    {
        let mut t = shared.tables.lock().unwrap();
        let user = demo::load(&mut t, records, chrono::Utc::now());
        *shared.user.lock().unwrap() = user.0;
    }
    let url = serve_in_background(shared.clone());
    Org { shared, url, token }
}

fn nl_cmd(db: &Path, org: &Org) -> Command {
    let mut c = Command::cargo_bin("nextline").unwrap();
    c.env_remove("NEXTLINE_DB")
        .env("LANG", "en_GB.UTF-8")
        .env("NEXTLINE_CRM_TOKEN", &org.token)
        .env("NEXTLINE_CRM_TIMEOUT_MS", "1500")
        .arg("--db")
        .arg(db);
    c
}

fn nl(db: &Path, org: &Org, args: &[&str]) -> assert_cmd::assert::Assert {
    nl_cmd(db, org).args(args).assert()
}

fn json(db: &Path, org: &Org, args: &[&str]) -> Value {
    let out = nl(db, org, &[args, &["--json"]].concat()).success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// The last JSON line a sync printed.
fn synced(db: &Path, org: &Org, args: &[&str]) -> Option<Value> {
    let out = nl_cmd(db, org)
        .args([&["sync", "--json"], args].concat())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["event"] == "synced")
}

/// Syncs until nothing is pending (faults make single runs fail); panics after `tries`.
fn sync_until_clean(db: &Path, org: &Org, tries: usize) -> Value {
    for _ in 0..tries {
        if let Some(v) = synced(db, org, &[])
            && v["pending"] == 0
        {
            return v;
        }
    }
    panic!("changes still pending after {tries} syncs");
}

fn connected_db(org: &Org) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nextline.db");
    nl(&db, org, &["login", "--org", &org.url])
        .success()
        .stdout(predicates::str::contains("Signed in to"));
    (dir, db)
}

fn server_rows(org: &Org, set: &str) -> Vec<Value> {
    let t = org.shared.tables.lock().unwrap();
    t.sets
        .get(set)
        .map(|rows| {
            rows.values()
                .map(|s| Value::Object(s.columns.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn duplicates(org: &Org) -> Vec<String> {
    let t = org.shared.tables.lock().unwrap();
    t.creates
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|((s, id), n)| format!("{s}({id}) ×{n}"))
        .collect()
}

/// Open activities of mine, from the work list's cards: (activity id, record id).
fn my_open_activities(db: &Path, org: &Org, n: usize) -> Vec<(String, String)> {
    let cards = json(db, org, &["worklist", "--limit", "500"])["cards"]
        .as_array()
        .unwrap()
        .clone();
    cards
        .iter()
        .filter(|c| c["startsLater"] != true)
        .take(n)
        .map(|c| {
            (
                c["activityId"].as_str().unwrap().to_string(),
                c["recordId"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn server_activity(org: &Org, id: &str) -> Option<Value> {
    ["phonecalls", "emails", "appointments", "tasks"]
        .iter()
        .flat_map(|s| server_rows(org, s))
        .find(|r| r["activityid"] == id)
}

/// A sales accelerator step (a phone call, no linked activity) on a lead, for the seller.
fn add_step(org: &Org, lead: &str, name: &str) -> String {
    let me = org.shared.user.lock().unwrap().to_string();
    let target = uuid::Uuid::new_v4();
    let step = uuid::Uuid::new_v4();
    let mut t = org.shared.tables.lock().unwrap();
    let cols = |v: Value| v.as_object().unwrap().clone();
    t.write(
        "msdyn_sequencetargets",
        target,
        &cols(serde_json::json!({
            "_msdyn_target_value": lead,
            "_msdyn_target_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
            "statecode": 0,
        })),
    );
    let due = (chrono::Utc::now() - chrono::TimeDelta::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    t.write(
        "msdyn_sequencetargetsteps",
        step,
        &cols(serde_json::json!({
            "msdyn_name": name,
            "msdyn_type": 4210,
            "msdyn_duetime": due,
            "statecode": 0,
            "statuscode": 1,
            "_msdyn_sequencetarget_value": target.to_string(),
            "_ownerid_value": me,
            "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
        })),
    );
    step.to_string()
}

#[test]
fn the_first_sync_fills_the_cache_and_local_changes_land_exactly_once() {
    let org = start_org(30);
    let leads: Vec<String> = server_rows(&org, "leads")
        .iter()
        .map(|l| l["leadid"].as_str().unwrap().to_string())
        .collect();
    let completed_step = add_step(&org, &leads[1], "Discovery call (sequence step)");
    let snoozed_step = add_step(&org, &leads[2], "Follow-up call (sequence step)");
    let (_dir, db) = connected_db(&org);
    let first = synced(&db, &org, &[]).expect("the first sync");
    assert!(first["pulled"].as_u64().unwrap() > 100, "{first}");
    assert_eq!(first["missingTables"], Value::Array(vec![]));
    let directory = json(&db, &org, &["users"]);
    let team = &directory["teams"][0];
    assert!(
        team["members"].as_array().is_some_and(|m| m.len() >= 2),
        "a team comes with its members: {directory}"
    );
    let mine = my_open_activities(&db, &org, 4);
    assert_eq!(mine.len(), 4, "the work list shows the org's open work");

    // Offline changes: complete one, note on another.
    nl(&db, &org, &["complete", &mine[0].0]).success();
    nl(
        &db,
        &org,
        &[
            "note",
            &mine[1].0,
            "Asked for the price list — Ζήτησε τιμοκατάλογο",
        ],
    )
    .success();
    let waiting = json(&db, &org, &["outbox"]);
    assert!(waiting.as_array().unwrap().len() >= 2, "{waiting}");

    let after = synced(&db, &org, &[]).expect("the second sync");
    assert_eq!(after["pending"], 0, "{after}");
    assert_eq!(after["failed"], 0, "{after}");
    let done = server_activity(&org, &mine[0].0).expect("the completed activity is in the org");
    assert_eq!(done["statecode"], 1, "completed in Dynamics 365: {done}");
    let notes: Vec<Value> = server_rows(&org, "annotations")
        .into_iter()
        .filter(|n| {
            n["notetext"]
                .as_str()
                .is_some_and(|t| t.contains("price list"))
        })
        .collect();
    assert_eq!(notes.len(), 1, "the note landed once");
    assert_eq!(
        notes[0]["_objectid_value"],
        mine[1].1.as_str(),
        "on its record"
    );
    assert!(duplicates(&org).is_empty(), "{:?}", duplicates(&org));

    // Mark complete with a note: one command, one change set ($batch) — both land, or neither.
    nl(
        &db,
        &org,
        &["complete", &mine[3].0, "--note", "Agreed on a pilot"],
    )
    .success();
    let batches_before = org.shared.tables.lock().unwrap().batches;
    assert_eq!(synced(&db, &org, &[]).unwrap()["pending"], 0);
    assert_eq!(
        org.shared.tables.lock().unwrap().batches,
        batches_before + 1,
        "sent as one change set"
    );
    assert_eq!(server_activity(&org, &mine[3].0).unwrap()["statecode"], 1);
    let pilot = server_rows(&org, "annotations")
        .iter()
        .filter(|r| r["notetext"] == "Agreed on a pilot")
        .count();
    assert_eq!(pilot, 1);

    // The org's rules refuse a change: it waits in the outbox as failed, shows on the record's
    // Up Next with the org's message, and lands after Try again once the org accepts it.
    let refused_id: uuid::Uuid = mine[1].0.parse().unwrap();
    org.shared.tables.lock().unwrap().refused.insert(
        refused_id,
        "Business Process Error: a reason code is required".into(),
    );
    nl(&db, &org, &["complete", &mine[1].0]).success();
    let after = synced(&db, &org, &[]).unwrap();
    assert_eq!(after["failed"], 1, "{after}");
    let up = json(&db, &org, &["upnext", &mine[1].1]);
    let issue = &up["syncIssues"][0];
    assert_eq!(issue["activity"], mine[1].0.as_str(), "{up}");
    assert_eq!(issue["conflict"], false);
    assert!(
        issue["message"]
            .as_str()
            .unwrap()
            .contains("reason code is required"),
        "{issue}"
    );
    org.shared.tables.lock().unwrap().refused.clear();
    nl(&db, &org, &["outbox", "--retry", &issue["seq"].to_string()]).success();
    let after = synced(&db, &org, &[]).unwrap();
    assert_eq!(
        (after["failed"].as_u64(), after["pending"].as_u64()),
        (Some(0), Some(0)),
        "{after}"
    );
    assert_eq!(server_activity(&org, &mine[1].0).unwrap()["statecode"], 1);
    assert_eq!(
        json(&db, &org, &["upnext", &mine[1].1])["syncIssues"],
        serde_json::json!([])
    );

    // Sales accelerator steps: Mark complete and Snooze write the step's own row.
    nl(&db, &org, &["complete", &completed_step]).success();
    nl(&db, &org, &["snooze", &snoozed_step, "--until", "+3h"]).success();
    assert_eq!(synced(&db, &org, &[]).unwrap()["pending"], 0);
    let steps = server_rows(&org, "msdyn_sequencetargetsteps");
    let step = |id: &str| {
        steps
            .iter()
            .find(|s| s["msdyn_sequencetargetstepid"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        step(&completed_step)["statuscode"],
        2,
        "completed: {}",
        step(&completed_step)
    );
    assert_eq!(step(&completed_step)["statecode"], 1);
    let due = step(&snoozed_step)["msdyn_duetime"]
        .as_str()
        .unwrap()
        .to_string();
    let due = chrono::DateTime::parse_from_rfc3339(&due).unwrap();
    assert!(
        due > chrono::Utc::now() + chrono::TimeDelta::hours(2),
        "snoozed to {due}"
    );
    assert_eq!(step(&snoozed_step)["statuscode"], 1, "still open");

    // A colleague renames a lead and deletes an activity in Dynamics 365; the delta brings both.
    let lead = server_rows(&org, "leads")[0]["leadid"]
        .as_str()
        .unwrap()
        .to_string();
    {
        let mut t = org.shared.tables.lock().unwrap();
        let mut c = serde_json::Map::new();
        c.insert("subject".into(), "Renamed by a colleague".into());
        t.write("leads", lead.parse().unwrap(), &c);
        let id: uuid::Uuid = mine[2].0.parse().unwrap();
        let set = ["phonecalls", "emails", "appointments", "tasks"]
            .into_iter()
            .find(|s| t.sets.get(*s).is_some_and(|r| r.contains_key(&id)))
            .unwrap();
        t.delete(set, id);
    }
    let delta = synced(&db, &org, &[]).expect("a delta sync");
    assert!(
        delta["pulled"].as_u64().unwrap() < 20,
        "a delta reads only what changed: {delta}"
    );
    assert_eq!(delta["deleted"], 1, "{delta}");
    let renamed = json(&db, &org, &["upnext", &lead]);
    assert_eq!(renamed["record"]["name"], "Renamed by a colleague");
    nl(&db, &org, &["upnext", &mine[2].1]).success();

    // The org forgets the delta tokens: a full read again, nothing lost — and a row deleted in
    // the org meanwhile (no delta will ever say so) goes from the cache too.
    let open = my_open_activities(&db, &org, 2);
    nl(&db, &org, &["note", &open[0].0, "Second note"]).success();
    {
        let mut t = org.shared.tables.lock().unwrap();
        let id: uuid::Uuid = open[1].0.parse().unwrap();
        let set = ["phonecalls", "emails", "appointments", "tasks"]
            .into_iter()
            .find(|s| t.sets.get(*s).is_some_and(|r| r.contains_key(&id)))
            .unwrap();
        t.delete(set, id);
    }
    *org.shared.delta_floor.lock().unwrap() = u64::MAX / 2;
    let again = synced(&db, &org, &[]).expect("a resync");
    assert!(!again["resynced"].as_array().unwrap().is_empty(), "{again}");
    assert_eq!(again["pending"], 0, "{again}");
    assert!(again["deleted"].as_u64().unwrap() >= 1, "{again}");
    let gone = nl(&db, &org, &["complete", &open[1].0]).failure();
    let err = String::from_utf8_lossy(&gone.get_output().stderr).to_string();
    assert!(err.contains("activity_not_found"), "{err}");
    assert!(duplicates(&org).is_empty());
}

#[test]
fn with_a_fifth_of_requests_failing_every_change_lands_exactly_once() {
    let org = start_org(30);
    let (_dir, db) = connected_db(&org);
    synced(&db, &org, &[]).expect("the first sync");
    let mine = my_open_activities(&db, &org, 8);
    assert_eq!(mine.len(), 8);
    let mut texts = Vec::new();
    for (i, (activity, _)) in mine.iter().enumerate() {
        let text = format!("fault test note {i}");
        nl(&db, &org, &["note", activity, &text]).success();
        texts.push(text);
        if i % 2 == 0 {
            nl(&db, &org, &["complete", activity]).success();
        }
    }
    org.shared.faults.lock().unwrap().set(FaultSettings {
        rate: 0.2,
        seed: Some(11),
        kinds: None,
        timeout_ms: Some(2500),
    });
    sync_until_clean(&db, &org, 40);
    assert!(
        org.shared.faults.lock().unwrap().injected > 0,
        "faults were injected"
    );
    org.shared.faults.lock().unwrap().set(FaultSettings {
        rate: 0.0,
        seed: None,
        kinds: None,
        timeout_ms: None,
    });
    let last = sync_until_clean(&db, &org, 3);
    assert_eq!(last["failed"], 0, "{last}");
    assert_eq!(last["conflicts"], 0, "412s are settled by the rule: {last}");
    for text in &texts {
        let n = server_rows(&org, "annotations")
            .iter()
            .filter(|r| r["notetext"] == text.as_str())
            .count();
        assert_eq!(n, 1, "{text} landed exactly once");
    }
    for (i, (activity, _)) in mine.iter().enumerate() {
        let row = server_activity(&org, activity).unwrap();
        let expected = if i % 2 == 0 { 1 } else { 0 };
        assert_eq!(
            row["statecode"].as_i64().unwrap_or(0),
            expected,
            "{activity}: {row}"
        );
    }
    assert!(duplicates(&org).is_empty(), "{:?}", duplicates(&org));
}

#[test]
fn sync_killed_at_random_moments_loses_and_doubles_nothing() {
    let iterations: usize = std::env::var("NEXTLINE_KILL_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let org = start_org(20);
    let (_dir, db) = connected_db(&org);
    synced(&db, &org, &[]).expect("the first sync");
    let mine = my_open_activities(&db, &org, 5);
    org.shared.faults.lock().unwrap().set(FaultSettings {
        rate: 0.1,
        seed: Some(5),
        kinds: None,
        timeout_ms: Some(800),
    });
    let bin = assert_cmd::cargo::cargo_bin("nextline");
    let mut texts = Vec::new();
    for i in 0..iterations {
        let (activity, _) = &mine[i % mine.len()];
        let text = format!("kill test {i}");
        nl(&db, &org, &["note", activity, &text]).success();
        texts.push(text);
        let mut child = Std::new(&bin)
            .env("NEXTLINE_CRM_TOKEN", &org.token)
            .env("NEXTLINE_CRM_TIMEOUT_MS", "1000")
            .arg("--db")
            .arg(&db)
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rand::random_range(0..400)));
        // SIGKILL by pid: no chance to clean up.
        let _ = Std::new("kill")
            .args(["-9", &child.id().to_string()])
            .status();
        let _ = child.wait();
    }
    org.shared.faults.lock().unwrap().set(FaultSettings {
        rate: 0.0,
        seed: None,
        kinds: None,
        timeout_ms: None,
    });
    let last = sync_until_clean(&db, &org, 5);
    assert_eq!(last["failed"], 0, "{last}");
    for text in &texts {
        let n = server_rows(&org, "annotations")
            .iter()
            .filter(|r| r["notetext"] == text.as_str())
            .count();
        assert_eq!(n, 1, "{text}: landed {n} times");
    }
    assert!(duplicates(&org).is_empty(), "{:?}", duplicates(&org));
    // The cache is whole.
    nl(&db, &org, &["outbox", "--all", "--limit", "1000"]).success();
}

#[test]
fn a_real_org_replaces_the_demo_data_and_the_demos_changes_never_reach_it() {
    // An org whose signed-in user is not the demo's seller.
    let org = start_org(10);
    let someone = uuid::Uuid::new_v4();
    {
        let mut t = org.shared.tables.lock().unwrap();
        let mut c = serde_json::Map::new();
        c.insert("fullname".into(), "Dana Seller".into());
        t.write("systemusers", someone, &c);
        *org.shared.user.lock().unwrap() = someone;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nextline.db");
    nl(&db, &org, &["demo", "seed", "--records", "30"]).success();
    let demo_card = json(&db, &org, &["worklist", "--limit", "1"])["cards"][0].clone();
    nl(
        &db,
        &org,
        &[
            "note",
            demo_card["activityId"].as_str().unwrap(),
            "a demo note",
        ],
    )
    .success();

    nl(&db, &org, &["login", "--org", &org.url])
        .success()
        .stdout(predicates::str::contains("Dana Seller"));
    let first = synced(&db, &org, &[]).unwrap();
    assert_eq!(first["landed"], 0, "nothing of the demo was sent: {first}");
    assert!(
        server_rows(&org, "annotations")
            .iter()
            .all(|r| r["notetext"] != "a demo note"),
        "the demo's note never reached the org"
    );
    let users = json(&db, &org, &["users"]);
    assert!(
        users["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["name"] == "Dana Seller"),
        "the org's users replace the demo's: {users}"
    );
    let outbox = json(&db, &org, &["outbox", "--all"]);
    assert!(
        outbox
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["payload"]["note"]["text"] != "a demo note"),
        "the demo's changes are gone with it: {outbox}"
    );
}
