//! The outbox's changes → Dataverse writes. Pure: what to PATCH where, under which condition.
//!
//! - A create is an upsert to the id Nextline made (`PATCH set(id)` + `If-None-Match: *`), so a
//!   retry after a lost answer gets 412 instead of making a twin.
//! - An update sends only the columns the seller changed, `If-Match` the ETag the change was
//!   based on.
//! - Completing or cancelling is `statecode`/`statuscode`; a note is an annotation.

use nextline_domain::*;
use serde_json::{Map, Value, json};

use crate::tables::Table;

/// The table an activity is written to. Text messages are written as tasks until the text
/// message issue writes them where the org keeps them (msdyn_salesocmessage).
pub fn activity_table(kind: ActivityType) -> Table {
    match kind {
        ActivityType::PhoneCall => Table::PhoneCalls,
        ActivityType::Email => Table::Emails,
        ActivityType::Meeting => Table::Appointments,
        ActivityType::Task | ActivityType::TextMessage => Table::Tasks,
    }
}

fn record_set(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Lead => "leads",
        RecordKind::Opportunity => "opportunities",
    }
}

/// statecode/statuscode for a state, per table (phone call 2 Made / 3 Canceled, task 5 / 6,
/// email 2 Completed / 5 Canceled, appointment 3 / 4).
fn state_codes(table: Table, state: ActivityState) -> Option<(i64, i64)> {
    Some(match (table, state) {
        (_, ActivityState::Open) => return None,
        (Table::PhoneCalls, ActivityState::Completed) => (1, 2),
        (Table::PhoneCalls, _) => (2, 3),
        (Table::Tasks, ActivityState::Completed) => (1, 5),
        (Table::Tasks, _) => (2, 6),
        (Table::Emails, ActivityState::Pending) => (1, 6),
        (Table::Emails, ActivityState::Completed) => (1, 2),
        (Table::Emails, _) => (2, 5),
        (Table::Appointments, ActivityState::Completed) => (1, 3),
        (Table::Appointments, _) => (2, 4),
        _ => return None,
    })
}

fn time(t: chrono::DateTime<chrono::Utc>) -> Value {
    Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// The columns of an activity Nextline writes (not the state: see [`activity_state_columns`]).
pub fn activity_columns(a: &Activity, record_kind: RecordKind) -> Map<String, Value> {
    let table = activity_table(a.kind);
    let mut m = Map::new();
    let subject = match a.kind {
        ActivityType::TextMessage => format!("Text message: {}", a.subject),
        _ => a.subject.clone(),
    };
    m.insert("subject".into(), subject.into());
    let due_column = if table == Table::Appointments {
        "scheduledstart"
    } else {
        "scheduledend"
    };
    m.insert(due_column.into(), time(a.due));
    m.insert(
        format!(
            "regardingobjectid_{}_{}@odata.bind",
            record_kind.as_str(),
            table_entity(table)
        ),
        format!("/{}({})", record_set(record_kind), a.record).into(),
    );
    match a.assignee {
        Assignee::User(u) if !u.0.is_nil() => {
            m.insert(
                "ownerid@odata.bind".into(),
                format!("/systemusers({u})").into(),
            );
        }
        Assignee::Team(t) => {
            m.insert("ownerid@odata.bind".into(), format!("/teams({t})").into());
        }
        _ => {}
    }
    if let Some(url) = &a.join_url {
        m.insert("onlinemeetingjoinurl".into(), url.clone().into());
    }
    if let Some(call) = &a.call {
        m.insert("phonenumber".into(), call.number.clone().into());
        m.insert(
            "directioncode".into(),
            (call.direction == CallDirection::Outgoing).into(),
        );
        m.insert("actualstart".into(), time(call.started_at));
        if let Some(end) = call.ended_at {
            m.insert("actualend".into(), time(end));
        }
        if let Some(secs) = call.duration_secs {
            m.insert("actualdurationminutes".into(), json!(secs.div_ceil(60)));
        }
        let mut description = String::new();
        if let Some(outcome) = &call.outcome {
            description.push_str(&format!("Outcome: {}", outcome.as_str()));
            if let CallOutcome::Failed { code, reason } = outcome {
                description.push_str(&format!(" (SIP {code} {reason})"));
            }
        }
        if let Some(q) = &call.quality {
            description.push_str(&format!(
                "\nQuality: MOS {:.2}, loss {:.1} %, jitter {} ms, round trip {} ms",
                f64::from(q.mos_x100) / 100.0,
                f64::from(q.loss_permille) / 10.0,
                q.jitter_ms,
                q.round_trip_ms
            ));
        }
        if !description.is_empty() {
            m.insert("description".into(), description.into());
        }
    }
    m
}

/// `phonecall`, `email`, `appointment`, `task`: the suffix of the regarding bind name.
fn table_entity(table: Table) -> &'static str {
    match table {
        Table::PhoneCalls => "phonecall",
        Table::Emails => "email",
        Table::Appointments => "appointment",
        _ => "task",
    }
}

