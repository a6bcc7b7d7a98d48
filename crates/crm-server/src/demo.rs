//! The demo org: Nextline's demo data (the same seed, so the same ids as the app's demo cache)
//! as Dataverse rows — system users, teams, leads, opportunities with their contacts and
//! accounts, phone calls, emails, appointments, tasks and notes.

use nextline_dataverse::write::{
    activity_columns, activity_state_columns, activity_table, note_columns, record_columns,
};
use nextline_domain::*;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::tables::Tables;

/// Another id derived from `id` (an opportunity's contact and account rows).
fn derived(id: Uuid, salt: u8) -> Uuid {
    let mut b = *id.as_bytes();
    b[0] ^= salt;
    Uuid::from_bytes(b)
}

fn owner(columns: &mut Map<String, Value>, owner: UserId, name: &str) {
    columns.insert("_ownerid_value".into(), owner.to_string().into());
    columns.insert(
        "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname".into(),
        "systemuser".into(),
    );
    columns.insert(
        "_ownerid_value@OData.Community.Display.V1.FormattedValue".into(),
        name.into(),
    );
}

pub fn load(tables: &mut Tables, records: usize, now: chrono::DateTime<chrono::Utc>) -> UserId {
    let data = nextline_demo::generate(nextline_demo::DEFAULT_SEED, records, now);
    let name_of = |id: UserId| {
        data.users
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    for u in &data.users {
        let mut c = Map::new();
        c.insert("fullname".into(), u.name.clone().into());
        c.insert("internalemailaddress".into(), u.email.clone().into());
        c.insert("mobilephone".into(), u.phone.clone().into());
        tables.write("systemusers", u.id.0, &c);
    }
    for t in &data.teams {
        let mut c = Map::new();
        c.insert("name".into(), t.name.clone().into());
        c.insert("teamtype".into(), json!(0));
        tables.write("teams", t.id.0, &c);
        tables
            .memberships
            .insert(t.id.0, t.members.iter().map(|m| m.0).collect());
    }
    for state in &data.records {
        let r = &state.record;
        let mut c = record_columns(r);
        owner(&mut c, r.owner, &name_of(r.owner));
        match r.kind {
            RecordKind::Lead => {
                c.insert("fullname".into(), r.contact.name.clone().into());
                c.insert("companyname".into(), r.contact.company.clone().into());
                c.insert("address1_country".into(), r.contact.country.clone().into());
                c.insert("statecode".into(), json!(0));
                tables.write("leads", r.id.0, &c);
            }
            RecordKind::Opportunity => {
                let contact = derived(r.id.0, 0x5a);
                let account = derived(r.id.0, 0xa5);
                let mut p = Map::new();
                p.insert("fullname".into(), r.contact.name.clone().into());
                p.insert("telephone1".into(), r.contact.business_phone.clone().into());
                p.insert("mobilephone".into(), r.contact.mobile_phone.clone().into());
                p.insert("emailaddress1".into(), r.contact.email.clone().into());
                p.insert("donotphone".into(), r.contact.do_not_phone.into());
                p.insert("donotemail".into(), r.contact.do_not_email.into());
                p.insert("address1_country".into(), r.contact.country.clone().into());
                tables.write("contacts", contact, &p);
                let mut a = Map::new();
                a.insert(
                    "name".into(),
                    r.contact.company.clone().unwrap_or_default().into(),
                );
                tables.write("accounts", account, &a);
                c.insert(
                    "parentcontactid@odata.bind".into(),
                    format!("/contacts({contact})").into(),
                );
                c.insert(
                    "parentaccountid@odata.bind".into(),
                    format!("/accounts({account})").into(),
                );
                c.insert("closeprobability".into(), json!(r.score));
                c.insert("statecode".into(), json!(0));
                tables.write("opportunities", r.id.0, &c);
            }
        }
        for a in &state.activities {
            let table = activity_table(a.kind);
            let mut c = activity_columns(a, r.kind);
            c.insert("statecode".into(), json!(0));
            c.extend(activity_state_columns(a));
            if let Assignee::User(u) = a.assignee {
                owner(&mut c, u, &name_of(u));
                c.remove("ownerid@odata.bind");
            }
            c.insert(
                "createdon".into(),
                a.created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    .into(),
            );
            tables.write(table.set(), a.id.0, &c);
        }
    }
    let kinds: std::collections::HashMap<RecordId, RecordKind> = data
        .records
        .iter()
        .map(|s| (s.record.id, s.record.kind))
        .collect();
    for n in &data.notes {
        let Some(kind) = kinds.get(&n.record) else {
            continue;
        };
        let mut c = note_columns(n, *kind);
        c.insert("_createdby_value".into(), n.author.to_string().into());
        c.insert(
            "createdon".into(),
            n.created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .into(),
        );
        tables.write("annotations", n.id.0, &c);
    }
    // The demo's writes are the org's history, not anyone's creates.
    tables.creates.clear();
    tables.writes = 0;
    data.current_user
}
