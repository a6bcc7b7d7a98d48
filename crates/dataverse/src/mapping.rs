//! Dataverse rows → Nextline's model. Pure: the sync hands in the row and what it needs from
//! related rows (an opportunity's contact, a step's sequence target) and what the cache holds
//! already (fields only Nextline keeps — call outcome and quality, snoozes, scores — stay).
//! The README's "Dynamics 365 mapping" lists every column.

use chrono::{DateTime, Utc};
use nextline_domain::*;
use uuid::Uuid;

use crate::page::Row;
use crate::tables::Table;

/// The record kinds an activity can be about, by the `regardingobjectid` lookup's table.
pub fn regarding(row: &Row, column: &str) -> Option<(RecordKind, RecordId)> {
    let id = row.uuid(column)?;
    let kind = match row.lookup_table(column)? {
        "lead" => RecordKind::Lead,
        "opportunity" => RecordKind::Opportunity,
        _ => return None,
    };
    Some((kind, RecordId(id)))
}

pub fn user(row: &Row, existing: Option<&User>) -> User {
    User {
        id: UserId(row.id),
        name: row.string("fullname").unwrap_or_else(|| "—".into()),
        email: row.string("internalemailaddress").unwrap_or_default(),
        // Security roles are not synced: a synced user sells unless the cache says otherwise.
        role: existing.map(|u| u.role).unwrap_or(Some(SalesRole::Seller)),
        phone: row
            .string("mobilephone")
            .or_else(|| row.string("address1_telephone1")),
    }
}

pub fn team(row: &Row, existing: Option<&Team>) -> Team {
    Team {
        id: TeamId(row.id),
        name: row.string("name").unwrap_or_else(|| "—".into()),
        members: existing.map(|t| t.members.clone()).unwrap_or_default(),
    }
}

/// The owner of a row, as a user the cache can point at (a team-owned row's team shows under
/// its name): `None` when the row has no owner.
pub fn owner(row: &Row) -> Option<User> {
    let id = row.uuid("_ownerid_value")?;
    Some(User {
        id: UserId(id),
        name: row.formatted("_ownerid_value").unwrap_or("—").to_string(),
        email: String::new(),
        role: None,
        phone: None,
    })
}

fn assignee(row: &Row) -> Option<Assignee> {
    let id = row.uuid("_ownerid_value")?;
    Some(match row.lookup_table("_ownerid_value") {
        Some("team") => Assignee::Team(TeamId(id)),
        _ => Assignee::User(UserId(id)),
    })
}

fn keep_local(existing: Option<&Record>) -> (u8, Option<DateTime<Utc>>, Option<SequenceId>, u32) {
    existing
        .map(|r| (r.score, r.last_contacted, r.sequence, r.version + 1))
        .unwrap_or((0, None, None, 1))
}

/// A lead and the person behind it (leads carry their own contact details).
pub fn lead(row: &Row, existing: Option<&Record>) -> Record {
    let (score, last_contacted, sequence, version) = keep_local(existing);
    Record {
        id: RecordId(row.id),
        kind: RecordKind::Lead,
        name: row
            .string("subject")
            .or_else(|| row.string("fullname"))
            .unwrap_or_else(|| "—".into()),
        contact: Contact {
            name: row.string("fullname").unwrap_or_default(),
            company: row.string("companyname"),
            business_phone: row.string("telephone1"),
            mobile_phone: row.string("mobilephone"),
            email: row.string("emailaddress1"),
            do_not_phone: row.bool("donotphone"),
            do_not_email: row.bool("donotemail"),
            // Dataverse has no text-message consent column: kept from the cache.
            do_not_text: existing.is_some_and(|r| r.contact.do_not_text),
            country: row
                .string("address1_country")
                .and_then(|c| country_code(&c)),
            time_zone: existing.and_then(|r| r.contact.time_zone.clone()),
        },
        owner: UserId(row.uuid("_ownerid_value").unwrap_or(Uuid::nil())),
        sequence,
        score,
        last_contacted,
        version,
    }
}

