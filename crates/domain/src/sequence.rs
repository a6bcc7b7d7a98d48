//! Sequences: ordered steps a seller works through (R1, R2).

use crate::activity::ActivityType;
use crate::ids::SequenceId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a step asks of the seller. A wait is a delay before the next step (R1, R2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum StepKind {
    PhoneCall,
    Email,
    /// A meeting; a Teams meeting when it carries a join link.
    Meeting {
        #[serde(rename = "joinUrl", alias = "join_url")]
        join_url: Option<String>,
    },
    TextMessage,
    Task,
    /// Wait this many minutes after the previous step closed.
    Wait {
        minutes: u32,
    },
}

impl StepKind {
    /// The activity type this step creates; `None` for a wait.
    pub fn activity_type(&self) -> Option<ActivityType> {
        Some(match self {
            StepKind::PhoneCall => ActivityType::PhoneCall,
            StepKind::Email => ActivityType::Email,
            StepKind::Meeting { .. } => ActivityType::Meeting,
            StepKind::TextMessage => ActivityType::TextMessage,
            StepKind::Task => ActivityType::Task,
            StepKind::Wait { .. } => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub kind: StepKind,
    /// The name the step's activity gets, e.g. "Intro call".
    pub subject: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Sequence {
    pub id: SequenceId,
    pub name: String,
    pub steps: Vec<Step>,
}

/// The step that follows `index`, skipping over waits: (its index, the total wait in minutes
/// before it may start). `None` when the sequence ends.
pub fn next_step_after(sequence: &Sequence, index: Option<usize>) -> Option<(usize, u32)> {
    let mut wait = 0u32;
    let start = index.map_or(0, |i| i + 1);
    for (i, step) in sequence.steps.iter().enumerate().skip(start) {
        match step.kind {
            StepKind::Wait { minutes } => wait = wait.saturating_add(minutes),
            _ => return Some((i, wait)),
        }
    }
    None
}
