//! Signing in with Microsoft Entra ID as a public desktop client: the device code flow (the
//! seller types a short code at microsoft.com/devicelogin, from any browser — also how the CLI
//! signs in), and refreshing the access token before it expires. The protocol is the `oauth2`
//! crate's; the tokens go to the OS keyring (the app core's job), never to a file.

use std::time::Duration;

use chrono::{DateTime, Utc};
use oauth2::basic::BasicClient;
use oauth2::{
    ClientId, DeviceAuthorizationUrl, EndpointNotSet, EndpointSet, ExtraDeviceAuthorizationFields,
    RefreshToken, RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use crate::client::{Connection, http_client};
use crate::error::DataverseError;

/// Microsoft's sample public client ("register your own app" — set yours in Settings or with
/// `--client-id`).
pub const SAMPLE_CLIENT_ID: &str = "51f81489-12ee-4a9e-aaae-a2591f45987d";
/// Work and school accounts of any tenant.
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com/organizations";

/// The tokens of one sign-in.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Tokens {
    /// Refresh this long before the access token expires.
    pub const REFRESH_EARLY: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

    pub fn needs_refresh(&self, now: DateTime<Utc>) -> bool {
        now + Self::REFRESH_EARLY >= self.expires_at
    }
}

/// Where to sign in and as which app.
#[derive(Debug, Clone)]
pub struct SignInConfig {
    pub client_id: String,
    /// `https://login.microsoftonline.com/{tenant}` (tests: the test server's token stub).
    pub authority: String,
}

impl Default for SignInConfig {
    fn default() -> Self {
        SignInConfig {
            client_id: SAMPLE_CLIENT_ID.into(),
            authority: DEFAULT_AUTHORITY.into(),
        }
    }
}

/// What the seller is shown: go to `verification_uri`, type `user_code`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    pub message: String,
    pub expires_at: DateTime<Utc>,
    details: oauth2::DeviceAuthorizationResponse<EntraFields>,
}

/// Entra ID adds a ready-made `message` to the device authorization answer.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct EntraFields {
    #[serde(default)]
    pub message: Option<String>,
}
impl ExtraDeviceAuthorizationFields for EntraFields {}

type DeviceClient =
    BasicClient<EndpointNotSet, EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

fn oauth_client(config: &SignInConfig) -> Result<DeviceClient, DataverseError> {
    let base = config.authority.trim_end_matches('/');
    let bad = |e: oauth2::url::ParseError| DataverseError::BadUrl(format!("{base}: {e}"));
    Ok(BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_device_authorization_url(
            DeviceAuthorizationUrl::new(format!("{base}/oauth2/v2.0/devicecode")).map_err(bad)?,
        )
        .set_token_uri(TokenUrl::new(format!("{base}/oauth2/v2.0/token")).map_err(bad)?))
}

