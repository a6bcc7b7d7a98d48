//! `nextline login`, `sync`, `logout`: Dynamics 365 from the command line.

use std::sync::Arc;

use nextline_core::App;
use nextline_core::secrets::OsKeyring;
use nextline_core::sync::TOKEN_ENV;
use nextline_dataverse::Table;
use nextline_dataverse::auth::SignInConfig;
use nextline_dataverse::client::FixedToken;
use serde_json::json;

use crate::error::CliError;

pub async fn login(
    app: &App,
    org: &str,
    client_id: String,
    authority: String,
    json: bool,
) -> Result<(), CliError> {
    let config = SignInConfig {
        client_id,
        authority,
    };
    let settings = match std::env::var(TOKEN_ENV) {
        Ok(token) if !token.is_empty() => {
            let connection = nextline_dataverse::Connection::for_org(org)
                .map_err(nextline_core::CoreError::from)?;
            app.crm_connected(connection, config, Arc::new(FixedToken(token)))
                .await?
        }
        _ => {
            let (connection, code) = app.crm_sign_in_start(org, &config).await?;
            if json {
                println!(
                    "{}",
                    json!({ "event": "deviceCode", "userCode": code.user_code, "verificationUri": code.verification_uri })
                );
            } else {
                eprintln!("{}", code.message);
            }
            app.crm_sign_in_finish(Arc::new(OsKeyring), connection, config, &code)
                .await?
        }
    };
    let who = settings.user_name.clone().unwrap_or_else(|| "?".into());
    if json {
        println!(
            "{}",
            json!({ "event": "signedIn", "org": settings.org_url, "user": who })
        );
    } else {
        println!("Signed in to {} as {who}.", settings.org_url);
    }
    Ok(())
}

pub async fn sync(app: &App, full: bool, json: bool) -> Result<(), CliError> {
    let client = app.crm_client(Arc::new(OsKeyring)).await?;
    let progress = move |table: Table, rows: u32, _done: u32| {
        if json {
            println!(
                "{}",
                json!({ "event": "page", "table": table.set(), "rows": rows })
            );
        }
    };
    let started = std::time::Instant::now();
    let report = app.crm_sync(&client, full, &progress).await?;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let (pending, failed, conflicts) = app.store().outbox_counts().await?;
    if json {
        println!(
            "{}",
            json!({
                "event": "synced",
                "pulled": report.pulled.rows,
                "deleted": report.pulled.deleted,
                "keptLocal": report.pulled.kept_local,
                "missingTables": report.pulled.missing,
                "resynced": report.pulled.resynced,
                "landed": report.pushed.landed,
                "failed": failed,
                "conflicts": conflicts,
                "pending": pending,
                "elapsedMs": elapsed_ms,
                "pullMs": report.pull_ms,
                "pushMs": report.push_ms,
            })
        );
    } else {
        println!(
            "Read {} rows ({} deleted); sent {} changes; {pending} pending, {failed} failed, {conflicts} in conflict.",
            report.pulled.rows, report.pulled.deleted, report.pushed.landed
        );
        if !report.pulled.missing.is_empty() {
            println!(
                "This organization has no {}: everything else synced.",
                report.pulled.missing.join(", ")
            );
        }
    }
    Ok(())
}

pub async fn logout(app: &App) -> Result<(), CliError> {
    app.crm_sign_out(Arc::new(OsKeyring)).await?;
    println!("Signed out. Changes waiting to be sent stay on this computer.");
    Ok(())
}
