//! Identifiers. Every id is a UUID chosen outside the domain (R-independent): the domain
//! never makes one up, it is handed a source of new ids.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        #[ts(type = "string")]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// A user of the CRM (a seller, a sales manager).
    UserId);
id_type!(/// A team of users; activities can be assigned to a team (R9).
    TeamId);
id_type!(/// A lead or an opportunity (R1).
    RecordId);
id_type!(/// An activity: phone call, email, meeting, text message or task.
    ActivityId);
id_type!(/// A sequence of steps (R1).
    SequenceId);
id_type!(/// A note on a record (R8).
    NoteId);
id_type!(/// An entry on a record's timeline.
    TimelineId);

/// Where new ids come from. The app core uses random v4 UUIDs; tests use a counter.
pub trait NewIds {
    fn new_id(&mut self) -> Uuid;
}

/// Deterministic ids for tests and simulations: 1, 2, 3, …
#[derive(Debug, Default, Clone)]
pub struct CountingIds(pub u128);

impl NewIds for CountingIds {
    fn new_id(&mut self) -> Uuid {
        self.0 += 1;
        Uuid::from_u128(self.0)
    }
}

impl<F: FnMut() -> Uuid> NewIds for F {
    fn new_id(&mut self) -> Uuid {
        self()
    }
}