/// oauth2's requests, sent with our reqwest client.
async fn send(request: oauth2::HttpRequest) -> Result<oauth2::HttpResponse, HttpFailed> {
    let http = http_client(Duration::from_secs(30));
    let (parts, body) = request.into_parts();
    let mut req = http.request(parts.method, parts.uri.to_string()).body(body);
    for (k, v) in parts.headers.iter() {
        req = req.header(k, v);
    }
    let resp = req.send().await.map_err(|e| HttpFailed(e.to_string()))?;
    let mut builder = http::Response::builder().status(resp.status());
    for (k, v) in resp.headers() {
        builder = builder.header(k, v);
    }
    let bytes = resp.bytes().await.map_err(|e| HttpFailed(e.to_string()))?;
    builder
        .body(bytes.to_vec())
        .map_err(|e| HttpFailed(e.to_string()))
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpFailed(String);

fn token_error<RE: std::error::Error + 'static, T: oauth2::ErrorResponse + 'static>(
    e: RequestTokenError<RE, T>,
) -> DataverseError {
    match e {
        RequestTokenError::ServerResponse(r) => DataverseError::SignInNeeded(r.to_string()),
        RequestTokenError::Request(e) => DataverseError::Offline(e.to_string()),
        RequestTokenError::Parse(e, _) => DataverseError::Unreadable(e.to_string()),
        RequestTokenError::Other(s) => DataverseError::Unreadable(s),
    }
}

fn tokens_of(
    t: &oauth2::basic::BasicTokenResponse,
    now: DateTime<Utc>,
    old_refresh: Option<&str>,
) -> Tokens {
    let lifetime = t.expires_in().unwrap_or(Duration::from_secs(3600));
    Tokens {
        access_token: t.access_token().secret().clone(),
        // The new refresh token always replaces the old; an answer without one keeps the old.
        refresh_token: t
            .refresh_token()
            .map(|r| r.secret().clone())
            .or_else(|| old_refresh.map(str::to_string)),
        expires_at: now
            + chrono::TimeDelta::from_std(lifetime).unwrap_or(chrono::TimeDelta::hours(1)),
    }
}

fn scopes(connection: &Connection) -> Vec<Scope> {
    connection.scopes().into_iter().map(Scope::new).collect()
}

/// Step 1: ask for a device code to show the seller.
pub async fn start_device_sign_in(
    config: &SignInConfig,
    connection: &Connection,
) -> Result<DeviceCode, DataverseError> {
    let client = oauth_client(config)?;
    let details: oauth2::DeviceAuthorizationResponse<EntraFields> = client
        .exchange_device_code()
        .add_scopes(scopes(connection))
        .request_async(&send)
        .await
        .map_err(token_error)?;
    let expires_at =
        Utc::now() + chrono::TimeDelta::from_std(details.expires_in()).unwrap_or_default();
    Ok(DeviceCode {
        user_code: details.user_code().secret().clone(),
        verification_uri: details.verification_uri().to_string(),
        message: details.extra_fields().message.clone().unwrap_or_else(|| {
            format!(
                "Open {} and enter the code {}.",
                details.verification_uri().as_str(),
                details.user_code().secret()
            )
        }),
        expires_at,
        details,
    })
}

/// Step 2: wait (polling as often as Entra allows) until the seller has signed in.
pub async fn finish_device_sign_in(
    config: &SignInConfig,
    code: &DeviceCode,
) -> Result<Tokens, DataverseError> {
    let client = oauth_client(config)?;
    let token = client
        .exchange_device_access_token(&code.details)
        .request_async(&send, tokio::time::sleep, None)
        .await
        .map_err(token_error)?;
    Ok(tokens_of(&token, Utc::now(), None))
}

/// A fresh access token from the refresh token. Refused: the seller must sign in again.
pub async fn refresh(
    config: &SignInConfig,
    connection: &Connection,
    refresh_token: &str,
) -> Result<Tokens, DataverseError> {
    let client = oauth_client(config)?;
    let token = client
        .exchange_refresh_token(&RefreshToken::new(refresh_token.to_string()))
        .add_scopes(scopes(connection))
        .request_async(&send)
        .await
        .map_err(token_error)?;
    Ok(tokens_of(&token, Utc::now(), Some(refresh_token)))
}

/// The authorization code flow with PKCE and a loopback redirect: the seller signs in in the
/// system browser, which comes back to `http://127.0.0.1:<port>/` on a listener of ours.
pub struct BrowserSignIn {
    /// Open this in the system browser.
    pub authorize_url: String,
    listener: tokio::net::TcpListener,
    redirect: String,
    state: String,
    verifier: oauth2::PkceCodeVerifier,
}

type CodeClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

fn code_client(config: &SignInConfig, redirect: &str) -> Result<CodeClient, DataverseError> {
    let base = config.authority.trim_end_matches('/');
    let bad = |e: oauth2::url::ParseError| DataverseError::BadUrl(format!("{base}: {e}"));
    Ok(BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(oauth2::AuthUrl::new(format!("{base}/oauth2/v2.0/authorize")).map_err(bad)?)
        .set_token_uri(TokenUrl::new(format!("{base}/oauth2/v2.0/token")).map_err(bad)?)
        .set_redirect_uri(oauth2::RedirectUrl::new(redirect.to_string()).map_err(bad)?))
}

/// Step 1: listen on a free loopback port and make the URL to open.
pub async fn start_browser_sign_in(
    config: &SignInConfig,
    connection: &Connection,
) -> Result<BrowserSignIn, DataverseError> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| DataverseError::Offline(format!("no loopback port: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| DataverseError::Offline(e.to_string()))?
        .port();
    // Microsoft recommends 127.0.0.1 over localhost; the port is ignored when matching.
    let redirect = format!("http://127.0.0.1:{port}/");
    let client = code_client(config, &redirect)?;
    let (challenge, verifier) = oauth2::PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(oauth2::CsrfToken::new_random)
        .add_scopes(scopes(connection))
        .set_pkce_challenge(challenge)
        .add_extra_param("prompt", "select_account")
        .url();
    Ok(BrowserSignIn {
        authorize_url: url.to_string(),
        listener,
        redirect,
        state: state.secret().clone(),
        verifier,
    })
}

/// The query of the browser's request to the loopback listener.
async fn wait_for_redirect(
    listener: &tokio::net::TcpListener,
) -> Result<Vec<(String, String)>, DataverseError> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    loop {
        let (mut socket, _) = listener
            .accept()
            .await
            .map_err(|e| DataverseError::Offline(e.to_string()))?;
        let mut buf = vec![0u8; 8192];
        let n = socket.read(&mut buf).await.unwrap_or(0);
        let request = String::from_utf8_lossy(&buf[..n]);
        let target = request.split_whitespace().nth(1).unwrap_or("/");
        let Ok(url) = url::Url::parse(&format!("http://127.0.0.1{target}")) else {
            continue;
        };
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        if !query.iter().any(|(k, _)| k == "code" || k == "error") {
            // A favicon or another stray request.
            let _ = socket
                .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .await;
            continue;
        }
        let ok = query.iter().any(|(k, _)| k == "code");
        let page = if ok {
            "<!doctype html><meta charset=utf-8><title>Nextline</title><p>You are signed in. You can close this tab and go back to Nextline.</p>"
        } else {
            "<!doctype html><meta charset=utf-8><title>Nextline</title><p>The sign-in did not finish. Go back to Nextline and try again.</p>"
        };
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = socket.write_all(answer.as_bytes()).await;
        return Ok(query);
    }
}

/// Step 2: wait for the browser to come back, check `state`, redeem the code with the PKCE
/// verifier (a public client sends no secret).
pub async fn finish_browser_sign_in(
    config: &SignInConfig,
    sign_in: BrowserSignIn,
) -> Result<Tokens, DataverseError> {
    let query = wait_for_redirect(&sign_in.listener).await?;
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if let Some(error) = get("error") {
        return Err(DataverseError::SignInNeeded(format!(
            "{error}: {}",
            get("error_description").unwrap_or_default()
        )));
    }
    if get("state").as_deref() != Some(sign_in.state.as_str()) {
        return Err(DataverseError::SignInNeeded(
            "the sign-in answer did not match (state)".into(),
        ));
    }
    let code = get("code").ok_or_else(|| DataverseError::SignInNeeded("no code".into()))?;
    let client = code_client(config, &sign_in.redirect)?;
    let token = client
        .exchange_code(oauth2::AuthorizationCode::new(code))
        .set_pkce_verifier(sign_in.verifier)
        .request_async(&send)
        .await
        .map_err(token_error)?;
    Ok(tokens_of(&token, Utc::now(), None))
}
