//! A crash or kill at any moment leaves the cache whole: every command is either wholly there
//! (activity, note, timeline, next step, outbox rows, work-list index) or wholly absent.
//!
//! The test re-runs its own binary as a child that works through the work list as fast as it
//! can, kills it with SIGKILL at varied moments, and checks the file after each kill.

use chrono::{DateTime, Utc};
use nextline_core::{App, FixedClock, Options};
use nextline_domain::worklist::{WorkListQuery, work_list};
use nextline_domain::*;
use std::process::{Command as Process, Stdio};
use std::sync::Arc;
use std::time::Duration;

const DB_ENV: &str = "NEXTLINE_CHURN_DB";

fn now() -> DateTime<Utc> {
    "2026-11-25T08:00:00Z".parse().unwrap()
}

fn options() -> Options {
    Options {
        seed_demo_if_empty: false,
        clock: Arc::new(FixedClock(now())),
        lang: Lang::En,
    }
}

/// The child: complete, skip and snooze whatever is on the work list, forever.
#[test]
fn churn_child() {
    let Some(db) = std::env::var_os(DB_ENV) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = App::open(db.as_ref(), options()).await.unwrap();
        let mut n = 0u64;
        loop {
            let page = app
                .work_list(
                    None,
                    &WorkListQuery {
                        limit: 100,
                        ..WorkListQuery::default()
                    },
                )
                .await
                .unwrap();
            if page.cards.is_empty() {
                return;
            }
            for card in page.cards {
                n += 1;
                let activity = card.activity_id;
                let command = match n % 3 {
                    0 => Command::Skip { activity },
                    1 => Command::Complete {
                        activity,
                        note: Some(format!("note {n}")),
                    },
                    _ => Command::Snooze {
                        activity,
                        until: now() + chrono::Duration::days(40),
                    },
                };
                let _ = app.run(None, command).await; // refusals are fine
            }
        }
    });
}

async fn check_whole(path: &std::path::Path) -> i64 {
    let app = App::open(path, options()).await.unwrap();
    let store = app.store();
    store
        .check_integrity()
        .await
        .expect("integrity_check and foreign keys");
    // Every closed activity has its timeline entry, and every changed one its outbox row.
    let orphans = store
        .count(
            "SELECT count(*) FROM activities a WHERE a.state <> 'open' AND NOT EXISTS
               (SELECT 1 FROM timeline t WHERE json_extract(t.event, '$.activity') = a.id)",
        )
        .await
        .unwrap();
    assert_eq!(orphans, 0, "closed activities without a timeline entry");
    let unqueued = store
        .count(
            "SELECT count(*) FROM activities a WHERE a.version > 1 AND NOT EXISTS
               (SELECT 1 FROM outbox o WHERE o.entity_id = a.id)",
        )
        .await
        .unwrap();
    assert_eq!(unqueued, 0, "changed activities missing from the outbox");
    let notes_unqueued = store
        .count(&format!(
            "SELECT count(*) FROM notes n WHERE n.created_at >= {} -- notes written by commands, not the demo's history
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = n.id)",
            now().timestamp_millis()
        ))
        .await
        .unwrap();
    assert_eq!(notes_unqueued, 0, "notes missing from the outbox");
    // A closed sequence step is always followed by the next step (or the sequence's end).
    let stalled = store
        .count(
            "SELECT count(*) FROM activities a JOIN records r ON r.id = a.record_id
             WHERE a.version > 1 AND a.step_index IS NOT NULL AND a.state IN ('completed', 'skipped')
               AND NOT EXISTS (SELECT 1 FROM activities b WHERE b.record_id = a.record_id AND b.step_index > a.step_index)
               AND NOT EXISTS (SELECT 1 FROM timeline t WHERE t.record_id = a.record_id AND t.kind = 'sequenceFinished')",
        )
        .await
        .unwrap();
    assert_eq!(stalled, 0, "a step closed without the next one starting");
    // The work-list index agrees with the rules for every record.
    let dir = app.directory().await.unwrap();
    let me = dir.actor(app.current_user().await.unwrap()).unwrap();
    let settings = app.settings().await.unwrap();
    let mut states = Vec::new();
    for id in store.record_ids().await.unwrap() {
        states.push(store.record_state(id).await.unwrap());
    }
    let q = WorkListQuery {
        limit: 500,
        ..WorkListQuery::default()
    };
    let expected = work_list(&me, &dir, &states, &q, &settings, now());
    let mut got = Vec::new();
    let mut page = app.work_list(None, &q).await.unwrap();
    loop {
        got.extend(page.cards);
        match page.next_cursor {
            Some(c) => {
                page = app
                    .work_list(
                        None,
                        &WorkListQuery {
                            after: Some(c),
                            ..q.clone()
                        },
                    )
                    .await
                    .unwrap()
            }
            None => break,
        }
    }
    assert_eq!(
        got, expected,
        "work-list index out of step with the records"
    );
    let changes = store.count("SELECT count(*) FROM outbox").await.unwrap();
    store.close().await;
    changes
}

#[test]
fn a_kill_at_any_moment_leaves_each_command_whole_or_absent() {
    if std::env::var_os(DB_ENV).is_some() {
        return; // we are the child
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nextline.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = App::open(&path, options()).await.unwrap();
        app.seed_demo(nextline_demo::DEFAULT_SEED, 400)
            .await
            .unwrap();
        app.store().close().await;
    });
    let exe = std::env::current_exe().unwrap();
    let mut last = 0;
    let iterations: u64 = std::env::var("NEXTLINE_KILL_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    for i in 0..iterations {
        let mut child = Process::new(&exe)
            .args(["churn_child", "--exact", "--test-threads=1", "--nocapture"])
            .env(DB_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Varied moments: from during start-up to well into the work.
        let wait = 60 + (i * 7919) % 700;
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let changes = rt.block_on(check_whole(&path));
        assert!(
            changes >= last,
            "the outbox never shrinks: {changes} < {last}"
        );
        last = changes;
    }
    assert!(
        last > 20,
        "the child got some work done before being killed ({last} changes)"
    );
}
