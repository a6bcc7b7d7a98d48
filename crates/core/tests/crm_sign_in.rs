//! Signing in to Dynamics 365 with a device code against the test server's token stub, tokens
//! kept only in the secret store and refreshed as they expire (the refresh token rotates), and
//! a refused refresh: the seller must sign in again, and the change waiting is kept.

mod app_lab;

use std::sync::Arc;

use nextline_core::secrets::{MemorySecrets, SecretStore};
use nextline_core::{App, CoreError};
use nextline_crm_server::{Shared, quiet_cuts};
use nextline_dataverse::DataverseError;
use nextline_dataverse::auth::SignInConfig;
use nextline_domain::worklist::WorkListQuery;
use nextline_domain::*;

/// A demo org of `records` on the test server (tokens living `token_secs`), an empty app on a
/// temporary file, a secret store in memory, and sign-in settings for the server's stub.
async fn setup(
    records: usize,
    token_secs: i64,
) -> (
    Shared,
    String,
    tempfile::TempDir,
    App,
    Arc<dyn SecretStore>,
    SignInConfig,
) {
    quiet_cuts();
    let (shared, url) = app_lab::demo_org(records, token_secs);
    let dir = tempfile::tempdir().unwrap();
    let app = app_lab::empty_app(&dir.path().join("nextline.db")).await;
    let config = SignInConfig {
        // An app registration the stub accepts: made up for each run.
        client_id: uuid::Uuid::new_v4().to_string(),
        authority: format!("{url}/organizations"),
    };
    (
        shared,
        url,
        dir,
        app,
        Arc::new(MemorySecrets::default()),
        config,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_code_sign_in_refreshes_tokens_and_a_refused_refresh_keeps_the_changes() {
    // Access tokens that live one second: every request after the first needs a refresh.
    let (shared, url, dir, app, secrets, config) = setup(20, 1).await;
    let (connection, code) = app.crm_sign_in_start(&url, &config).await.unwrap();
    assert_eq!(code.user_code, "NXTL-DEMO", "the code to show the seller");
    assert!(code.verification_uri.ends_with("/devicelogin"));
    let settings = app
        .crm_sign_in_finish(secrets.clone(), connection.clone(), config.clone(), &code)
        .await
        .unwrap();
    assert_eq!(
        settings.user_name.as_deref(),
        Some("Alex Morgan"),
        "WhoAmI and the user's name"
    );
    let key = nextline_core::sync::tokens::key_for(&connection);
    let kept = secrets
        .get(&key)
        .unwrap()
        .expect("the tokens are in the secret store");
    let first: serde_json::Value = serde_json::from_str(&kept).unwrap();
    let db = std::fs::read(dir.path().join("nextline.db")).unwrap();
    let access = first["access_token"].as_str().unwrap();
    assert!(
        !db.windows(access.len()).any(|w| w == access.as_bytes()),
        "no token in the database file"
    );

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let client = app.crm_client(secrets.clone()).await.unwrap();
    app.crm_sync(&client, false, &|_, _, _| {}).await.unwrap();
    assert!(
        shared.tokens.lock().unwrap().refreshes > 0,
        "expired tokens were refreshed"
    );
    let now: serde_json::Value =
        serde_json::from_str(&secrets.get(&key).unwrap().unwrap()).unwrap();
    assert_ne!(
        now["refresh_token"], first["refresh_token"],
        "the new refresh token replaced the old"
    );

    // A change while the sign-in is revoked: the sync asks to sign in again, the change waits.
    let card = app
        .work_list(None, &WorkListQuery::default())
        .await
        .unwrap()
        .cards[0]
        .clone();
    app.run(
        None,
        Command::AddNote {
            activity: card.activity_id,
            text: "written while signed out".into(),
        },
    )
    .await
    .unwrap();
    {
        let mut stub = shared.tokens.lock().unwrap();
        for v in stub.refresh.values_mut() {
            *v = false;
        }
        stub.access.clear();
    }
    let refused = app
        .crm_sync(&client, false, &|_, _, _| {})
        .await
        .unwrap_err();
    assert!(
        matches!(refused, CoreError::Crm(DataverseError::SignInNeeded(_))),
        "{refused:?}"
    );
    assert_eq!(refused.code(), "crm_sign_in_needed");
    let (pending, failed, conflicts) = app.store().outbox_counts().await.unwrap();
    assert_eq!((pending, failed, conflicts), (1, 0, 0), "the change waits");

    // Signing in again sends it.
    let (connection, code) = app.crm_sign_in_start(&url, &config).await.unwrap();
    app.crm_sign_in_finish(secrets.clone(), connection, config, &code)
        .await
        .unwrap();
    let client = app.crm_client(secrets.clone()).await.unwrap();
    app.crm_sync(&client, false, &|_, _, _| {}).await.unwrap();
    assert_eq!(app.store().outbox_counts().await.unwrap(), (0, 0, 0));
    let notes = shared.tables.lock().unwrap().sets["annotations"]
        .values()
        .filter(|r| r.columns["notetext"] == "written while signed out")
        .count();
    assert_eq!(notes, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_sign_in_with_pkce_comes_back_to_the_loopback_port() {
    let (_shared, url, _dir, app, secrets, config) = setup(5, 3600).await;
    let (connection, sign_in) = app.crm_browser_sign_in_start(&url, &config).await.unwrap();
    let open = sign_in.authorize_url.clone();
    assert!(open.contains("code_challenge_method=S256"), "{open}");
    assert!(
        open.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"),
        "{open}"
    );
    assert!(open.contains("offline_access"), "{open}");
    // The "browser": the stub signs in at once and redirects to the loopback listener.
    let browser = tokio::spawn(async move {
        let page = nextline_dataverse::client::http_client(std::time::Duration::from_secs(10))
            .get(open)
            .send()
            .await
            .unwrap();
        page.text().await.unwrap()
    });
    let settings = app
        .crm_browser_sign_in_finish(secrets.clone(), connection.clone(), config, sign_in)
        .await
        .unwrap();
    assert_eq!(settings.user_name.as_deref(), Some("Alex Morgan"));
    assert!(
        browser.await.unwrap().contains("You are signed in"),
        "the tab says so"
    );
    let key = nextline_core::sync::tokens::key_for(&connection);
    assert!(
        secrets.get(&key).unwrap().is_some(),
        "tokens in the secret store"
    );
}
