//! What the window and the CLI show, shaped for them (and exported to TypeScript).

use nextline_domain::dialplan::DialPlan;
use nextline_domain::upnext::{ActivityAction, MainAction, UpcomingStep};
use nextline_domain::*;
use serde::Serialize;
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub id: UserId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The data is the built-in demo data.
    pub demo: bool,
    pub current_user: UserSummary,
    pub record_count: u32,
    pub version: String,
    pub language: Lang,
}

/// Whether an action is offered, and if not, why (R22: say which role or switch is missing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionState {
    pub action: ActivityAction,
    pub allowed: bool,
    pub code: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    pub activity: Activity,
    pub main_action: MainAction,
    pub actions: Vec<ActionState>,
}

/// The Up Next panel of one record (R4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpNextView {
    pub record: Record,
    pub owner_name: String,
    pub sequence_name: Option<String>,
    pub active: Option<ActivityView>,
    pub waiting: Option<ActivityView>,
    pub manual: Vec<ActivityView>,
    pub upcoming: Vec<UpcomingStep>,
    pub completed: Vec<Activity>,
    pub local_time: Option<nextline_domain::calling_hours::LocalTime>,
    /// The dial plan (R12, R13), or the reason it has none (e.g. an unparseable number).
    pub dial_plan: Option<DialPlan>,
    pub dial_plan_error: Option<crate::ErrorPayload>,
    /// Changes on this record Dynamics 365 refused or someone else's change blocks: shown on
    /// the record until the seller settles them.
    pub sync_issues: Vec<SyncIssue>,
}

/// A change of this record's that did not land in Dynamics 365.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncIssue {
    /// The outbox entry (for Try again / Keep mine / Take theirs).
    #[ts(type = "number")]
    pub seq: i64,
    /// The activity it is about, if it is about one.
    pub activity: Option<ActivityId>,
    /// What the change was, e.g. "Phone call · Call Anna Berg (completed)".
    pub summary: String,
    /// Someone else's change blocks it (the seller decides); else Dynamics 365 refused it.
    pub conflict: bool,
    /// Dynamics 365's message, or why the conflict could not be settled.
    pub message: String,
}

/// What a command did, for the caller to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommandDone {
    pub record: RecordId,
    pub events: Vec<TimelineEvent>,
    /// Activities changed or created.
    pub activities: Vec<Activity>,
}

/// A change the window should show: which records changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
    pub records: Vec<RecordId>,
}

/// Everyone activities can be assigned to (for pickers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryView {
    pub users: Vec<User>,
    pub teams: Vec<Team>,
}
