//! Bulk loading (demo data now, the CRM's initial sync later): many records in one transaction.

use crate::error::Result;
use crate::write;
use nextline_domain::*;
use sqlx::SqliteConnection;

/// Everything one import brings.
pub struct Import<'a> {
    pub users: &'a [User],
    pub teams: &'a [Team],
    pub sequences: &'a [Sequence],
    pub records: &'a [RecordState],
    pub notes: &'a [Note],
    pub timeline: &'a [TimelineEntry],
}

pub(crate) async fn import(
    c: &mut SqliteConnection,
    data: &Import<'_>,
    settings: &Settings,
) -> Result<()> {
    for u in data.users {
        write::upsert_user(c, u).await?;
    }
    for t in data.teams {
        write::upsert_team(c, t).await?;
    }
    for s in data.sequences {
        write::upsert_sequence(c, s).await?;
    }
    let directory = Directory {
        users: data.users.to_vec(),
        teams: data.teams.to_vec(),
    };
    for state in data.records {
        let rowid = write::upsert_record(c, &state.record, &settings.default_region).await?;
        for a in &state.activities {
            write::upsert_activity(c, a).await?;
        }
        write::refresh_work_items(c, rowid, state, &directory).await?;
    }
    for n in data.notes {
        write::upsert_note(c, n).await?;
    }
    for t in data.timeline {
        write::insert_timeline(c, t).await?;
    }
    Ok(())
}
