//! The HTTP side: the headers Dataverse requires, the bearer token, paging and change
//! tracking, conditional writes, and the retry rules of [`crate::retry`].

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use serde_json::Value;
use url::Url;
use uuid::Uuid;

use crate::error::{DataverseError, error_body};
use crate::page::{Page, Row, parse_page, parse_row};
use crate::retry::{Attempt, Decision, RetryPolicy};
use crate::tables::Table;

/// Where access tokens come from (the keyring and the token endpoint, or a fixed token for
/// automation). `fresh`: the last one was refused, get a new one.
pub trait TokenSource: Send + Sync {
    fn token(
        &self,
        fresh: bool,
    ) -> Pin<Box<dyn Future<Output = Result<String, DataverseError>> + Send + '_>>;
}

/// A fixed access token (automation and tests: `NEXTLINE_CRM_TOKEN`).
pub struct FixedToken(pub String);

impl TokenSource for FixedToken {
    fn token(
        &self,
        _fresh: bool,
    ) -> Pin<Box<dyn Future<Output = Result<String, DataverseError>> + Send + '_>> {
        let t = self.0.clone();
        Box::pin(async move { Ok(t) })
    }
}

/// An org: `https://contoso.crm.dynamics.com` → its Web API root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The org URL the seller typed, normalised (`https://contoso.crm.dynamics.com`).
    pub org: Url,
    /// `…/api/data/v9.2/`.
    pub api: Url,
}

impl Connection {
    pub fn for_org(org: &str) -> Result<Connection, DataverseError> {
        let mut text = org.trim().trim_end_matches('/').to_string();
        if !text.contains("://") {
            text = format!("https://{text}");
        }
        let org = Url::parse(&text).map_err(|_| DataverseError::BadUrl(org.to_string()))?;
        let local = matches!(org.host_str(), Some("127.0.0.1" | "localhost"));
        if org.host_str().is_none() || (org.scheme() != "https" && !local) {
            return Err(DataverseError::BadUrl(org.to_string()));
        }
        let api = org
            .join("/api/data/v9.2/")
            .map_err(|_| DataverseError::BadUrl(org.to_string()))?;
        Ok(Connection { org, api })
    }

    /// The scope a public client asks for: `https://{org}/user_impersonation offline_access`.
    pub fn scopes(&self) -> Vec<String> {
        let origin = self.org.origin().ascii_serialization();
        vec![
            format!("{origin}/user_impersonation"),
            "offline_access".into(),
        ]
    }
}

/// What a conditional write requires of the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// Create only (`If-None-Match: *`): a retry of a create that landed gets 412, never a twin.
    Absent,
    /// Update only the version the change was based on (`If-Match: <etag>`).
    Version(String),
    /// Update whatever version is there (`If-Match: *`).
    Exists,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    pub connection: Connection,
    tokens: Arc<dyn TokenSource>,
    policy: RetryPolicy,
    page_size: u32,
}

const ANNOTATIONS: &str = "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname\"";

/// The HTTP client Nextline uses for Dataverse and Entra ID: rustls with ring, the system's
/// roots, a 2-minute timeout (Microsoft's samples use the same).
pub fn http_client(timeout: Duration) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(15))
        .user_agent(concat!("Nextline/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client's TLS setup")
}

