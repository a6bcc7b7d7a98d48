//! A Dataverse-compatible server for Nextline's tests and demo ("connect to demo CRM"): the
//! Web API subset the client uses — tracked reads with `odata.maxpagesize` paging and
//! `@odata.deltaLink`, `$deletedEntity` rows, ETags with `If-Match`/`If-None-Match` and 412,
//! upserts, `WhoAmI()` — answers shaped like Microsoft's documented examples, a device code
//! token stub, and switches that inject 429, 503, timeouts, cut connections and 412s.

pub mod demo;
pub mod faults;
pub mod tables;
pub mod tokens;
pub mod twilio;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use axum::{Form, Json, Router};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use faults::{Fault, FaultSettings, Faults, When};
use tables::{Tables, etag, key_of};
use tokens::TokenStub;

pub struct Org {
    pub tables: Mutex<Tables>,
    pub faults: Mutex<Faults>,
    pub tokens: Mutex<TokenStub>,
    /// The signed-in user (`WhoAmI`).
    pub user: Mutex<Uuid>,
    /// Delta tokens older than this version are refused (an expired change-tracking window).
    pub delta_floor: Mutex<u64>,
    /// The Twilio Messages API stand-in's messages.
    pub twilio: twilio::TwilioState,
}

pub type Shared = Arc<Org>;

pub fn org(
    user: Uuid,
    faults: Faults,
    token_lifetime_secs: i64,
    fixed_token: Option<String>,
) -> Shared {
    Arc::new(Org {
        tables: Mutex::new(Tables::default()),
        faults: Mutex::new(faults),
        tokens: Mutex::new(TokenStub {
            lifetime_secs: token_lifetime_secs,
            fixed: fixed_token,
            ..TokenStub::default()
        }),
        user: Mutex::new(user),
        delta_floor: Mutex::new(0),
        twilio: Mutex::new(twilio::Messages::default()),
    })
}

pub fn router(org: Shared) -> Router {
    Router::new()
        .route("/api/data/v9.2/{*path}", any(api))
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device_code))
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize))
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .route("/_admin/faults", post(set_faults))
        .route("/_admin/rows/{set}", get(dump).post(edit))
        .route("/_admin/rows/{set}/{id}", delete(remove))
        .route("/_admin/stats", get(stats))
        .route("/_admin/expire-deltas", post(expire_deltas))
        .route("/_admin/revoke", post(revoke))
        .route("/_admin/refuse", post(refuse_writes))
        .merge(twilio::routes())
        .with_state(org)
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

/// The answer is lost: the connection closes without one.
fn cut() -> ! {
    std::panic::panic_any(CutConnection)
}

/// The panic payload of an injected cut (the binary's panic hook keeps it quiet).
pub struct CutConnection;

async fn api(
    State(org): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    if !org
        .tokens
        .lock()
        .unwrap()
        .valid(&bearer, chrono::Utc::now())
    {
        return error(
            StatusCode::UNAUTHORIZED,
            "0x80048306",
            "The access token is invalid or expired.",
        );
    }
    let path = uri.path().trim_start_matches("/api/data/v9.2/").to_string();
    let query = uri.query().unwrap_or_default().to_string();
    let write = method == Method::PATCH || method == Method::POST;
    let conditional = write && headers.get(header::IF_MATCH).is_some_and(|v| v != "*");
    let fault = org.faults.lock().unwrap().draw(write, conditional);
    let timeout_ms = org.faults.lock().unwrap().timeout_ms;
    if let Some((kind, When::Before)) = fault {
        match kind {
            Fault::Throttle => {
                let mut r = error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "0x80072322",
                    "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, "1".parse().unwrap());
                return r;
            }
            Fault::Unavailable => {
                return error(StatusCode::SERVICE_UNAVAILABLE, "", "Service Unavailable");
            }
            Fault::Timeout => {
                tokio::time::sleep(Duration::from_millis(timeout_ms)).await;
                return error(StatusCode::SERVICE_UNAVAILABLE, "", "Service Unavailable");
            }
            Fault::Cut => cut(),
            Fault::Conflict => {
                // Another user edits a column the seller did not touch.
                if let Some((set, id)) = entity_path(&path) {
                    let mut t = org.tables.lock().unwrap();
                    if t.get(&set, id).is_some() {
                        let mut other = Map::new();
                        other.insert("modifiedon".into(), chrono::Utc::now().to_rfc3339().into());
                        t.write(&set, id, &other);
                    }
                }
            }
        }
    }
    let response = match method {
        Method::GET => read(&org, &path, &query, &headers),
        Method::PATCH => patch(&org, &path, &headers, &body),
        Method::POST if path == "$batch" => batch(&org, &headers, &body),
        Method::POST if path.ends_with("/Microsoft.Dynamics.CRM.SendEmail") => {
            send_email(&org, &path, &body)
        }
        _ => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "",
            "Only GET and PATCH are served here.",
        ),
    };
    if let Some((kind, When::After)) = fault {
        match kind {
            Fault::Timeout => {
                tokio::time::sleep(Duration::from_millis(timeout_ms)).await;
                return error(StatusCode::SERVICE_UNAVAILABLE, "", "Service Unavailable");
            }
            Fault::Cut => cut(),
            _ => return error(StatusCode::SERVICE_UNAVAILABLE, "", "Service Unavailable"),
        }
    }
    response
}

