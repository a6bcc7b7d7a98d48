//! The demo's sales team and its customers.

use crate::names::*;
use crate::{DemoData, SeededIds};
use chrono::{DateTime, Duration, Utc};
use nextline_domain::*;
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

/// Six users: four sellers (the first is "me"), a sales manager, and a support colleague with
/// no sales role; one team of three sellers.
pub fn users_and_team(ids: &mut SeededIds<'_>) -> (Vec<User>, Vec<Team>) {
    let mk = |ids: &mut SeededIds<'_>, name: &str, email: &str, role, phone: Option<&str>| User {
        id: UserId(ids.new_id()),
        name: name.into(),
        email: email.into(),
        role,
        phone: phone.map(str::to_string),
    };
    let users = vec![
        mk(
            ids,
            "Alex Morgan",
            "alex.morgan@nextline.example",
            Some(SalesRole::Seller),
            Some("+302107000101"),
        ),
        mk(
            ids,
            "Ελένη Γεωργίου",
            "eleni.georgiou@nextline.example",
            Some(SalesRole::Seller),
            Some("+302107000102"),
        ),
        mk(
            ids,
            "Νίκος Παππάς",
            "nikos.pappas@nextline.example",
            Some(SalesRole::Seller),
            Some("+302310500103"),
        ),
        mk(
            ids,
            "Sarah Klein",
            "sarah.klein@nextline.example",
            Some(SalesRole::Seller),
            Some("+4930555010"),
        ),
        mk(
            ids,
            "Δήμητρα Αλεξίου",
            "dimitra.alexiou@nextline.example",
            Some(SalesRole::SalesManager),
            Some("+302107000105"),
        ),
        mk(
            ids,
            "Chris Taylor",
            "chris.taylor@nextline.example",
            None,
            None,
        ),
    ];
    let team = Team {
        id: TeamId(ids.new_id()),
        name: "Inside Sales".into(),
        members: vec![users[0].id, users[1].id, users[2].id],
    };
    (users, vec![team])
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

struct Person {
    name: String,
    email_user: String,
    company: Option<(String, String)>,
    country: &'static str,
    time_zone: Option<&'static str>,
    business: Option<String>,
    mobile: Option<String>,
    greek: bool,
}

fn person(rng: &mut ChaCha8Rng) -> Person {
    match rng.random_range(0..20) {
        0..=11 => {
            let (first, last, latin) = *GREEK_PEOPLE.choose(rng).expect("names");
            let (co, domain) = *GREEK_COMPANIES.choose(rng).expect("companies");
            let business = if rng.random_bool(0.6) {
                // Athens lines written nationally, Thessaloniki ones internationally.
                format!("210 {} {}", digits(rng, 3), digits(rng, 4))
            } else {
                format!("+30 2310 {}", digits(rng, 6))
            };
            Person {
                name: format!("{first} {last}"),
                email_user: latin.into(),
                company: Some((co.into(), domain.into())),
                country: "GR",
                time_zone: None,
                business: Some(business),
                mobile: Some(format!(
                    "+30 69{} {} {}",
                    rng.random_range(0..10),
                    digits(rng, 3),
                    digits(rng, 4)
                )),
                greek: true,
            }
        }
        12..=15 => {
            let (first, last) = *ENGLISH_PEOPLE.choose(rng).expect("names");
            let (co, domain) = *ENGLISH_COMPANIES.choose(rng).expect("companies");
            let email_user = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
            if rng.random_bool(0.5) {
                let (area, tz) = *US_AREAS.choose(rng).expect("areas");
                let exchange = rng.random_range(201..=989);
                Person {
                    name: format!("{first} {last}"),
                    email_user,
                    company: Some((co.into(), domain.into())),
                    country: "US",
                    time_zone: Some(tz),
                    business: Some(format!("+1 ({area}) {exchange}-{}", digits(rng, 4))),
                    mobile: Some(format!(
                        "+1 {area} {} {}",
                        rng.random_range(201..=989),
                        digits(rng, 4)
                    )),
                    greek: false,
                }
            } else {
                Person {
                    name: format!("{first} {last}"),
                    email_user,
                    company: Some((co.into(), domain.into())),
                    country: "GB",
                    time_zone: None,
                    business: Some(format!("020 7946 0{}", digits(rng, 3))),
                    mobile: Some(format!("+44 74{} {}", digits(rng, 2), digits(rng, 6))),
                    greek: false,
                }
            }
        }
        16..=17 => {
            let (first, last) = *GERMAN_PEOPLE.choose(rng).expect("names");
            let (co, domain) = *GERMAN_COMPANIES.choose(rng).expect("companies");
            Person {
                name: format!("{first} {last}"),
                email_user: format!(
                    "{}.{}",
                    first.to_lowercase(),
                    last.to_lowercase().replace('ü', "ue").replace('ä', "ae")
                ),
                company: Some((co.into(), domain.into())),
                country: "DE",
                time_zone: None,
                business: Some(format!("+49 30 {}", digits(rng, 8))),
                mobile: Some(format!("+49 151 {}", digits(rng, 8))),
                greek: false,
            }
        }
        _ => {
            // A private customer: no company.
            let (first, last, latin) = *GREEK_PEOPLE.choose(rng).expect("names");
            Person {
                name: format!("{first} {last}"),
                email_user: latin.into(),
                company: None,
                country: "GR",
                time_zone: None,
                business: None,
                mobile: Some(format!("69{}{}", rng.random_range(0..10), digits(rng, 7))),
                greek: true,
            }
        }
    }
}

