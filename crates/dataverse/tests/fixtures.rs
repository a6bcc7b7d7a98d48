//! Every fixture copied from Microsoft's documentation (`tests/fixtures/`, index in its
//! README) is read by the client's own code here. A fixture added without a check fails.

use std::collections::BTreeSet;
use std::path::PathBuf;

use nextline_dataverse::batch;
use nextline_dataverse::error::error_body;
use nextline_dataverse::page::{parse_page, parse_row};
use nextline_dataverse::retry::{Attempt, Decision, RetryPolicy};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap()
}

fn exchange(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap()
}

fn check(name: &str) {
    match name {
        "README.md" => {}
        "retrieve-contacts-page1-nextlink.json" | "retrieve-contacts-page2-nextlink.json" => {
            let page = parse_page(&exchange(name)["response"]["body"], "contactid").unwrap();
            assert!(!page.rows.is_empty());
            assert!(
                page.rows
                    .iter()
                    .all(|r| r.etag.as_deref().is_some_and(|e| e.starts_with("W/")))
            );
            if name.contains("page1") {
                let next = page.next_link.expect("page 1 links to page 2");
                assert!(next.contains("$skiptoken="), "followed unchanged: {next}");
            }
        }
        "retrieve-accounts-formatted-values.json" => {
            let page = parse_page(&exchange(name)["response"]["body"], "accountid").unwrap();
            let row = &page.rows[0];
            let formatted = row
                .columns
                .keys()
                .filter(|k| k.ends_with("@OData.Community.Display.V1.FormattedValue"))
                .count();
            assert!(formatted > 0, "formatted values kept beside their columns");
            let column = row
                .columns
                .keys()
                .find_map(|k| k.strip_suffix("@OData.Community.Display.V1.FormattedValue"))
                .unwrap()
                .to_string();
            assert!(row.formatted(&column).is_some());
        }
        "change-tracking-initial-response.json" => {
            let page = parse_page(&exchange(name)["response"]["body"], "accountid").unwrap();
            assert!(page.delta_link.unwrap().contains("$deltatoken="));
        }
        "change-tracking-delta-response.json" => {
            let page = parse_page(&exchange(name)["response"]["body"], "accountid").unwrap();
            assert_eq!(page.rows.len(), 1, "the changed row");
            assert_eq!(page.deleted.len(), 1, "the $deletedEntity row");
            assert!(page.delta_link.is_some());
        }
        "create-account-201-return-representation.json"
        | "update-with-return-representation.json" => {
            let body = &exchange(name)["response"]["body"];
            let row = parse_row(body.as_object().unwrap(), "accountid").unwrap();
            assert!(row.etag.is_some());
        }
        "create-account-204-odata-entityid.json" => {
            let e = exchange(name);
            assert_eq!(e["response"]["status"], 204);
            let id = e["response"]["headers"]["OData-EntityId"].as_str().unwrap();
            let guid = id.rsplit_once('(').unwrap().1.trim_end_matches(')');
            uuid::Uuid::parse_str(guid).unwrap();
        }
        "update-if-match-412-concurrency.json" => {
            let e = exchange(name);
            assert_eq!(e["response"]["status"], 412);
            let (_, message) = error_body(&e["response"]["body"].to_string());
            assert!(message.contains("RowVersion"));
            assert_eq!(
                RetryPolicy::default().decide(Attempt::Status(412), 1, false, 0.5),
                Decision::GiveUp
            );
        }
        "error-429-service-protection.COMPOSED.json" => {
            let e = exchange(name);
            let after: u64 = e["response"]["headers"]["Retry-After"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            let (code, _) = error_body(&e["response"]["body"].to_string());
            assert_eq!(code, "0x80072322");
            assert_eq!(
                RetryPolicy::default().decide(Attempt::Throttled(Some(after)), 1, false, 0.5),
                Decision::RetryAfter(std::time::Duration::from_secs(after))
            );
        }
        "whoami.json" => {
            let body = &exchange(name)["response"]["body"];
            uuid::Uuid::parse_str(body["UserId"].as_str().unwrap()).unwrap();
        }
        "entra-token-response.json"
        | "entra-refresh-token-request-response.json"
        | "entra-device-code-poll-success.json" => {
            let body = exchange(name)["response"]["body"].clone();
            let token: oauth2::basic::BasicTokenResponse = serde_json::from_value(body).unwrap();
            use oauth2::TokenResponse;
            assert!(!token.access_token().secret().is_empty());
            assert!(token.expires_in().is_some());
        }
        "batch-request.txt" | "batch-changeset-request.txt" => {
            let text = read(name);
            let content_type = text
                .lines()
                .find_map(|l| l.strip_prefix("Content-Type: "))
                .unwrap();
            let boundary = batch::boundary_of(content_type).unwrap();
            let parts = batch::parse(&text, &boundary);
            assert!(parts.len() >= 3, "{name}: {} parts", parts.len());
            assert!(parts.iter().all(|p| p.method.is_some()));
            assert!(
                parts
                    .iter()
                    .filter(|p| p.method.as_deref() == Some("POST"))
                    .all(|p| p.json().is_some())
            );
            if name.contains("changeset") {
                assert!(parts.iter().any(|p| p.content_id.is_some()));
            }
        }
        "batch-response.txt" | "batch-changeset-response.txt" => {
            let text = read(name);
            let boundary = text
                .lines()
                .find_map(|l| l.strip_prefix("--"))
                .unwrap()
                .trim()
                .to_string();
            let parts = batch::parse(&text, &boundary);
            assert!(parts.len() >= 3, "{name}: {} parts", parts.len());
            assert!(parts.iter().all(|p| p.status >= 200 && p.status < 300));
            assert!(parts.iter().any(|p| p.header("OData-EntityId").is_some()));
        }
        "patch-disassociate-lookups-null.json"
        | "put-email-activity-parties.json"
        | "create-phonecall-with-activityparties.COMPOSED.request.json"
        | "complete-phonecall-setstate.COMPOSED.json"
        | "sendemail-bound-action.COMPOSED.json"
        | "msdyn-connectsequence-request.json"
        | "query-my-open-sequence-steps.COMPOSED.request.json"
        | "cif-onclicktoact-eventdata.json" => {
            // Request shapes: each reads as JSON with its method and URL (or event data).
            let e = exchange(name);
            let request = &e["request"];
            if name.starts_with("cif-") {
                assert_eq!(e["eventData"]["format"], "phone");
                assert!(e["eventData"]["value"].is_string());
            } else {
                assert!(request["method"].is_string(), "{name}");
                assert!(request["url"].is_string(), "{name}");
            }
        }
        other => panic!("fixture {other} has no check: add one"),
    }
}

#[test]
fn every_fixture_is_read_by_the_client() {
    let names: BTreeSet<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() > 20, "the fixtures are there: {names:?}");
    for name in &names {
        check(name);
    }
}

#[test]
fn our_phone_call_write_matches_the_documented_shape() {
    // The COMPOSED create: parties with participationtypemask 1 (from) and 2 (to), the
    // regarding bind `regardingobjectid_lead_phonecall`.
    let e = exchange("create-phonecall-with-activityparties.COMPOSED.request.json");
    let documented = e["request"]["body"].as_object().unwrap();
    let parties = documented["phonecall_activity_parties"].as_array().unwrap();
    let masks: Vec<i64> = parties
        .iter()
        .map(|p| p["participationtypemask"].as_i64().unwrap())
        .collect();
    assert_eq!(masks, vec![1, 2]);
    assert!(
        documented
            .keys()
            .any(|k| k.starts_with("regardingobjectid_lead_phonecall@odata.bind"))
    );
}