impl Client {
    pub fn new(connection: Connection, tokens: Arc<dyn TokenSource>) -> Client {
        Client {
            http: http_client(Duration::from_secs(120)),
            connection,
            tokens,
            policy: RetryPolicy::default(),
            page_size: 2500,
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.http = http_client(timeout);
        self
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> Client {
        self.policy = policy;
        self
    }

    pub fn with_page_size(mut self, rows: u32) -> Client {
        self.page_size = rows.clamp(1, 5000);
        self
    }

    fn url(&self, path_or_link: &str) -> Result<Url, DataverseError> {
        if path_or_link.starts_with("http://") || path_or_link.starts_with("https://") {
            Url::parse(path_or_link).map_err(|e| DataverseError::Unreadable(format!("a link: {e}")))
        } else {
            self.connection
                .api
                .join(path_or_link)
                .map_err(|e| DataverseError::Unreadable(format!("a path: {e}")))
        }
    }

    /// One request with a JSON body (or none) and the retry rules.
    async fn send(
        &self,
        method: Method,
        url: Url,
        headers: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<(StatusCode, header::HeaderMap, String), DataverseError> {
        let body = body.map(|b| ("application/json".to_string(), b.to_string()));
        self.send_raw(method, url, headers, body.as_ref()).await
    }

    /// One request with the retry rules. Returns the final status, headers and body.
    async fn send_raw(
        &self,
        method: Method,
        url: Url,
        headers: &[(&str, String)],
        body: Option<&(String, String)>,
    ) -> Result<(StatusCode, header::HeaderMap, String), DataverseError> {
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let token = self.tokens.token(refreshed).await?;
            let mut req = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token)
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
            if method == Method::GET {
                req = req.header("If-None-Match", "null");
            }
            for (k, v) in headers {
                req = req.header(*k, v);
            }
            if let Some((content_type, text)) = body {
                req = req.header("Content-Type", content_type).body(text.clone());
            }
            let result = req.send().await;
            let (outcome, answer) = match result {
                Ok(resp) => {
                    let status = resp.status();
                    let headers = resp.headers().clone();
                    match resp.text().await {
                        Ok(text) => {
                            let outcome = if status == StatusCode::TOO_MANY_REQUESTS {
                                Attempt::Throttled(
                                    headers
                                        .get(header::RETRY_AFTER)
                                        .and_then(|v| v.to_str().ok())
                                        .and_then(|v| v.trim().parse().ok()),
                                )
                            } else {
                                Attempt::Status(status.as_u16())
                            };
                            (outcome, Some((status, headers, text)))
                        }
                        Err(e) if e.is_timeout() => (Attempt::Timeout, None),
                        Err(_) => (Attempt::Cut, None),
                    }
                }
                Err(e) if e.is_timeout() => (Attempt::Timeout, None),
                Err(e) => {
                    tracing::debug!(error = %e, "request failed");
                    (Attempt::Cut, None)
                }
            };
            let jitter = rand::random::<f64>();
            match self.policy.decide(outcome, attempt, refreshed, jitter) {
                Decision::Done => return Ok(answer.expect("an answer")),
                Decision::RefreshToken => refreshed = true,
                Decision::RetryAfter(wait) => {
                    tracing::debug!(?outcome, ?wait, attempt, "retrying");
                    tokio::time::sleep(wait).await;
                }
                Decision::GiveUp => return Err(give_up(outcome, answer)),
            }
        }
    }

    /// The first page of a tracked read of `table` (or a saved next/delta link).
    pub async fn read(&self, table: Table, link: Option<&str>) -> Result<Page, DataverseError> {
        let tracked_start = link.is_none();
        let url = self.url(
            &link
                .map(str::to_string)
                .unwrap_or_else(|| table.tracked_query()),
        )?;
        let is_delta = link.is_some_and(|l| l.contains("$deltatoken"));
        let mut prefer = vec![
            format!("odata.maxpagesize={}", self.page_size),
            ANNOTATIONS.to_string(),
        ];
        if tracked_start {
            prefer.push("odata.track-changes".into());
        }
        let result = self
            .send(Method::GET, url, &[("Prefer", prefer.join(","))], None)
            .await;
        let (_, _, text) = match result {
            Err(DataverseError::Refused { .. } | DataverseError::NotFound) if is_delta => {
                return Err(DataverseError::DeltaExpired);
            }
            other => other?,
        };
        let body: Value =
            serde_json::from_str(&text).map_err(|e| DataverseError::Unreadable(e.to_string()))?;
        parse_page(&body, table.key())
    }

    /// One row, or `None` when it is not there.
    pub async fn get(&self, table: Table, id: Uuid) -> Result<Option<Row>, DataverseError> {
        let url = self.url(&format!(
            "{}({id})?$select={}",
            table.set(),
            table.columns().join(",")
        ))?;
        match self
            .send(
                Method::GET,
                url,
                &[("Prefer", ANNOTATIONS.to_string())],
                None,
            )
            .await
        {
            Ok((_, _, text)) => {
                let body: Value = serde_json::from_str(&text)
                    .map_err(|e| DataverseError::Unreadable(e.to_string()))?;
                let obj = body
                    .as_object()
                    .ok_or_else(|| DataverseError::Unreadable("not a row".into()))?;
                Ok(Some(parse_row(obj, table.key())?))
            }
            Err(DataverseError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// PATCH `set(id)` under `precondition`; the row's new ETag when the server says it.
    pub async fn patch(
        &self,
        set: &str,
        id: Uuid,
        body: &serde_json::Map<String, Value>,
        precondition: &Precondition,
    ) -> Result<Option<String>, DataverseError> {
        let url = self.url(&format!("{set}({id})"))?;
        let condition = match precondition {
            Precondition::Absent => ("If-None-Match", "*".to_string()),
            Precondition::Version(etag) => ("If-Match", etag.clone()),
            Precondition::Exists => ("If-Match", "*".to_string()),
        };
        let (_, headers, _) = self
            .send(
                Method::PATCH,
                url,
                &[
                    condition,
                    ("MSCRM.SuppressDuplicateDetection", "false".into()),
                ],
                Some(&Value::Object(body.clone())),
            )
            .await?;
        Ok(headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string))
    }

    /// A bound action on a row: `POST set(id)/Microsoft.Dynamics.CRM.<action>` with `body`;
    /// the answer's JSON (an empty object for 204).
    pub async fn action(
        &self,
        table: Table,
        id: Uuid,
        action: &str,
        body: &Value,
    ) -> Result<Value, DataverseError> {
        let url = self.url(&format!(
            "{}({id})/Microsoft.Dynamics.CRM.{action}",
            table.set()
        ))?;
        let (_, _, text) = self.send(Method::POST, url, &[], Some(body)).await?;
        if text.trim().is_empty() {
            return Ok(Value::Object(Default::default()));
        }
        serde_json::from_str(&text).map_err(|e| DataverseError::Unreadable(e.to_string()))
    }

    /// Writes that belong together, as one `$batch` change set: all of them land, or none.
    /// Returns each part's answer, in order (ETags in their headers).
    pub async fn change_set(
        &self,
        requests: &[crate::batch::BatchRequest],
    ) -> Result<Vec<crate::batch::BatchPart>, DataverseError> {
        let id = uuid::Uuid::new_v4();
        let (content_type, body) =
            crate::batch::change_set(&id.to_string(), &uuid::Uuid::new_v4().to_string(), requests);
        let url = self.url("$batch")?;
        let (_, headers, text) = self
            .send_raw(Method::POST, url, &[], Some(&(content_type, body)))
            .await?;
        let boundary = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::batch::boundary_of)
            .or_else(|| {
                text.lines()
                    .find_map(|l| l.strip_prefix("--"))
                    .map(|b| b.trim().to_string())
            })
            .ok_or_else(|| DataverseError::Unreadable("a $batch answer without parts".into()))?;
        let parts = crate::batch::parse(&text, &boundary);
        if parts.len() != requests.len() {
            return Err(DataverseError::Unreadable(format!(
                "a $batch answer with {} parts for {} requests",
                parts.len(),
                requests.len()
            )));
        }
        if let Some(bad) = parts.iter().find(|p| p.status >= 300) {
            let (code, message) = error_body(&bad.body);
            return Err(match bad.status {
                412 => DataverseError::Changed,
                404 => DataverseError::NotFound,
                _ => DataverseError::Refused { code, message },
            });
        }
        Ok(parts)
    }

    /// A team's members (`teams(<id>)/teammembership_association`), every page.
    pub async fn team_members(&self, team: Uuid) -> Result<Vec<Uuid>, DataverseError> {
        let mut link = format!("teams({team})/teammembership_association?$select=systemuserid");
        let mut members = Vec::new();
        loop {
            let url = self.url(&link)?;
            let prefer = format!("odata.maxpagesize={}", self.page_size);
            let (_, _, text) = self
                .send(Method::GET, url, &[("Prefer", prefer)], None)
                .await?;
            let body: Value = serde_json::from_str(&text)
                .map_err(|e| DataverseError::Unreadable(e.to_string()))?;
            let page = parse_page(&body, "systemuserid")?;
            members.extend(page.rows.iter().map(|r| r.id));
            match page.next_link {
                Some(next) => link = next,
                None => return Ok(members),
            }
        }
    }

    /// `GET WhoAmI()`: the signed-in user's systemuserid.
    pub async fn who_am_i(&self) -> Result<Uuid, DataverseError> {
        let url = self.url("WhoAmI()")?;
        let (_, _, text) = self.send(Method::GET, url, &[], None).await?;
        let body: Value =
            serde_json::from_str(&text).map_err(|e| DataverseError::Unreadable(e.to_string()))?;
        body["UserId"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| DataverseError::Unreadable("WhoAmI without UserId".into()))
    }
}

fn give_up(
    outcome: Attempt,
    answer: Option<(StatusCode, header::HeaderMap, String)>,
) -> DataverseError {
    match (outcome, answer) {
        (Attempt::Timeout, _) => DataverseError::Timeout,
        (Attempt::Cut, _) => DataverseError::Offline("the connection was cut or refused".into()),
        (Attempt::Throttled(after), _) => DataverseError::Throttled {
            retry_after_secs: after.unwrap_or(60),
        },
        (_, Some((status, _, text))) => {
            let (code, message) = error_body(&text);
            match status.as_u16() {
                401 => DataverseError::SignInNeeded(message),
                403 => DataverseError::Forbidden(message),
                404 => DataverseError::NotFound,
                412 => DataverseError::Changed,
                s if s >= 500 => DataverseError::Server { status: s, message },
                _ => DataverseError::Refused { code, message },
            }
        }
        (Attempt::Status(s), None) => DataverseError::Server {
            status: s,
            message: String::new(),
        },
    }
}