/// An opportunity, with its contact (`parentcontactid`) and company (`parentaccountid`).
pub fn opportunity(
    row: &Row,
    contact: Option<&Row>,
    account: Option<&Row>,
    existing: Option<&Record>,
) -> Record {
    let (score, last_contacted, sequence, version) = keep_local(existing);
    let company = account
        .and_then(|a| a.string("name"))
        .or_else(|| row.formatted("_parentaccountid_value").map(str::to_string))
        .or_else(|| row.formatted("_customerid_value").map(str::to_string));
    Record {
        id: RecordId(row.id),
        kind: RecordKind::Opportunity,
        name: row.string("name").unwrap_or_else(|| "—".into()),
        contact: Contact {
            name: contact
                .and_then(|c| c.string("fullname"))
                .or_else(|| row.formatted("_parentcontactid_value").map(str::to_string))
                .unwrap_or_default(),
            company,
            business_phone: contact.and_then(|c| c.string("telephone1")),
            mobile_phone: contact.and_then(|c| c.string("mobilephone")),
            email: contact.and_then(|c| c.string("emailaddress1")),
            do_not_phone: contact.is_some_and(|c| c.bool("donotphone")),
            do_not_email: contact.is_some_and(|c| c.bool("donotemail")),
            do_not_text: existing.is_some_and(|r| r.contact.do_not_text),
            country: contact
                .and_then(|c| c.string("address1_country"))
                .and_then(|c| country_code(&c)),
            time_zone: existing.and_then(|r| r.contact.time_zone.clone()),
        },
        owner: UserId(row.uuid("_ownerid_value").unwrap_or(Uuid::nil())),
        sequence,
        score: row
            .int("closeprobability")
            .map(|p| p.clamp(0, 100) as u8)
            .unwrap_or(score),
        last_contacted,
        version,
    }
}

/// A country as Dataverse stores it (free text) → ISO 3166 alpha-2, for the numbers' region.
fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(t.to_ascii_uppercase());
    }
    let known = [
        ("greece", "GR"),
        ("ελλάδα", "GR"),
        ("united states", "US"),
        ("usa", "US"),
        ("united kingdom", "GB"),
        ("uk", "GB"),
        ("germany", "DE"),
        ("france", "FR"),
        ("cyprus", "CY"),
        ("italy", "IT"),
        ("spain", "ES"),
        ("netherlands", "NL"),
    ];
    let lower = t.to_lowercase();
    known
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, c)| (*c).to_string())
}

fn activity_kind(table: Table) -> Option<ActivityType> {
    Some(match table {
        Table::PhoneCalls => ActivityType::PhoneCall,
        Table::Emails => ActivityType::Email,
        Table::Appointments => ActivityType::Meeting,
        Table::Tasks => ActivityType::Task,
        _ => return None,
    })
}

/// statecode/statuscode → the activity's state. Email 6 "Pending Send" is a scheduled email.
fn activity_state(table: Table, row: &Row) -> ActivityState {
    match (row.int("statecode"), row.int("statuscode")) {
        (Some(1), Some(6)) if table == Table::Emails => ActivityState::Pending,
        // The org's mailbox could not send it: still to go, the seller is told.
        (Some(0), Some(8)) if table == Table::Emails => ActivityState::Pending,
        (Some(1), _) => ActivityState::Completed,
        (Some(2), _) => ActivityState::Cancelled,
        _ => ActivityState::Open,
    }
}

