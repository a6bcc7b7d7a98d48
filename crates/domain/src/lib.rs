//! Nextline's rules (`../README.md`, rules R1–R22): work list, sequences, Up Next, dial plan,
//! calling hours, access. Pure: every function takes the time, the ids and the state it needs.
//! No IO, no clock, no randomness — `scripts/check-domain-purity` keeps it that way.

pub mod access;
pub mod activity;
pub mod calling_hours;
pub mod commands;
pub mod dialplan;
pub mod due;
pub mod email;
pub mod error;
pub mod ids;
pub mod lang;
pub mod meeting;
pub mod phone_call;
pub mod record;
pub mod reminders;
pub mod search;
pub mod send_time;
pub mod sequence;
pub mod settings;
pub mod state;
pub mod templates;
pub mod text_message;
pub mod timeline;
pub mod upnext;
pub mod user;
pub mod worklist;

pub use activity::{Activity, ActivityState, ActivityType, Assignee, StepRef};
pub use commands::{Command, run};
pub use email::{EmailDetails, EmailDraft, EmailRoute, EmailWarning};
pub use error::DomainError;
pub use ids::*;
pub use lang::Lang;
pub use meeting::MeetingDetails;
pub use phone_call::{CallDirection, CallOutcome, CallQualityScore, PhoneCallDetails};
pub use record::{Contact, Record, RecordKind};
pub use sequence::{Sequence, Step, StepKind};
pub use settings::{Feature, Features, Settings};
pub use state::{Context, Outcome, RecordState};
pub use text_message::{TextDetails, TextDirection, TextState, TextTransport};
pub use timeline::{Note, TimelineEntry, TimelineEvent};
pub use user::{Actor, Directory, SalesRole, Team, User};
