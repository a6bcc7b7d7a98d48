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

/// The table an activity of a kind is written to. A text message sent or received (one with
/// its `text`) goes where the org keeps them — see [`table_of_activity`]; a text message
/// *step* still to do is a task.
pub fn activity_table(kind: ActivityType) -> Table {
    match kind {
        ActivityType::PhoneCall => Table::PhoneCalls,
        ActivityType::Email => Table::Emails,
        ActivityType::Meeting => Table::Appointments,
        ActivityType::Task | ActivityType::TextMessage => Table::Tasks,
    }
}

/// The table this activity is written to.
pub fn table_of_activity(a: &Activity) -> Table {
    if a.text.is_some() {
        Table::TextMessages
    } else {
        activity_table(a.kind)
    }
}

/// A text message as an `msdyn_salesocmessage`: content, numbers, direction, the record it
/// belongs to (as strings), and its delivery as statecode/statuscode (0 Success: 3 Sent,
/// 4 Delivered, 7 InboundProcessingSuccessful; 1 Fail: 2 SendingFailed).
pub fn text_message_columns(a: &Activity, record_kind: RecordKind) -> Map<String, Value> {
    let mut m = Map::new();
    let Some(t) = &a.text else { return m };
    m.insert("msdyn_content".into(), t.body.clone().into());
    m.insert(
        "msdyn_from".into(),
        t.from.chars().take(100).collect::<String>().into(),
    );
    m.insert(
        "msdyn_to".into(),
        t.to.chars().take(100).collect::<String>().into(),
    );
    m.insert(
        "msdyn_isinbound".into(),
        (t.direction == TextDirection::Incoming).into(),
    );
    m.insert("msdyn_entityname".into(), record_kind.as_str().into());
    m.insert("msdyn_entityid".into(), a.record.to_string().into());
    let (state, status) = match t.state {
        TextState::Sending | TextState::Sent => (0, 3),
        TextState::Delivered => (0, 4),
        TextState::Received => (0, 7),
        TextState::Failed => (1, 2),
    };
    m.insert("statecode".into(), json!(state));
    m.insert("statuscode".into(), json!(status));
    if let Some(f) = &t.failure {
        m.insert("msdyn_statusdetails".into(), f.clone().into());
    }
    if let Assignee::User(u) = a.assignee
        && !u.0.is_nil()
    {
        m.insert(
            "ownerid@odata.bind".into(),
            format!("/systemusers({u})").into(),
        );
    }
    m
}

/// An email's parties: from the seller (1 Sender), to (2) and cc (3) — the record's own lead
/// bound when it is the lead's address, any other address as written (`addressused`).
pub fn email_parties(
    a: &Activity,
    from: Option<UserId>,
    lead: Option<(uuid::Uuid, Option<&str>)>,
) -> Option<Value> {
    let email = a.email.as_ref()?;
    let mut parties = Vec::new();
    if let Some(u) = from.filter(|u| !u.0.is_nil()) {
        parties.push(json!({
            "partyid_systemuser@odata.bind": format!("/systemusers({u})"),
            "participationtypemask": 1,
        }));
    }
    for (mask, list) in [(2, &email.to), (3, &email.cc)] {
        for address in list {
            match lead {
                Some((id, Some(lead_email))) if lead_email.eq_ignore_ascii_case(address) => parties
                    .push(json!({
                        "partyid_lead@odata.bind": format!("/leads({id})"),
                        "addressused": address,
                        "participationtypemask": mask,
                    })),
                _ => parties.push(json!({ "addressused": address, "participationtypemask": mask })),
            }
        }
    }
    Some(Value::Array(parties))
}

/// A meeting's attendees that are email addresses, as required attendees (5).
pub fn meeting_parties(a: &Activity) -> Option<Value> {
    let m = a.meeting.as_ref()?;
    let parties: Vec<Value> = m
        .attendees
        .iter()
        .filter(|x| nextline_domain::email::is_email_address(x))
        .map(|x| json!({ "addressused": x, "participationtypemask": 5 }))
        .collect();
    (!parties.is_empty()).then_some(Value::Array(parties))
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
    let table = table_of_activity(a);
    if table == Table::TextMessages {
        return text_message_columns(a, record_kind);
    }
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
    if let Some(meeting) = &a.meeting {
        m.insert("scheduledend".into(), time(meeting.end));
        m.insert(
            "scheduleddurationminutes".into(),
            json!((meeting.end - meeting.start).num_minutes()),
        );
        m.insert("location".into(), meeting.location.clone().into());
        m.insert("description".into(), meeting.description.clone().into());
        if a.is_teams_meeting() {
            m.insert("isonlinemeeting".into(), true.into());
            m.insert("onlinemeetingtype".into(), json!(1));
        }
    }
    if let Some(email) = &a.email {
        m.insert("description".into(), email.body_html.clone().into());
        m.insert("directioncode".into(), true.into());
        if email.scheduled {
            m.insert("delayedemailsendtime".into(), time(email.send_at));
        }
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

/// The SendEmail action's body: `IssueSend` true sends it (at `delayedemailsendtime`, when
/// set); false only marks it sent (an email the seller's own server sent).
pub fn send_email_action(issue_send: bool) -> Value {
    json!({ "IssueSend": issue_send })
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
    // A text message's state is its delivery ([`text_message_columns`]). An email going
    // through Dynamics is put in its sent states by SendEmail, not by a write; one waiting for
    // the seller's own mail server stays a draft there (Pending Send would have the org's
    // mailbox send it too).
    // A scheduled email called off is cancelled there too, so the org does not send it.
    if a.text.is_some()
        || a.email.as_ref().is_some_and(|e| {
            a.state != ActivityState::Cancelled
                && (e.route == EmailRoute::Dynamics || a.state == ActivityState::Pending)
        })
    {
        return m;
    }
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
