//! Shared by the app core's integration tests: an app on a fresh cache, and a
//! Dataverse-compatible org with demo records. (Each test file uses what it needs.)
#![allow(dead_code)]

use std::path::Path;

use nextline_core::{App, Options};
use nextline_crm_server::faults::Faults;
use nextline_crm_server::{Shared, demo, org, serve_in_background};

/// The app on a new cache file at `db`, without demo data.
pub async fn empty_app(db: &Path) -> App {
    App::open(
        db,
        Options {
            seed_demo_if_empty: false,
            ..Options::default()
        },
    )
    .await
    .unwrap()
}

/// An org with `records` demo leads and opportunities, signed in as their owner (tokens last
/// `token_secs`), served on a free port: its state and its URL.
pub fn demo_org(records: usize, token_secs: i64) -> (Shared, String) {
    let shared = org(uuid::Uuid::nil(), Faults::new(0.0, 1), token_secs, None);
    {
        let mut t = shared.tables.lock().unwrap();
        let me = demo::load(&mut t, records, chrono::Utc::now());
        *shared.user.lock().unwrap() = me.0;
    }
    let url = serve_in_background(shared.clone());
    (shared, url)
}