/// One lead or opportunity with its contact. Its activities come from `sequences::history`.
pub fn record(rng: &mut ChaCha8Rng, data: &DemoData, i: usize, now: DateTime<Utc>) -> RecordState {
    let p = person(rng);
    // Phones: most have both; some only a mobile, some only a business line, some none.
    let (business, mobile) = match rng.random_range(0..20) {
        0..=10 => (p.business, p.mobile),
        11..=14 => (None, p.mobile),
        15..=16 => (p.business, None),
        _ => (None, None),
    };
    let email = if rng.random_bool(0.9) {
        let domain = p
            .company
            .as_ref()
            .map_or("mail.example", |(_, d)| d.as_str());
        Some(format!("{}@{}", p.email_user, domain))
    } else {
        None
    };
    let company = p.company.map(|(c, _)| c);
    let kind = if rng.random_bool(0.6) {
        RecordKind::Lead
    } else {
        RecordKind::Opportunity
    };
    let about = company.clone().unwrap_or_else(|| p.name.clone());
    let name = match (kind, p.greek) {
        (RecordKind::Lead, true) => format!(
            "{} — {about}",
            GREEK_LEAD_TOPICS.choose(rng).expect("topics")
        ),
        (RecordKind::Lead, false) => format!(
            "{} — {about}",
            ENGLISH_LEAD_TOPICS.choose(rng).expect("topics")
        ),
        (RecordKind::Opportunity, _) => format!(
            "{about}: {} {}",
            rng.random_range(5..250),
            OPPORTUNITY_TOPICS.choose(rng).expect("topics")
        ),
    };
    // Owners: "me" most often, then the other sellers and the manager.
    let owner = match rng.random_range(0..10) {
        0..=4 => data.users[0].id,
        5 => data.users[1].id,
        6 => data.users[2].id,
        7 => data.users[3].id,
        _ => data.users[4].id,
    };
    let sequence = if rng.random_bool(0.75) {
        Some(data.sequences.choose(rng).expect("sequences").id)
    } else {
        None
    };
    let last_contacted = rng
        .random_bool(0.6)
        .then(|| now - Duration::hours(rng.random_range(1..(60 * 24))));
    let mut seed_id = SeededIds(rng);
    RecordState {
        record: Record {
            id: RecordId(seed_id.new_id()),
            kind,
            name: if i.is_multiple_of(97) {
                format!("{name} (VIP)")
            } else {
                name
            },
            contact: Contact {
                name: p.name,
                company,
                business_phone: business,
                mobile_phone: mobile,
                email,
                do_not_phone: rng.random_bool(0.08),
                do_not_email: rng.random_bool(0.05),
                do_not_text: rng.random_bool(0.05),
                country: Some(p.country.into()),
                time_zone: p.time_zone.map(str::to_string),
            },
            owner,
            sequence,
            score: rng.random_range(5..=99),
            last_contacted,
            version: 1,
        },
        sequence: sequence.and_then(|id| data.sequences.iter().find(|s| s.id == id).cloned()),
        activities: vec![],
    }
}