/// The SendEmail action bound on an email: a draft (statecode 0) becomes Sent (1/3), or Pending
/// Send (1/6) while its `delayedemailsendtime` is ahead; an email already sent is refused.
fn send_email(org: &Org, path: &str, body: &Bytes) -> Response {
    let Some((set, id)) = path.split_once('/').and_then(|(e, _)| entity_path(e)) else {
        return error(StatusCode::BAD_REQUEST, "0x80060888", "Bad path.");
    };
    if set != "emails" {
        return error(
            StatusCode::BAD_REQUEST,
            "0x80060888",
            "SendEmail is bound to email.",
        );
    }
    let args: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let issue_send = args["IssueSend"].as_bool().unwrap_or(false);
    let mut t = org.tables.lock().unwrap();
    let Some(row) = t.get(&set, id).cloned() else {
        return error(
            StatusCode::NOT_FOUND,
            "0x80040217",
            &format!("email With Id = {id} Does Not Exist"),
        );
    };
    if row
        .columns
        .get("statecode")
        .and_then(Value::as_i64)
        .unwrap_or(0)
        != 0
    {
        return error(
            StatusCode::BAD_REQUEST,
            "0x8004360d",
            "This message has already been sent.",
        );
    }
    if let Some(why) = &t.refuse_send_email {
        return error(StatusCode::BAD_REQUEST, "0x80048d1c", why);
    }
    let later = row
        .columns
        .get("delayedemailsendtime")
        .and_then(Value::as_str)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .is_some_and(|at| at > chrono::Utc::now());
    let status = if issue_send && later { 6 } else { 3 };
    let mut columns = Map::new();
    columns.insert("statecode".into(), 1.into());
    columns.insert("statuscode".into(), status.into());
    t.write(&set, id, &columns);
    t.emails_sent.push(id);
    let subject = row.columns.get("subject").cloned().unwrap_or(Value::Null);
    Json(json!({
        "@odata.context": "$metadata#Microsoft.Dynamics.CRM.SendEmailResponse",
        "Subject": subject,
    }))
    .into_response()
}

/// `phonecalls(<id>)` → ("phonecalls", id).
fn entity_path(path: &str) -> Option<(String, Uuid)> {
    let (set, rest) = path.split_once('(')?;
    let id = Uuid::parse_str(rest.trim_end_matches(')')).ok()?;
    Some((set.to_string(), id))
}

