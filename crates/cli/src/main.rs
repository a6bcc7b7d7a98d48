//! `nextline`: the app core without the window.

mod answer;
mod args;
mod call;
mod crm;
mod error;
mod reminders;
mod show;
mod when;

use args::*;
use clap::Parser;
use error::CliError;
use nextline_core::{App, FixedClock, Options, SystemClock, default_db_path};
use nextline_domain::due::DueBucket;
use nextline_domain::worklist::{GroupBy, OwnerFilter, SortKey, WorkListQuery};
use nextline_domain::*;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Diagnostics for support, only when asked for (`RUST_LOG=debug`): on stderr, so `--json`
    // output on stdout stays clean.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let lang = cli
        .lang
        .clone()
        .or_else(|| std::env::var("LANG").ok())
        .map_or(Lang::En, |l| Lang::from_locale(&l));
    // A call runs the SIP connection, WebRTC and audio side by side: give it two threads.
    let rt = if matches!(
        cli.command,
        Cmd::Call(_) | Cmd::Phone(_) | Cmd::Text(_) | Cmd::Sync { .. } | Cmd::Login { .. }
    ) {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    };
    let rt = match rt {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli, lang)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}: {}", e.code(), e.message(lang));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, lang: Lang) -> Result<(), CliError> {
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    let clock: Arc<dyn nextline_core::Clock> = match &cli.now {
        Some(t) => Arc::new(FixedClock(
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|_| CliError::InvalidTime(t.clone()))?
                .with_timezone(&chrono::Utc),
        )),
        None => Arc::new(SystemClock),
    };
    let app = App::open(
        &db,
        Options {
            seed_demo_if_empty: false,
            clock,
            lang,
        },
    )
    .await?;
    let who = match &cli.as_user {
        Some(u) => Some(app.find_user(u).await?),
        None => None,
    };
    let out = show::Out {
        json: cli.json,
        lang,
        now: app.now(),
    };
    let result = dispatch(&app, who, cli.command, &out).await;
    app.store().close().await;
    result
}