/// The state columns, when the activity is no longer open.
pub fn activity_state_columns(a: &Activity) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some((state, status)) = state_codes(activity_table(a.kind), a.state) {
        m.insert("statecode".into(), state.into());
        m.insert("statuscode".into(), status.into());
    }
    m
}

/// A phone call's parties: from the seller (1 Sender), to the lead or contact (2 To Recipient).
pub fn phone_call_parties(a: &Activity, to: Option<(&str, uuid::Uuid)>) -> Option<Value> {
    let call = a.call.as_ref()?;
    let mut parties = vec![json!({
        "partyid_systemuser@odata.bind": format!("/systemusers({})", call.from),
        "participationtypemask": 1,
    })];
    match to {
        Some((table, id)) => parties.push(json!({
            format!("partyid_{table}@odata.bind"): format!("/{table}s({id})"),
            "participationtypemask": 2,
        })),
        None => parties.push(json!({ "addressused": call.number, "participationtypemask": 2 })),
    }
    Some(Value::Array(parties))
}

/// The columns that differ between two versions of the same columns map (an update sends
/// only these).
pub fn changed(before: &Map<String, Value>, after: &Map<String, Value>) -> Map<String, Value> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A record's columns Nextline may change (its contact details live on the lead; an
/// opportunity's contact is another row, not written from here).
pub fn record_columns(r: &Record) -> Map<String, Value> {
    let mut m = Map::new();
    match r.kind {
        RecordKind::Lead => {
            m.insert("subject".into(), r.name.clone().into());
            m.insert("telephone1".into(), r.contact.business_phone.clone().into());
            m.insert("mobilephone".into(), r.contact.mobile_phone.clone().into());
            m.insert("emailaddress1".into(), r.contact.email.clone().into());
            m.insert("donotphone".into(), r.contact.do_not_phone.into());
            m.insert("donotemail".into(), r.contact.do_not_email.into());
        }
        RecordKind::Opportunity => {
            m.insert("name".into(), r.name.clone().into());
        }
    }
    m
}

pub fn record_table(kind: RecordKind) -> Table {
    match kind {
        RecordKind::Lead => Table::Leads,
        RecordKind::Opportunity => Table::Opportunities,
    }
}

/// A note as an annotation on its lead or opportunity.
pub fn note_columns(n: &Note, record_kind: RecordKind) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("notetext".into(), n.text.clone().into());
    m.insert(
        format!("objectid_{}@odata.bind", record_kind.as_str()),
        format!("/{}({})", record_set(record_kind), n.record).into(),
    );
    m
}

/// A sales accelerator step Nextline shows as an activity (one with no linked activity yet):
/// its due time (`msdyn_duetime`, moved by a snooze) and, once closed, its state — statecode 1
/// with statuscode 2 Completed, 3 Skipped or 4 Cancelled. Microsoft documents no API for the
/// Up next actions; these are the table's own columns (msdyn_sequencetargetstep reference).
pub fn step_columns(a: &Activity) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("msdyn_duetime".into(), time(a.due));
    let status = match a.state {
        ActivityState::Open => None,
        ActivityState::Completed | ActivityState::Pending => Some(2),
        ActivityState::Skipped => Some(3),
        ActivityState::Cancelled => Some(4),
    };
    if let Some(status) = status {
        m.insert("statecode".into(), json!(1));
        m.insert("statuscode".into(), json!(status));
    }
    m
}
