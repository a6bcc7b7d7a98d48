//! A stand-in for Twilio's Messages API (2010-04-01), answering in its documented shapes, for
//! the text message tests and the demo: send (`POST …/Messages.json`, form `To`, `From`,
//! `Body`), read one (`GET …/Messages/{Sid}.json`: each read moves a message on, queued →
//! sent → delivered), list (`GET …/Messages.json?To=…&DateSent>=YYYY-MM-DD&PageSize=…`, paged
//! with `next_page_uri`); Basic auth with the Account SID and auth token; errors as
//! `{code, message, more_info, status}`. `POST /_twilio/inbound` (form `From`, `To`, `Body`)
//! plays a customer's reply; `GET /_twilio/sent` lists what was sent.

use std::sync::Mutex;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;

use crate::Shared;

/// The test account: its SID (its auth token is made up for each server: [`Messages::token`])
/// and the numbers it owns.
pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const OWNED_NUMBERS: [&str; 2] = ["+302111234567", "+306971112233"];
/// A number Twilio takes but the network never delivers to (ends "undelivered").
pub const UNDELIVERABLE: &str = "+306900000000";

#[derive(Debug, Clone)]
pub struct Sms {
    pub sid: String,
    pub from: String,
    pub to: String,
    pub body: String,
    pub status: String,
    pub direction: String,
    pub at: DateTime<Utc>,
}

pub struct Messages {
    pub all: Vec<Sms>,
    next: u64,
    /// The account's auth token: made up when the server starts, read by the tests.
    pub token: String,
}

impl Default for Messages {
    fn default() -> Self {
        Messages {
            all: Vec::new(),
            next: 0,
            token: uuid::Uuid::new_v4().simple().to_string(),
        }
    }
}

impl Messages {
    fn sid(&mut self) -> String {
        self.next += 1;
        format!("SM{:032x}", self.next)
    }
}

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/2010-04-01/Accounts/{account}/Messages.json",
            post(send).get(list),
        )
        .route("/2010-04-01/Accounts/{account}/Messages/{sid}", get(read))
        .route("/_twilio/inbound", post(inbound))
        .route("/_twilio/sent", get(sent))
}

fn fail(status: StatusCode, code: u32, message: &str) -> Response {
    (
        status,
        Json(json!({
            "code": code,
            "message": message,
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status.as_u16(),
        })),
    )
        .into_response()
}

/// `None` when the request carries the account's credentials; else the 401 to answer.
fn unauthorised(headers: &HeaderMap, account: &str, token: &str) -> Option<Response> {
    let expected =
        base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{token}"));
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    (given != Some(expected.as_str()) || account != ACCOUNT_SID)
        .then(|| fail(StatusCode::UNAUTHORIZED, 20003, "Authenticate"))
}

