//! A small world for rule tests: three users, a team, one record on a sequence.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use nextline_domain::*;
use uuid::Uuid;

pub fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub const NOW: &str = "2026-11-25T08:00:00Z";

pub struct World {
    pub dir: Directory,
    pub settings: Settings,
    pub ana: UserId,
    pub ben: UserId,
    pub mia: UserId, // sales manager
    pub zoe: UserId, // no sales role
    pub team: TeamId,
    pub state: RecordState,
    pub ids: CountingIds,
    pub now: DateTime<Utc>,
}

pub fn uid(n: u128) -> Uuid {
    Uuid::from_u128(0xAAAA_0000_0000 + n)
}

fn user(n: u128, name: &str, role: Option<SalesRole>) -> User {
    User {
        id: UserId(uid(n)),
        name: name.into(),
        email: format!("{}@example.com", name.to_lowercase()),
        role,
        phone: None,
    }
}

/// Steps: 0 call, 1 wait 2 days, 2 email, 3 task, 4 text, 5 meeting (Teams).
pub fn sequence() -> Sequence {
    Sequence {
        id: SequenceId(uid(100)),
        name: "Inbound lead".into(),
        steps: vec![
            Step {
                kind: StepKind::PhoneCall,
                subject: "Intro call".into(),
            },
            Step {
                kind: StepKind::Wait {
                    minutes: 2 * 24 * 60,
                },
                subject: "Wait 2 days".into(),
            },
            Step {
                kind: StepKind::Email,
                subject: "Follow-up email".into(),
            },
            Step {
                kind: StepKind::Task,
                subject: "Prepare proposal".into(),
            },
            Step {
                kind: StepKind::TextMessage,
                subject: "Text reminder".into(),
            },
            Step {
                kind: StepKind::Meeting {
                    join_url: Some("https://teams.microsoft.com/l/meetup-join/abc".into()),
                },
                subject: "Demo meeting".into(),
            },
        ],
    }
}

impl World {
    pub fn new() -> World {
        let ana = user(1, "Ana", Some(SalesRole::Seller));
        let ben = user(2, "Ben", Some(SalesRole::Seller));
        let mia = user(3, "Mia", Some(SalesRole::SalesManager));
        let zoe = user(4, "Zoe", None);
        let team = Team {
            id: TeamId(uid(50)),
            name: "Inside sales".into(),
            members: vec![ana.id, ben.id],
        };
        let record = Record {
            id: RecordId(uid(200)),
            kind: RecordKind::Lead,
            name: "Solar panels for Acme".into(),
            contact: Contact {
                name: "Maria Papadopoulou".into(),
                company: Some("Acme".into()),
                business_phone: Some("210 123 4567".into()),
                mobile_phone: Some("+30 691 234 5678".into()),
                email: Some("maria@acme.gr".into()),
                country: Some("GR".into()),
                ..Contact::default()
            },
            owner: ana.id,
            sequence: Some(SequenceId(uid(100))),
            score: 70,
            last_contacted: None,
            version: 1,
        };
        let mut w = World {
            ana: ana.id,
            ben: ben.id,
            mia: mia.id,
            zoe: zoe.id,
            team: team.id,
            dir: Directory {
                users: vec![ana, ben, mia, zoe],
                teams: vec![team],
            },
            settings: Settings::default(),
            state: RecordState {
                record,
                sequence: Some(sequence()),
                activities: vec![],
            },
            ids: CountingIds(1000),
            now: t(NOW),
        };
        let actor = w.dir.actor(w.ana).unwrap();
        let ctx = Context {
            actor: &actor,
            directory: &w.dir,
            settings: &w.settings,
            now: w.now,
        };
        let out = commands::start_sequence(&w.state, &ctx, &mut w.ids);
        w.state.apply(&out);
        w
    }

    pub fn run_as(&mut self, who: UserId, cmd: Command) -> Result<Outcome, DomainError> {
        let actor = self.dir.actor(who).unwrap();
        let ctx = Context {
            actor: &actor,
            directory: &self.dir,
            settings: &self.settings,
            now: self.now,
        };
        let out = run(&self.state, &cmd, &ctx, &mut self.ids)?;
        self.state.apply(&out);
        Ok(out)
    }

    pub fn open_step(&self) -> Activity {
        self.state.open_step().cloned().expect("an open step")
    }

    pub fn later(&mut self, d: Duration) {
        self.now += d;
    }

    /// Add a manual activity (outside the sequence).
    pub fn add_manual(&mut self, kind: ActivityType, subject: &str) -> ActivityId {
        let id = ActivityId(self.ids.new_id());
        self.state.activities.push(Activity {
            id,
            record: self.state.record.id,
            kind,
            subject: subject.into(),
            due: self.now + Duration::hours(3),
            starts_at: self.now,
            state: ActivityState::Open,
            assignee: Assignee::User(self.state.record.owner),
            step: None,
            join_url: None,
            snoozed_until: None,
            created_at: self.now,
            closed_at: None,
            closed_by: None,
            version: 1,
            call: None,
            email: None,
            text: None,
            meeting: None,
        });
        id
    }
}
