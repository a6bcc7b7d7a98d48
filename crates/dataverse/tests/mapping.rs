//! Dataverse rows → Nextline's model, and Nextline's changes → Dataverse columns.

use nextline_dataverse::mapping;
use nextline_dataverse::page::parse_row;
use nextline_dataverse::write;
use nextline_dataverse::{Row, Table};
use nextline_domain::*;
use serde_json::{Value, json};

fn row(key: &str, v: Value) -> Row {
    parse_row(v.as_object().unwrap(), key).unwrap()
}

const LEAD: &str = "11111111-1111-1111-1111-111111111111";
const OWNER: &str = "22222222-2222-2222-2222-222222222222";

#[test]
fn a_lead_brings_its_contact_and_keeps_what_only_nextline_knows() {
    let r = row(
        "leadid",
        json!({
            "@odata.etag": "W/\"12\"", "leadid": LEAD, "subject": "Cloud telephony", "fullname": "Νίκος Παπαδόπουλος",
            "companyname": "Αιγαίο Ενέργεια", "telephone1": "+30 210 555 0101", "mobilephone": null,
            "emailaddress1": "nikos@example.gr", "donotphone": true, "donotemail": false,
            "address1_country": "Greece", "_ownerid_value": OWNER,
        }),
    );
    let before = mapping::lead(&r, None);
    assert_eq!(before.name, "Cloud telephony");
    assert_eq!(before.contact.name, "Νίκος Παπαδόπουλος");
    assert_eq!(
        before.contact.business_phone.as_deref(),
        Some("+30 210 555 0101")
    );
    assert!(before.contact.do_not_phone);
    assert_eq!(
        before.contact.country.as_deref(),
        Some("GR"),
        "a country name becomes its code"
    );
    assert_eq!(before.owner.to_string(), OWNER);
    let mut local = before.clone();
    local.score = 77;
    local.contact.do_not_text = true;
    local.contact.time_zone = Some("Europe/Athens".into());
    let after = mapping::lead(&r, Some(&local));
    assert_eq!(after.score, 77, "the score is Nextline's");
    assert!(
        after.contact.do_not_text,
        "Dataverse has no text consent column"
    );
    assert_eq!(after.contact.time_zone.as_deref(), Some("Europe/Athens"));
    assert_eq!(after.version, local.version + 1);
}

fn activity_row(extra: Value) -> Row {
    let mut v = json!({
        "activityid": "33333333-3333-3333-3333-333333333333", "subject": "Discovery call",
        "scheduledend": "2026-11-27T10:00:00Z", "createdon": "2026-11-20T09:00:00Z",
        "_regardingobjectid_value": LEAD,
        "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "lead",
        "_ownerid_value": OWNER, "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
    });
    v.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    row("activityid", v)
}

#[test]
fn activities_map_their_state_due_time_and_owner() {
    let open = mapping::activity(
        Table::PhoneCalls,
        &activity_row(json!({"statecode": 0})),
        None,
    )
    .unwrap();
    assert_eq!(open.state, ActivityState::Open);
    assert_eq!(open.kind, ActivityType::PhoneCall);
    assert_eq!(open.due.to_rfc3339(), "2026-11-27T10:00:00+00:00");
    assert_eq!(open.record.to_string(), LEAD);
    assert!(open.call.is_none(), "a planned call, not a logged one");
    let done = mapping::activity(
        Table::PhoneCalls,
        &activity_row(json!({"statecode": 1, "statuscode": 2, "actualstart": "2026-11-27T10:01:00Z",
            "actualend": "2026-11-27T10:05:00Z", "actualdurationminutes": 4, "phonenumber": "+302105550101", "directioncode": true})),
        None,
    )
    .unwrap();
    assert_eq!(done.state, ActivityState::Completed);
    let call = done.call.unwrap();
    assert_eq!(call.duration_secs, Some(240));
    assert_eq!(call.direction, CallDirection::Outgoing);
    let pending = mapping::activity(
        Table::Emails,
        &activity_row(json!({"statecode": 1, "statuscode": 6})),
        None,
    )
    .unwrap();
    assert_eq!(pending.state, ActivityState::Pending, "a scheduled email");
    let team = mapping::activity(
        Table::Tasks,
        &activity_row(json!({"_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "team"})),
        None,
    )
    .unwrap();
    assert!(matches!(team.assignee, Assignee::Team(_)));
    let about_an_account = activity_row(
        json!({"_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account"}),
    );
    assert!(mapping::activity(Table::Tasks, &about_an_account, None).is_none());
}

#[test]
fn a_step_with_a_linked_activity_shows_as_that_activity() {
    let step = |extra: Value| {
        let mut v = json!({"msdyn_sequencetargetstepid": "44444444-4444-4444-4444-444444444444", "msdyn_name": "Call",
            "msdyn_type": 4210, "msdyn_duetime": "2026-11-27T10:00:00Z", "statuscode": 1});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        row("msdyn_sequencetargetstepid", v)
    };
    let record = RecordId(LEAD.parse().unwrap());
    assert!(mapping::step(&step(json!({})), record, None).is_some());
    assert!(
        mapping::step(
            &step(json!({"msdyn_linkedactivityid": OWNER})),
            record,
            None
        )
        .is_none()
    );
    assert!(
        mapping::step(&step(json!({"msdyn_type": 0})), record, None).is_none(),
        "a wait is not work"
    );
    assert_eq!(
        mapping::step(&step(json!({"statuscode": 3})), record, None)
            .unwrap()
            .state,
        ActivityState::Skipped
    );
}

#[test]
fn an_update_sends_only_what_the_seller_changed() {
    let a = mapping::activity(
        Table::PhoneCalls,
        &activity_row(json!({"statecode": 0})),
        None,
    )
    .unwrap();
    let mut done = a.clone();
    done.state = ActivityState::Completed;
    let cols = |x: &Activity| {
        let mut m = write::activity_columns(x, RecordKind::Lead);
        m.extend(write::activity_state_columns(x));
        m
    };
    let changed = write::changed(&cols(&a), &cols(&done));
    assert_eq!(
        Value::Object(changed),
        json!({"statecode": 1, "statuscode": 2})
    );
    let mut snoozed = a.clone();
    snoozed.due = "2026-11-28T09:00:00Z".parse().unwrap();
    let changed = write::changed(&cols(&a), &cols(&snoozed));
    assert_eq!(
        Value::Object(changed),
        json!({"scheduledend": "2026-11-28T09:00:00Z"})
    );
    let full = cols(&a);
    assert_eq!(
        full["regardingobjectid_lead_phonecall@odata.bind"],
        format!("/leads({LEAD})"),
        "bound to its lead"
    );
    assert_eq!(full["ownerid@odata.bind"], format!("/systemusers({OWNER})"));
}