fn rfc2822(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

fn resource(m: &Sms) -> Value {
    let failed = m.status == "undelivered";
    json!({
        "account_sid": ACCOUNT_SID,
        "api_version": "2010-04-01",
        "body": m.body,
        "date_created": rfc2822(m.at),
        "date_sent": if m.status == "queued" { Value::Null } else { rfc2822(m.at).into() },
        "date_updated": rfc2822(m.at),
        "direction": m.direction,
        "error_code": if failed { json!(30003) } else { Value::Null },
        "error_message": if failed { json!("Unreachable destination handset") } else { Value::Null },
        "from": m.from,
        "messaging_service_sid": null,
        "num_media": "0",
        "num_segments": "1",
        "price": null,
        "price_unit": "USD",
        "sid": m.sid,
        "status": m.status,
        "subresource_uris": { "media": format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{}/Media.json", m.sid) },
        "to": m.to,
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{}.json", m.sid),
    })
}

fn is_e164(n: &str) -> bool {
    n.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

async fn send(
    State(org): State<Shared>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let token = org.twilio.lock().unwrap().token.clone();
    if let Some(r) = unauthorised(&headers, &account, &token) {
        return r;
    }
    let to = form.get("To").cloned().unwrap_or_default();
    let from = form.get("From").cloned().unwrap_or_default();
    let body = form.get("Body").cloned().unwrap_or_default();
    if !is_e164(&to) {
        return fail(
            StatusCode::BAD_REQUEST,
            21211,
            &format!("The 'To' number {to} is not a valid phone number."),
        );
    }
    if !OWNED_NUMBERS.contains(&from.as_str()) {
        return fail(
            StatusCode::BAD_REQUEST,
            21606,
            "The From phone number is not a valid, SMS-capable inbound phone number or short code for your account.",
        );
    }
    if body.trim().is_empty() {
        return fail(StatusCode::BAD_REQUEST, 21602, "Message body is required.");
    }
    let mut t = org.twilio.lock().unwrap();
    let sms = Sms {
        sid: t.sid(),
        from,
        to,
        body,
        status: "queued".into(),
        direction: "outbound-api".into(),
        at: Utc::now(),
    };
    let r = resource(&sms);
    t.all.push(sms);
    (StatusCode::CREATED, Json(r)).into_response()
}

async fn read(
    State(org): State<Shared>,
    Path((account, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let token = org.twilio.lock().unwrap().token.clone();
    if let Some(r) = unauthorised(&headers, &account, &token) {
        return r;
    }
    let sid = file.trim_end_matches(".json");
    let mut t = org.twilio.lock().unwrap();
    let Some(m) = t.all.iter_mut().find(|m| m.sid == sid) else {
        return fail(
            StatusCode::NOT_FOUND,
            20404,
            &format!(
                "The requested resource /2010-04-01/Accounts/{account}/Messages/{sid}.json was not found"
            ),
        );
    };
    // The network moves it on one step per look.
    m.status = match (m.status.as_str(), m.to == UNDELIVERABLE) {
        ("queued", _) => "sent".into(),
        ("sent", true) => "undelivered".into(),
        ("sent", false) => "delivered".into(),
        (s, _) => s.into(),
    };
    Json(resource(m)).into_response()
}

async fn list(
    State(org): State<Shared>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let token = org.twilio.lock().unwrap().token.clone();
    if let Some(r) = unauthorised(&headers, &account, &token) {
        return r;
    }
    let since = q
        .get("DateSent>")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let size: usize = q
        .get("PageSize")
        .and_then(|s| s.parse().ok())
        .unwrap_or(50)
        .clamp(1, 1000);
    let page: usize = q.get("Page").and_then(|s| s.parse().ok()).unwrap_or(0);
    let t = org.twilio.lock().unwrap();
    // Newest first, as Twilio lists them.
    let matching: Vec<&Sms> = t
        .all
        .iter()
        .rev()
        .filter(|m| q.get("To").is_none_or(|to| &m.to == to))
        .filter(|m| q.get("From").is_none_or(|from| &m.from == from))
        .filter(|m| since.is_none_or(|d| m.at.date_naive() >= d))
        .collect();
    let chunk: Vec<Value> = matching
        .iter()
        .skip(page * size)
        .take(size)
        .map(|m| resource(m))
        .collect();
    let base = format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json");
    let mut keep = String::new();
    for key in ["To", "From", "DateSent>"] {
        if let Some(v) = q.get(key) {
            keep.push_str(&format!(
                "&{}={}",
                key.replace('>', "%3E"),
                v.replace('+', "%2B")
            ));
        }
    }
    let next = ((page + 1) * size < matching.len())
        .then(|| format!("{base}?PageSize={size}&Page={}{keep}", page + 1));
    Json(json!({
        "end": (page * size + chunk.len()).saturating_sub(1),
        "first_page_uri": format!("{base}?PageSize={size}&Page=0{keep}"),
        "next_page_uri": next,
        "page": page,
        "page_size": size,
        "previous_page_uri": null,
        "start": page * size,
        "uri": format!("{base}?PageSize={size}&Page={page}{keep}"),
        "messages": chunk,
    }))
    .into_response()
}

/// A customer texts one of the account's numbers.
async fn inbound(State(org): State<Shared>, Form(form): Form<HashMap<String, String>>) -> Response {
    let mut t = org.twilio.lock().unwrap();
    let sms = Sms {
        sid: t.sid(),
        from: form.get("From").cloned().unwrap_or_default(),
        to: form.get("To").cloned().unwrap_or_default(),
        body: form.get("Body").cloned().unwrap_or_default(),
        status: "received".into(),
        direction: "inbound".into(),
        at: Utc::now(),
    };
    let r = resource(&sms);
    t.all.push(sms);
    (StatusCode::CREATED, Json(r)).into_response()
}

async fn sent(State(org): State<Shared>) -> Json<Value> {
    let t = org.twilio.lock().unwrap();
    Json(Value::Array(
        t.all
            .iter()
            .filter(|m| m.direction == "outbound-api")
            .map(resource)
            .collect(),
    ))
}

/// The state of the stand-in, kept with the org.
pub type TwilioState = Mutex<Messages>;