fn params(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn page_size(headers: &HeaderMap) -> usize {
    headers
        .get_all("Prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| p.trim().strip_prefix("odata.maxpagesize="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000usize)
        .clamp(1, 5000)
}

fn row_json(set: &str, stored: &tables::Stored, select: &Option<Vec<String>>) -> Value {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), etag(stored.version).into());
    let key = key_of(set);
    for (k, v) in &stored.columns {
        let base = k.split('@').next().unwrap_or(k);
        let keep = *k == key || select.as_ref().is_none_or(|s| s.iter().any(|c| c == base));
        if keep {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

fn read(org: &Org, path: &str, query: &str, headers: &HeaderMap) -> Response {
    if path == "WhoAmI()" {
        let user = *org.user.lock().unwrap();
        return Json(json!({
            "@odata.context": "/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
            "BusinessUnitId": "ded5a64f-f06d-e511-80d0-00155db07cb1",
            "UserId": user,
            "OrganizationId": "4faf1f34-f06d-e511-80d0-00155db07cb1",
        }))
        .into_response();
    }
    let params = params(query);
    let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let select = param("$select").map(|s| s.split(',').map(str::to_string).collect::<Vec<_>>());
    let t = org.tables.lock().unwrap();
    if let Some(team) = path.strip_suffix("/teammembership_association") {
        let Some(("teams", id)) = entity_path(team).as_ref().map(|(s, id)| (s.as_str(), *id))
        else {
            return error(
                StatusCode::BAD_REQUEST,
                "",
                "teams(<id>)/teammembership_association",
            );
        };
        let value: Vec<Value> = t
            .memberships
            .get(&id)
            .into_iter()
            .flatten()
            .map(|u| json!({ "systemuserid": u }))
            .collect();
        return Json(json!({
            "@odata.context": "/api/data/v9.2/$metadata#systemusers(systemuserid)",
            "value": value,
        }))
        .into_response();
    }
    if let Some((set, id)) = entity_path(path) {
        return match t.get(&set, id) {
            Some(s) => Json(row_json(&set, s, &select)).into_response(),
            None => error(
                StatusCode::NOT_FOUND,
                "0x80040217",
                &format!("{set} With Id = {id} Does Not Exist"),
            ),
        };
    }
    let set = path.to_string();
    if t.missing.contains(&set) || !known_set(&set) {
        return error(
            StatusCode::NOT_FOUND,
            "0x8006088a",
            &format!("Resource not found for the segment '{set}'."),
        );
    }
    let size = page_size(headers);
    // skiptoken: "<last id>~<snapshot version>"; deltatoken: the version the delta starts after.
    let (after_id, snapshot) = match param("$skiptoken") {
        Some(s) => {
            let (id, v) = s.split_once('~').unwrap_or((&s, "0"));
            (Uuid::parse_str(id).ok(), v.parse().unwrap_or(t.version))
        }
        None => (None, t.version),
    };
    let since = match param("$deltatoken") {
        Some(d) => match d.parse::<u64>() {
            Ok(v) if v >= *org.delta_floor.lock().unwrap() => Some(v),
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "0x80044352",
                    "The change tracking token is expired or invalid. Run a full sync.",
                );
            }
        },
        None => None,
    };
    let empty = Default::default();
    let rows = t.sets.get(&set).unwrap_or(&empty);
    let mut value = Vec::new();
    let mut last = None;
    let range = match after_id {
        Some(a) => rows.range((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
        None => rows.range(..),
    };
    let mut more = false;
    for (id, stored) in range {
        if since.is_some_and(|v| stored.version <= v) {
            continue;
        }
        if value.len() == size {
            more = true;
            break;
        }
        value.push(row_json(&set, stored, &select));
        last = Some(*id);
    }
    let base = format!("/api/data/v9.2/{set}");
    let select_q = select
        .as_ref()
        .map(|s| format!("$select={}", s.join(",")))
        .unwrap_or_default();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        format!(
            "/api/data/v9.2/$metadata#{set}{}",
            if since.is_some() { "/$delta" } else { "" }
        )
        .into(),
    );
    if more {
        let mut link = format!("{base}?{select_q}&$skiptoken={}~{snapshot}", last.unwrap());
        if let Some(v) = since {
            link.push_str(&format!("&$deltatoken={v}"));
        }
        body.insert("@odata.nextLink".into(), absolute(headers, &link).into());
    } else {
        if let Some(v) = since {
            for (s, id, dv) in &t.deleted {
                if *s == set && *dv > v && *dv <= snapshot.max(*dv) {
                    value.push(json!({
                        "@odata.context": format!("/api/data/v9.2/$metadata#{set}/$deletedEntity"),
                        "id": id,
                        "reason": "deleted",
                    }));
                }
            }
        }
        let link = format!("{base}?{select_q}&$deltatoken={snapshot}");
        body.insert("@odata.deltaLink".into(), absolute(headers, &link).into());
    }
    body.insert("value".into(), Value::Array(value));
    let mut r = Json(Value::Object(body)).into_response();
    r.headers_mut().insert(
        "Preference-Applied",
        format!("odata.maxpagesize={size},odata.track-changes")
            .parse()
            .unwrap(),
    );
    r
}

fn known_set(set: &str) -> bool {
    nextline_dataverse::Table::from_set(set).is_some()
}

fn absolute(headers: &HeaderMap, path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}{path}")
}

/// Why a write to `set(id)` is refused (validation, `If-Match`, `If-None-Match`), if it is.
fn refuse(
    t: &Tables,
    set: &str,
    id: Uuid,
    if_match: Option<&str>,
    if_none: Option<&str>,
    columns: &Map<String, Value>,
) -> Option<Response> {
    if let Some(message) = t.refused.get(&id) {
        return Some(error(StatusCode::BAD_REQUEST, "0x80040265", message));
    }
    if let Some(s) = columns.get("subject").and_then(Value::as_str)
        && s.chars().count() > 200
    {
        return Some(error(
            StatusCode::BAD_REQUEST,
            "0x80044331",
            &format!(
                "A validation error occurred. The length of the 'subject' attribute of the '{}' entity exceeded the maximum allowed length of '200'.",
                tables::logical_of(set)
            ),
        ));
    }
    let existing = t.get(set, id).map(|s| s.version);
    match (if_none, if_match, existing) {
        (Some("*"), _, Some(_)) => Some(error(
            StatusCode::PRECONDITION_FAILED,
            "0x80040237",
            "A record with matching key values already exists.",
        )),
        (_, Some(_), None) => Some(error(
            StatusCode::NOT_FOUND,
            "0x80040217",
            &format!("{set} With Id = {id} Does Not Exist"),
        )),
        (_, Some(m), Some(v)) if m != "*" && m != etag(v) => Some(error(
            StatusCode::PRECONDITION_FAILED,
            "0x80060882",
            "The version of the existing record doesn't match the RowVersion property provided.",
        )),
        _ => None,
    }
}

/// `POST $batch` with one change set of PATCHes: every precondition is checked first, then all
/// are applied — or none, and the batch answers with the first refusal.
fn batch(org: &Org, headers: &HeaderMap, body: &Bytes) -> Response {
    let Some(boundary) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(nextline_dataverse::batch::boundary_of)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "",
            "A $batch needs a multipart/mixed boundary.",
        );
    };
    let text = String::from_utf8_lossy(body);
    let parts = nextline_dataverse::batch::parse(&text, &boundary);
    let mut writes = Vec::new();
    let mut t = org.tables.lock().unwrap();
    for p in &parts {
        let url = p.url.as_deref().unwrap_or_default();
        let path = url
            .rsplit_once("/api/data/v9.2/")
            .map(|(_, r)| r)
            .unwrap_or(url);
        let (Some("PATCH"), Some((set, id))) = (p.method.as_deref(), entity_path(path)) else {
            return error(
                StatusCode::BAD_REQUEST,
                "",
                "Only PATCH set(id) is served in a change set.",
            );
        };
        let Some(Value::Object(columns)) = p.json() else {
            return error(
                StatusCode::BAD_REQUEST,
                "0x80040203",
                "A part's body is not a JSON object.",
            );
        };
        if !known_set(&set) || t.missing.contains(&set) {
            return error(
                StatusCode::NOT_FOUND,
                "0x8006088a",
                &format!("Resource not found for the segment '{set}'."),
            );
        }
        if let Some(refused) = refuse(
            &t,
            &set,
            id,
            p.header("If-Match"),
            p.header("If-None-Match"),
            &columns,
        ) {
            return refused;
        }
        writes.push((set, id, columns, p.content_id.clone()));
    }
    let b = format!("batchresponse_{}", Uuid::new_v4());
    let cs = format!("changesetresponse_{}", Uuid::new_v4());
    let mut out = format!("--{b}\r\nContent-Type: multipart/mixed; boundary={cs}\r\n\r\n");
    for (set, id, columns, content_id) in writes {
        let version = t.write(&set, id, &columns);
        out.push_str(&format!(
            "--{cs}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n{}\r\nHTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\nETag: {}\r\nOData-EntityId: {}\r\n\r\n\r\n",
            content_id.map(|c| format!("Content-ID: {c}\r\n")).unwrap_or_default(),
            etag(version),
            absolute(headers, &format!("/api/data/v9.2/{set}({id})")),
        ));
    }
    out.push_str(&format!("--{cs}--\r\n--{b}--\r\n"));
    t.batches += 1;
    let mut r = (StatusCode::OK, out).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        format!("multipart/mixed; boundary={b}").parse().unwrap(),
    );
    r
}

