//! What a command sees: one record with its sequence and activities, and who is asking.

use crate::activity::Activity;
use crate::ids::{ActivityId, NoteId, RecordId, TimelineId};
use crate::record::Record;
use crate::sequence::Sequence;
use crate::settings::Settings;
use crate::timeline::{Note, TimelineEntry, TimelineEvent};
use crate::user::{Actor, Directory};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One record and everything the rules need to know about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordState {
    pub record: Record,
    pub sequence: Option<Sequence>,
    pub activities: Vec<Activity>,
}

impl RecordState {
    pub fn activity(&self, id: ActivityId) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    /// The open activity of the record's sequence, if any (at most one: R2).
    pub fn open_step(&self) -> Option<&Activity> {
        self.activities
            .iter()
            .find(|a| a.step.is_some() && a.is_open())
    }

    /// Apply a command's outcome to this in-memory state (what the store does on disk).
    pub fn apply(&mut self, outcome: &Outcome) {
        if let Some(r) = &outcome.record {
            self.record = r.clone();
        }
        for a in &outcome.activities {
            match self.activities.iter_mut().find(|x| x.id == a.id) {
                Some(slot) => *slot = a.clone(),
                None => self.activities.push(a.clone()),
            }
        }
    }
}

/// Who is asking, and the settings and time the rules run against.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub actor: &'a Actor,
    pub directory: &'a Directory,
    pub settings: &'a Settings,
    pub now: DateTime<Utc>,
}

/// What a command changed. The store writes all of it in one transaction, with an outbox row
/// for each change, or none of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// The record, when it changed.
    pub record: Option<Record>,
    /// Activities changed or created, in the order it happened.
    pub activities: Vec<Activity>,
    pub notes: Vec<Note>,
    /// What happened, for the record's timeline; also the events the app core publishes.
    pub timeline: Vec<TimelineEntry>,
}

impl Outcome {
    pub fn is_empty(&self) -> bool {
        self.record.is_none() && self.activities.is_empty() && self.notes.is_empty()
    }

    pub fn events(&self) -> impl Iterator<Item = &TimelineEvent> {
        self.timeline.iter().map(|t| &t.event)
    }

    pub(crate) fn log(
        &mut self,
        ids: &mut dyn crate::ids::NewIds,
        record: RecordId,
        ctx: &Context<'_>,
        event: TimelineEvent,
    ) {
        self.timeline.push(TimelineEntry {
            id: TimelineId(ids.new_id()),
            record,
            at: ctx.now,
            author: ctx.actor.id(),
            event,
        });
    }

    pub(crate) fn note(
        &mut self,
        ids: &mut dyn crate::ids::NewIds,
        record: RecordId,
        activity: Option<ActivityId>,
        ctx: &Context<'_>,
        text: String,
    ) {
        let note = Note {
            id: NoteId(ids.new_id()),
            record,
            activity,
            author: ctx.actor.id(),
            text: text.clone(),
            created_at: ctx.now,
        };
        let id = note.id;
        self.notes.push(note);
        self.log(
            ids,
            record,
            ctx,
            TimelineEvent::NoteAdded { note: id, text },
        );
    }
}
