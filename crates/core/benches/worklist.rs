//! Performance targets of the foundation (README "Performance"):
//! at 100,000 records and ~330,000 activities,
//! - the work list's first page (filter + sort, 50 rows) ≤ 5 ms median,
//! - Up Next of one record ≤ 1 ms,
//! - one command (complete, skip, snooze) committed ≤ 2 ms.
//!
//! Run: `scripts/bench` (or `cargo bench -p nextline-core --bench worklist`). The 100k
//! database is generated once into `target/bench-data/` and copied fresh for each run.
//! `NEXTLINE_BENCH_RECORDS` changes the size.

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use nextline_core::{App, FixedClock, Options};
use nextline_domain::due::DueBucket;
use nextline_domain::worklist::{SortKey, WorkListQuery};
use nextline_domain::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

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

fn records() -> usize {
    std::env::var("NEXTLINE_BENCH_RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

/// A pristine generated database (built once), copied to a scratch file for this run.
fn database(rt: &tokio::runtime::Runtime) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let n = records();
    let pristine = dir.join(format!("demo-{n}.db"));
    if !pristine.exists() {
        let building = dir.join(format!("demo-{n}.building.db"));
        let _ = std::fs::remove_file(&building);
        let started = Instant::now();
        rt.block_on(async {
            let app = App::open(&building, options()).await.unwrap();
            app.seed_demo(nextline_demo::DEFAULT_SEED, n).await.unwrap();
            app.store()
                .count("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .unwrap();
            app.store().close().await;
        });
        std::fs::rename(&building, &pristine).unwrap();
        eprintln!(
            "generated {n} records in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let scratch = dir.join(format!("scratch-{n}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", scratch.display()));
    }
    std::fs::copy(&pristine, &scratch).unwrap();
    scratch
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let path = database(&rt);
    let app = rt.block_on(App::open(&path, options())).unwrap();
    let activities = rt
        .block_on(app.store().count("SELECT count(*) FROM activities"))
        .unwrap();
    eprintln!("{} records, {activities} activities", records());

    let filtered = WorkListQuery {
        types: vec![ActivityType::PhoneCall, ActivityType::Email],
        due: vec![DueBucket::Overdue, DueBucket::Today],
        sort: SortKey::Due,
        limit: 50,
        ..WorkListQuery::default()
    };
    let by_name = WorkListQuery {
        sort: SortKey::Name,
        limit: 50,
        ..WorkListQuery::default()
    };
    let searched = WorkListQuery {
        search: Some("παπαδοπουλου".into()),
        limit: 50,
        ..WorkListQuery::default()
    };
    let mut g = c.benchmark_group("worklist_first_page");
    g.bench_function("due_filtered_by_type_and_due", |b| {
        b.to_async(&rt)
            .iter(|| async { app.work_list(None, &filtered).await.unwrap() })
    });
    g.bench_function("all_sorted_by_name", |b| {
        b.to_async(&rt)
            .iter(|| async { app.work_list(None, &by_name).await.unwrap() })
    });
    g.bench_function("searched", |b| {
        b.to_async(&rt)
            .iter(|| async { app.work_list(None, &searched).await.unwrap() })
    });
    g.finish();

    let first = rt
        .block_on(app.work_list(None, &WorkListQuery::default()))
        .unwrap();
    let record = first.cards[0].record_id;
    c.bench_function("upnext_one_record", |b| {
        b.to_async(&rt)
            .iter(|| async { app.up_next(None, record).await.unwrap() })
    });

    // A pool of open activities of mine, one per record, to complete and skip.
    let mut pool: Vec<(ActivityId, ActivityType)> = Vec::new();
    let mut q = WorkListQuery {
        limit: 500,
        ..WorkListQuery::default()
    };
    while pool.len() < 40_000 {
        let page = rt.block_on(app.work_list(None, &q)).unwrap();
        pool.extend(
            page.cards
                .iter()
                .filter(|c| !c.starts_later)
                .map(|c| (c.activity_id, c.activity_type)),
        );
        match page.next_cursor {
            Some(cur) => q.after = Some(cur),
            None => break,
        }
    }
    let snoozable: Vec<ActivityId> = pool
        .iter()
        .filter(|(_, t)| *t != ActivityType::Task)
        .map(|(a, _)| *a)
        .collect();
    let mut next = pool.into_iter().map(|(a, _)| a);
    let mut g = c.benchmark_group("command_committed");
    g.bench_function("complete_with_note", |b| {
        b.to_async(&rt).iter(|| {
            let activity = next.next().expect("enough open activities");
            let app = &app;
            async move {
                app.run(
                    None,
                    Command::Complete {
                        activity,
                        note: Some("Spoke with them".into()),
                    },
                )
                .await
                .unwrap();
            }
        })
    });
    g.bench_function("skip", |b| {
        b.to_async(&rt).iter(|| {
            let activity = next.next().expect("enough open activities");
            let app = &app;
            async move {
                app.run(None, Command::Skip { activity }).await.unwrap();
            }
        })
    });
    let target = snoozable[snoozable.len() / 2];
    let mut minutes = 60;
    g.bench_function("snooze", |b| {
        b.to_async(&rt).iter(|| {
            minutes += 1;
            let until = now() + Duration::minutes(minutes);
            let app = &app;
            async move {
                app.run(
                    None,
                    Command::Snooze {
                        activity: target,
                        until,
                    },
                )
                .await
                .unwrap()
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = foundation;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(foundation);