fn patch(org: &Org, path: &str, headers: &HeaderMap, body: &Bytes) -> Response {
    let Some((set, id)) = entity_path(path) else {
        return error(StatusCode::BAD_REQUEST, "", "PATCH needs set(id).");
    };
    if !known_set(&set) || org.tables.lock().unwrap().missing.contains(&set) {
        return error(
            StatusCode::NOT_FOUND,
            "0x8006088a",
            &format!("Resource not found for the segment '{set}'."),
        );
    }
    let Ok(Value::Object(columns)) = serde_json::from_slice::<Value>(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "0x80040203",
            "The request body is not a JSON object.",
        );
    };
    let mut t = org.tables.lock().unwrap();
    let if_match = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok());
    let if_none = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    if let Some(refused) = refuse(&t, &set, id, if_match, if_none, &columns) {
        return refused;
    }
    let version = t.write(&set, id, &columns);
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::ETAG, etag(version).parse().unwrap());
    r.headers_mut().insert(
        "OData-EntityId",
        absolute(headers, &format!("/api/data/v9.2/{set}({id})"))
            .parse()
            .unwrap(),
    );
    r
}

async fn device_code(
    State(_org): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !form.iter().any(|(k, _)| k == "client_id") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request"})),
        )
            .into_response();
    }
    let code = format!("dc-{}", Uuid::new_v4().simple());
    _org.tokens.lock().unwrap().devices.insert(code.clone(), 0);
    let uri = absolute(&headers, "/devicelogin");
    Json(json!({
        "device_code": code,
        "user_code": "NXTL-DEMO",
        "verification_uri": uri,
        "expires_in": 900,
        "interval": 1,
        "message": format!("To sign in, use a web browser to open the page {uri} and enter the code NXTL-DEMO to authenticate."),
    }))
    .into_response()
}

