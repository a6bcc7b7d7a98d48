//! A change committed by another process (here: another App on the same file, as the CLI
//! would be) reaches subscribers of the window's app core, naming the record.

use nextline_core::{App, FixedClock, Options};
use nextline_domain::worklist::WorkListQuery;
use nextline_domain::*;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_from_another_process_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nextline.db");
    let opts = || Options {
        seed_demo_if_empty: false,
        clock: Arc::new(FixedClock("2026-11-25T08:00:00Z".parse().unwrap())),
        lang: Lang::En,
    };
    let window = App::open(&path, opts()).await.unwrap();
    window.seed_demo(7, 50).await.unwrap();
    let mut changes = window.subscribe();
    let _watch = window.watch_changes().await.unwrap();

    let cli = App::open(&path, opts()).await.unwrap();
    let card = cli
        .work_list(None, &WorkListQuery::default())
        .await
        .unwrap()
        .cards[0]
        .clone();
    cli.run(
        None,
        Command::AddNote {
            activity: card.activity_id,
            text: "from the CLI".into(),
        },
    )
    .await
    .unwrap();

    let got = tokio::time::timeout(Duration::from_secs(5), changes.recv())
        .await
        .expect("an event")
        .unwrap();
    assert_eq!(got.records, vec![card.record_id]);
    // Nothing more until the next commit.
    assert!(
        tokio::time::timeout(Duration::from_millis(600), changes.recv())
            .await
            .is_err()
    );
}