/// A phone call, email, appointment or task about a lead or an opportunity; `None` for
/// activities about anything else (accounts, cases).
pub fn activity(table: Table, row: &Row, existing: Option<&Activity>) -> Option<Activity> {
    let kind = activity_kind(table)?;
    let (_, record) = regarding(row, "_regardingobjectid_value")?;
    let created_at = row
        .time("createdon")
        .unwrap_or_else(|| existing.map(|a| a.created_at).unwrap_or_default());
    let due = match table {
        Table::Appointments => row.time("scheduledstart"),
        _ => row.time("scheduledend"),
    }
    .unwrap_or(created_at);
    let state = activity_state(table, row);
    let closed = state != ActivityState::Open;
    let call = match (table, existing.and_then(|a| a.call.clone())) {
        (Table::PhoneCalls, Some(local)) => Some(local),
        (Table::PhoneCalls, None) => row.time("actualstart").map(|started_at| PhoneCallDetails {
            direction: if row.columns.get("directioncode").and_then(|v| v.as_bool()) == Some(false)
            {
                CallDirection::Incoming
            } else {
                CallDirection::Outgoing
            },
            from: UserId(row.uuid("_ownerid_value").unwrap_or(Uuid::nil())),
            to: String::new(),
            number: row.string("phonenumber").unwrap_or_default(),
            started_at,
            ended_at: row.time("actualend").or(closed.then_some(started_at)),
            duration_secs: row
                .int("actualdurationminutes")
                .map(|m| (m.max(0) as u32) * 60),
            outcome: None,
            quality: None,
            for_activity: None,
            placed_by: "crm".into(),
        }),
        _ => None,
    };
    Some(Activity {
        id: ActivityId(row.id),
        record,
        kind,
        subject: row.string("subject").unwrap_or_else(|| "—".into()),
        due,
        starts_at: existing
            .map(|a| a.starts_at.min(due))
            .unwrap_or(created_at.min(due)),
        state,
        assignee: assignee(row)
            .or(existing.map(|a| a.assignee))
            .unwrap_or(Assignee::User(UserId(Uuid::nil()))),
        step: existing.and_then(|a| a.step),
        join_url: row
            .string("onlinemeetingjoinurl")
            .or_else(|| existing.and_then(|a| a.join_url.clone())),
        snoozed_until: existing.and_then(|a| a.snoozed_until).filter(|_| !closed),
        created_at,
        closed_at: if closed {
            existing
                .and_then(|a| a.closed_at)
                .or(row.time("actualend"))
                .or(Some(due))
        } else {
            None
        },
        closed_by: if closed {
            existing.and_then(|a| a.closed_by)
        } else {
            None
        },
        version: existing.map(|a| a.version + 1).unwrap_or(1),
        call,
        email: existing.and_then(|a| a.email.clone()).map(|mut e| {
            if table == Table::Emails && row.int("statuscode") == Some(8) {
                e.failure =
                    Some("Dynamics 365 couldn't send this email (its mailbox failed).".into());
            }
            e
        }),
        text: existing.and_then(|a| a.text.clone()),
        meeting: match table {
            Table::Appointments => Some(MeetingDetails {
                start: due,
                end: row.time("scheduledend").unwrap_or(due).max(due),
                location: row.string("location").unwrap_or_default(),
                // The party list is not read: the attendees written here are kept.
                attendees: existing
                    .and_then(|a| a.meeting.as_ref())
                    .map(|m| m.attendees.clone())
                    .unwrap_or_default(),
                description: row.string("description").unwrap_or_default(),
            }),
            _ => existing.and_then(|a| a.meeting.clone()),
        },
    })
}

/// A sequence step of the sales accelerator with no linked activity yet (a linked step shows
/// as its activity). `record`: the step's sequence target's record.
pub fn step(row: &Row, record: RecordId, existing: Option<&Activity>) -> Option<Activity> {
    if row.uuid("msdyn_linkedactivityid").is_some() {
        return None;
    }
    let kind = match row.int("msdyn_type")? {
        4202 | 3 => ActivityType::Email,
        4210 => ActivityType::PhoneCall,
        4212 => ActivityType::Task,
        4213 | 6 => ActivityType::TextMessage,
        _ => return None, // waits, conditions, automated actions: nothing for the seller to do
    };
    let created_at = row.time("createdon").unwrap_or_default();
    let due = row.time("msdyn_duetime").unwrap_or(created_at);
    let state = match row.int("statuscode") {
        Some(2) => ActivityState::Completed,
        Some(3) => ActivityState::Skipped,
        Some(4) => ActivityState::Cancelled,
        _ => ActivityState::Open,
    };
    let closed = state != ActivityState::Open;
    Some(Activity {
        id: ActivityId(row.id),
        record,
        kind,
        subject: row.string("msdyn_name").unwrap_or_else(|| "—".into()),
        due,
        starts_at: created_at.min(due),
        state,
        assignee: assignee(row).unwrap_or(Assignee::User(UserId(Uuid::nil()))),
        step: existing.and_then(|a| a.step),
        join_url: None,
        snoozed_until: None,
        created_at,
        closed_at: closed.then(|| existing.and_then(|a| a.closed_at).unwrap_or(due)),
        closed_by: existing.and_then(|a| a.closed_by),
        version: existing.map(|a| a.version + 1).unwrap_or(1),
        call: None,
        email: None,
        text: None,
        meeting: None,
    })
}