/// The browser's sign-in page, signed in at once: back to the loopback redirect with a code.
async fn authorize(State(org): State<Shared>, uri: Uri) -> Response {
    let params = params(uri.query().unwrap_or_default());
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let redirect = get("redirect_uri");
    let local =
        redirect.starts_with("http://127.0.0.1:") || redirect.starts_with("http://localhost");
    if get("response_type") != "code" || get("code_challenge_method") != "S256" || !local {
        return (StatusCode::BAD_REQUEST, "invalid_request").into_response();
    }
    let code = format!("ac-{}", Uuid::new_v4().simple());
    org.tokens
        .lock()
        .unwrap()
        .codes
        .insert(code.clone(), (get("code_challenge"), redirect.clone()));
    let location = format!("{redirect}?code={code}&state={}", get("state"));
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest) == challenge
}

async fn token(State(org): State<Shared>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let oauth_error = |e: &str, d: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": e, "error_description": d, "error_codes": [70016] })),
        )
            .into_response()
    };
    let mut stub = org.tokens.lock().unwrap();
    let now = chrono::Utc::now();
    match get("grant_type").as_str() {
        "urn:ietf:params:oauth:grant-type:device_code" => {
            let code = get("device_code");
            let Some(polls) = stub.devices.get_mut(&code) else {
                return oauth_error("expired_token", "The device code expired.");
            };
            *polls += 1;
            if *polls < 2 {
                return oauth_error(
                    "authorization_pending",
                    "The user has not yet completed sign-in.",
                );
            }
            stub.devices.remove(&code);
            Json(stub.issue(now)).into_response()
        }
        "authorization_code" => {
            let Some((challenge, redirect)) = stub.codes.remove(&get("code")) else {
                return oauth_error(
                    "invalid_grant",
                    "The authorization code is invalid or has expired.",
                );
            };
            if !pkce_matches(&get("code_verifier"), &challenge) || redirect != get("redirect_uri") {
                return oauth_error("invalid_grant", "The PKCE code verifier is invalid.");
            }
            Json(stub.issue(now)).into_response()
        }
        "refresh_token" => {
            let r = get("refresh_token");
            if stub.refresh.get(&r) != Some(&true) {
                return oauth_error(
                    "invalid_grant",
                    "AADSTS70000: The refresh token has expired or was revoked.",
                );
            }
            stub.refresh.insert(r, false);
            stub.refreshes += 1;
            Json(stub.issue(now)).into_response()
        }
        other => oauth_error("unsupported_grant_type", &format!("grant_type {other}")),
    }
}

