//! The TypeScript types the window uses are generated from the Rust types (ts-rs) and checked
//! in at `ui/src/ipc/bindings/`. This test fails when they drift; `UPDATE_BINDINGS=1 cargo
//! test -p nextline-core --test bindings` regenerates them.

use nextline_core::*;
use nextline_domain::dialplan::DialPlan;
use nextline_domain::worklist::{WorkListPage, WorkListQuery};
use nextline_domain::{Command, Team, TimelineEntry, User};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

fn export(dir: &Path) {
    let cfg = Config::new().with_out_dir(dir);
    AppInfo::export_all(&cfg).unwrap();
    ErrorPayload::export_all(&cfg).unwrap();
    WorkListQuery::export_all(&cfg).unwrap();
    WorkListPage::export_all(&cfg).unwrap();
    UpNextView::export_all(&cfg).unwrap();
    CommandDone::export_all(&cfg).unwrap();
    Changed::export_all(&cfg).unwrap();
    Command::export_all(&cfg).unwrap();
    TimelineEntry::export_all(&cfg).unwrap();
    DialPlan::export_all(&cfg).unwrap();
    DirectoryView::export_all(&cfg).unwrap();
    User::export_all(&cfg).unwrap();
    Team::export_all(&cfg).unwrap();
    softphone::PhoneStatus::export_all(&cfg).unwrap();
    softphone::PhoneAccountView::export_all(&cfg).unwrap();
    softphone::AccountProblem::export_all(&cfg).unwrap();
    softphone::AudioDevices::export_all(&cfg).unwrap();
    softphone::DeviceSelection::export_all(&cfg).unwrap();
    softphone::CallRequest::export_all(&cfg).unwrap();
    sync::SyncStatus::export_all(&cfg).unwrap();
    sync::OutboxItem::export_all(&cfg).unwrap();
    desktop_prefs::DesktopPrefs::export_all(&cfg).unwrap();
    call_links::CallLink::export_all(&cfg).unwrap();
    activity_clock::TrayView::export_all(&cfg).unwrap();
    email::EmailComposer::export_all(&cfg).unwrap();
    email::EmailSettings::export_all(&cfg).unwrap();
    email::EmailSettingsView::export_all(&cfg).unwrap();
    email::SendEmailRequest::export_all(&cfg).unwrap();
    texts::Conversation::export_all(&cfg).unwrap();
    texts::TextSettings::export_all(&cfg).unwrap();
    texts::TextSettingsView::export_all(&cfg).unwrap();
    texts::SendTextRequest::export_all(&cfg).unwrap();
}

fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ts") {
                out.insert(
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn checked_in_bindings_match_the_rust_types() {
    let checked_in = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/ipc/bindings");
    let fresh = tempfile::tempdir().unwrap();
    export(fresh.path());
    let want = files(fresh.path());
    assert!(
        want.len() > 20,
        "expected the whole set of types, got {}",
        want.len()
    );
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&checked_in);
        std::fs::create_dir_all(&checked_in).unwrap();
        for (name, text) in &want {
            std::fs::write(checked_in.join(name), text).unwrap();
        }
        return;
    }
    let have = files(&checked_in);
    let missing: Vec<_> = want.keys().filter(|k| !have.contains_key(*k)).collect();
    let stale: Vec<_> = have.keys().filter(|k| !want.contains_key(*k)).collect();
    let changed: Vec<_> = want
        .iter()
        .filter(|(k, v)| have.get(*k).is_some_and(|h| h != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty() && changed.is_empty(),
        "ui/src/ipc/bindings drifted from the Rust types (missing {missing:?}, stale {stale:?}, changed {changed:?}).\n\
         Regenerate: UPDATE_BINDINGS=1 cargo test -p nextline-core --test bindings"
    );
}