/// A text message the org keeps (`msdyn_salesocmessage`) about a lead or an opportunity: sent
/// or received by any seller, so the conversation belongs to the record (R21).
pub fn text_message(row: &Row, existing: Option<&Activity>) -> Option<Activity> {
    let record = match row.string("msdyn_entityname")?.as_str() {
        "lead" | "opportunity" => RecordId(row.string("msdyn_entityid")?.parse().ok()?),
        _ => return None,
    };
    let body = row.string("msdyn_content").unwrap_or_default();
    let inbound = row.columns.get("msdyn_isinbound").and_then(|v| v.as_bool()) == Some(true);
    let at = row
        .time("createdon")
        .or(existing.map(|a| a.created_at))
        .unwrap_or_default();
    let state = match (row.int("statecode"), row.int("statuscode")) {
        (_, Some(4)) => TextState::Delivered,
        (_, Some(7)) => TextState::Received,
        (Some(1), _) => TextState::Failed,
        _ if inbound => TextState::Received,
        _ => TextState::Sent,
    };
    let owner = assignee(row)
        .or(existing.map(|a| a.assignee))
        .unwrap_or(Assignee::User(UserId(Uuid::nil())));
    let mine = existing.and_then(|a| a.text.clone());
    Some(Activity {
        id: ActivityId(row.id),
        record,
        kind: ActivityType::TextMessage,
        subject: nextline_domain::text_message::text_subject(&body),
        due: existing.map(|a| a.due).unwrap_or(at),
        starts_at: existing.map(|a| a.starts_at).unwrap_or(at),
        state: ActivityState::Completed,
        assignee: owner,
        step: None,
        join_url: None,
        snoozed_until: None,
        created_at: existing.map(|a| a.created_at).unwrap_or(at),
        closed_at: existing.and_then(|a| a.closed_at).or(Some(at)),
        closed_by: existing.and_then(|a| a.closed_by),
        version: existing.map(|a| a.version + 1).unwrap_or(1),
        call: None,
        email: None,
        text: Some(TextDetails {
            direction: if inbound {
                TextDirection::Incoming
            } else {
                TextDirection::Outgoing
            },
            from: row.string("msdyn_from").unwrap_or_default(),
            to: row.string("msdyn_to").unwrap_or_default(),
            body,
            state,
            transport: mine.as_ref().map_or(TextTransport::Other, |t| t.transport),
            provider_id: mine.as_ref().and_then(|t| t.provider_id.clone()),
            failure: row
                .string("msdyn_statusdetails")
                .filter(|_| state == TextState::Failed),
            for_activity: mine.as_ref().and_then(|t| t.for_activity),
            at: mine.as_ref().map_or(at, |t| t.at),
        }),
        meeting: None,
    })
}

/// A note on a lead or an opportunity.
pub fn note(row: &Row) -> Option<Note> {
    let (_, record) = regarding(row, "_objectid_value")?;
    let text = match (row.string("subject"), row.string("notetext")) {
        (Some(s), Some(t)) if !t.starts_with(&s) => format!("{s}\n{t}"),
        (_, Some(t)) => t,
        (Some(s), None) => s,
        (None, None) => return None,
    };
    Some(Note {
        id: NoteId(row.id),
        record,
        activity: None,
        author: UserId(row.uuid("_createdby_value").unwrap_or(Uuid::nil())),
        text,
        created_at: row.time("createdon").unwrap_or_default(),
    })
}