async fn set_faults(State(org): State<Shared>, Json(s): Json<FaultSettings>) -> StatusCode {
    org.faults.lock().unwrap().set(s);
    StatusCode::NO_CONTENT
}

async fn dump(State(org): State<Shared>, Path(set): Path<String>) -> Json<Value> {
    let t = org.tables.lock().unwrap();
    let rows = t
        .sets
        .get(&set)
        .map(|r| r.values().map(|s| row_json(&set, s, &None)).collect())
        .unwrap_or_default();
    Json(Value::Array(rows))
}

/// Another user's edit: `{"id": …, "columns": {…}}`.
async fn edit(
    State(org): State<Shared>,
    Path(set): Path<String>,
    Json(v): Json<Value>,
) -> Response {
    let Some(id) = v["id"].as_str().and_then(|s| Uuid::parse_str(s).ok()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let columns = v["columns"].as_object().cloned().unwrap_or_default();
    let version = org.tables.lock().unwrap().write(&set, id, &columns);
    Json(json!({ "etag": etag(version) })).into_response()
}

async fn remove(State(org): State<Shared>, Path((set, id)): Path<(String, Uuid)>) -> StatusCode {
    if org.tables.lock().unwrap().delete(&set, id) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn stats(State(org): State<Shared>) -> Json<Value> {
    let t = org.tables.lock().unwrap();
    let duplicates: Vec<String> = t
        .creates
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|((s, id), n)| format!("{s}({id}) ×{n}"))
        .collect();
    let counts: Map<String, Value> = t
        .sets
        .iter()
        .map(|(s, r)| (s.clone(), json!(r.len())))
        .collect();
    Json(json!({
        "writes": t.writes,
        "batches": t.batches,
        "version": t.version,
        "duplicateCreates": duplicates,
        "rows": counts,
        "faultsInjected": org.faults.lock().unwrap().injected,
        "refreshes": org.tokens.lock().unwrap().refreshes,
        "emailsSent": t.emails_sent.iter().map(ToString::to_string).collect::<Vec<_>>(),
    }))
}

async fn expire_deltas(State(org): State<Shared>) -> StatusCode {
    let v = org.tables.lock().unwrap().version;
    *org.delta_floor.lock().unwrap() = v + 1;
    StatusCode::NO_CONTENT
}

/// The org's rules refuse writes to a row (`{"id", "message"}`), or no longer (`message` null).
async fn refuse_writes(State(org): State<Shared>, Json(v): Json<Value>) -> StatusCode {
    let Some(id) = v["id"].as_str().and_then(|s| Uuid::parse_str(s).ok()) else {
        return StatusCode::BAD_REQUEST;
    };
    let mut t = org.tables.lock().unwrap();
    match v["message"].as_str() {
        Some(m) => t.refused.insert(id, m.to_string()),
        None => t.refused.remove(&id),
    };
    StatusCode::NO_CONTENT
}

async fn revoke(State(org): State<Shared>) -> StatusCode {
    let mut stub = org.tokens.lock().unwrap();
    for v in stub.refresh.values_mut() {
        *v = false;
    }
    stub.access.clear();
    StatusCode::NO_CONTENT
}

/// An injected cut unwinds its connection's task: say nothing about it.
pub fn quiet_cuts() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload().downcast_ref::<CutConnection>().is_none() {
            default_hook(info);
        }
    }));
}

/// Serves `org` on a free port of 127.0.0.1 from a thread of its own (tests); the URL.
pub fn serve_in_background(org: Shared) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
                .await
                .expect("bind");
            let _ = tx.send(listener.local_addr().expect("address"));
            axum::serve(listener, router(org)).await.expect("serve");
        });
    });
    format!("http://{}", rx.recv().expect("the server started"))
}