async fn dispatch(
    app: &App,
    who: Option<UserId>,
    cmd: Cmd,
    out: &show::Out,
) -> Result<(), CliError> {
    match cmd {
        Cmd::Demo(DemoCmd::Seed { records, seed }) => {
            app.seed_demo(seed, records).await?;
            out.seeded(app).await
        }
        Cmd::Worklist(a) => {
            let query = worklist_query(app, a).await?;
            let page = app.work_list(who, &query).await?;
            let total = app.work_list_count(who, &query).await?;
            out.work_list(&query, &page, total)
        }
        Cmd::Upnext { record } => {
            let id = app.find_record(&record).await?;
            out.up_next(&app.up_next(who, id).await?)
        }
        Cmd::Complete { activity, note } => {
            let activity = app.find_activity(&activity).await?;
            out.done(
                app,
                app.run(who, Command::Complete { activity, note }).await?,
            )
            .await
        }
        Cmd::Skip { activity } => {
            let activity = app.find_activity(&activity).await?;
            out.done(app, app.run(who, Command::Skip { activity }).await?)
                .await
        }
        Cmd::Snooze { activity, until } => {
            let activity = app.find_activity(&activity).await?;
            let tz = app.settings().await?.tz();
            let until =
                when::parse_time(&until, tz, app.now()).ok_or(CliError::InvalidTime(until))?;
            out.done(
                app,
                app.run(who, Command::Snooze { activity, until }).await?,
            )
            .await
        }
        Cmd::Assign { activity, to } => {
            let activity = app.find_activity(&activity).await?;
            let to = app.find_assignee(&to).await?;
            out.done(app, app.run(who, Command::Assign { activity, to }).await?)
                .await
        }
        Cmd::Note { activity, text } => {
            let activity = app.find_activity(&activity).await?;
            out.done(
                app,
                app.run(who, Command::AddNote { activity, text }).await?,
            )
            .await
        }
        Cmd::Owner { record, to } => {
            let record = app.find_record(&record).await?;
            let to = app.find_user(&to).await?;
            out.done(
                app,
                app.run(who, Command::ChangeOwner { record, to }).await?,
            )
            .await
        }
        Cmd::Timeline { record, limit } => {
            let id = app.find_record(&record).await?;
            out.timeline(app, &app.timeline(id, limit).await?).await
        }
        Cmd::Dialplan { record } => {
            let id = app.find_record(&record).await?;
            out.dial_plan(&app.dial_plan(id).await?)
        }
        Cmd::Outbox {
            retry: Some(seq), ..
        } => {
            app.store()
                .outbox_retry(seq, false)
                .await
                .map_err(nextline_core::CoreError::from)?;
            println!("Change {seq} is sent again at the next sync.");
            Ok(())
        }
        Cmd::Outbox {
            limit, all: true, ..
        } => out.outbox(&app.store().outbox(limit).await?),
        Cmd::Outbox {
            limit, all: false, ..
        } => out.outbox(&app.store().unsent_outbox(limit).await?),
        Cmd::Login {
            org,
            device_code: _,
            client_id,
            authority,
        } => crm::login(app, &org, client_id, authority, out.json).await,
        Cmd::Sync { full } => crm::sync(app, full, out.json).await,
        Cmd::Logout => crm::logout(app).await,
        Cmd::Users => out.users(&app.directory().await?),
        Cmd::Reminders { r#for } => reminders::run(app, r#for, out.json).await,
        Cmd::Drafts => {
            let drafts = app
                .store()
                .email_drafts()
                .await
                .map_err(nextline_core::CoreError::from)?;
            if out.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&drafts).unwrap_or_default()
                );
            } else if drafts.is_empty() {
                println!("No drafts.");
            } else {
                for d in &drafts {
                    let when = d
                        .saved_at
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default();
                    println!(
                        "{}  {}  to {}  ({when})",
                        d.record,
                        d.subject,
                        d.to.join(", ")
                    );
                }
            }
            Ok(())
        }
        Cmd::Call(args) => call::call(app, args, out.json).await,
        Cmd::Phone(PhoneCmd::Register { sip }) => call::register(app, &sip, out.json).await,
        Cmd::Phone(PhoneCmd::Answer { sip, tone, calls }) => {
            answer::answer(app, &sip, tone, calls, out.json).await
        }
        Cmd::Text(TextCmd::Send {
            target,
            message,
            sip,
        }) => call::send_text(app, &sip, &target, &message, out.json).await,
        Cmd::SipPassword { account, delete } => call::sip_password(&account, delete),
    }
}

async fn worklist_query(app: &App, a: WorklistArgs) -> Result<WorkListQuery, CliError> {
    let types = a
        .types
        .iter()
        .map(|t| {
            ActivityType::parse(t).ok_or_else(|| CliError::InvalidValue(t.clone(), "activity type"))
        })
        .collect::<Result<_, _>>()?;
    let due = a
        .due
        .iter()
        .map(|d| DueBucket::parse(d).ok_or_else(|| CliError::InvalidValue(d.clone(), "due bucket")))
        .collect::<Result<_, _>>()?;
    let record_kinds = a
        .kind
        .iter()
        .map(|k| {
            RecordKind::parse(k).ok_or_else(|| CliError::InvalidValue(k.clone(), "record type"))
        })
        .collect::<Result<_, _>>()?;
    let owner = match a.owner.as_str() {
        "anyone" | "any" => OwnerFilter::Anyone,
        "me" => OwnerFilter::Me,
        "not-me" | "notMe" | "others" => OwnerFilter::NotMe,
        user => OwnerFilter::User(app.find_user(user).await?),
    };
    Ok(WorkListQuery {
        types,
        due,
        record_kinds,
        owner,
        search: a.search,
        sort: match a.sort {
            Sort::Due => SortKey::Due,
            Sort::Name => SortKey::Name,
            Sort::Score => SortKey::Score,
            Sort::RecordType => SortKey::RecordKind,
            Sort::LastContacted => SortKey::LastContacted,
        },
        descending: a.desc,
        group_by: a.group.map(|g| match g {
            Group::Due => GroupBy::DueBucket,
            Group::Type => GroupBy::ActivityType,
        }),
        limit: a.limit.min(nextline_store::MAX_PAGE),
        after: a.after,
    })
}
