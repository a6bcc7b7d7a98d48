//! The activity clock's deadlines, read from the activities (snoozed due times, meeting starts,
//! the end of waits) and marked as told in the transaction that claims them, so a deadline is
//! told once however many times the app starts, sleeps or runs beside the CLI.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use nextline_domain::reminders::{Deadline, DeadlineKind};
use nextline_domain::{Activity, ActivityType, RecordId, TeamId, UserId};

use crate::rows::{self, ACTIVITY_COLUMNS, ActivityRow};
use crate::{Result, Store};

/// Whose deadlines: a seller, with their teams (team-assigned work reminds every member).
pub struct Owner<'a> {
    pub user: UserId,
    pub teams: &'a [TeamId],
}

impl Owner<'_> {
    fn filter(&self) -> (String, Vec<String>) {
        let mut binds = vec![self.user.to_string()];
        let teams = if self.teams.is_empty() {
            String::new()
        } else {
            binds.extend(self.teams.iter().map(ToString::to_string));
            format!(
                " OR (assignee_kind = 'team' AND assignee_id IN ({}))",
                vec!["?"; self.teams.len()].join(",")
            )
        };
        (
            format!("((assignee_kind = 'user' AND assignee_id = ?){teams})"),
            binds,
        )
    }
}

impl Store {
    /// Deadlines not yet told that fall at or before `until` — and those after it, up to
    /// `horizon`, when asked for the next one. Meetings only while they have not started.
    pub async fn deadlines(
        &self,
        owner: &Owner<'_>,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        meeting_lead: Duration,
    ) -> Result<Vec<Deadline>> {
        let (mine, binds) = owner.filter();
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities
             WHERE state = 'open' AND {mine} AND (
                   (snoozed_until IS NOT NULL AND snoozed_until <= ?)
                OR (type = 'meeting' AND due > ? AND due - ? <= ?)
                OR (starts_at > created_at AND starts_at <= ? AND starts_at > ?))"
        );
        let mut q = sqlx::query_as::<_, ActivityRow>(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        let lead = meeting_lead.num_milliseconds();
        let activities: Vec<Activity> = q
            .bind(rows::ms(until))
            .bind(rows::ms(now))
            .bind(lead)
            .bind(rows::ms(until))
            .bind(rows::ms(until))
            // A wait that ended more than a day ago needs no refresh.
            .bind(rows::ms(now - Duration::days(1)))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ActivityRow::into_activity)
            .collect::<Result<_>>()?;
        let names = self.record_names(&activities).await?;
        let mut out = Vec::new();
        for a in activities {
            let mut push = |kind: DeadlineKind, at: DateTime<Utc>| {
                if at <= until {
                    out.push(Deadline {
                        kind,
                        at,
                        activity: a.id,
                        activity_type: a.kind,
                        subject: a.subject.clone(),
                        record: a.record,
                        record_name: names.get(&a.record).cloned().unwrap_or_default(),
                        due: a.due,
                    });
                }
            };
            if let Some(s) = a.snoozed_until {
                push(DeadlineKind::SnoozeDue, s);
            }
            if a.kind == ActivityType::Meeting && a.due > now {
                push(DeadlineKind::MeetingSoon, a.due - meeting_lead);
            }
            if a.starts_at > a.created_at && a.starts_at > now - Duration::days(1) {
                push(DeadlineKind::WaitOver, a.starts_at);
            }
        }
        self.not_told(out).await
    }

    async fn record_names(&self, activities: &[Activity]) -> Result<HashMap<RecordId, String>> {
        let mut ids: Vec<String> = activities.iter().map(|a| a.record.to_string()).collect();
        ids.sort();
        ids.dedup();
        let mut names = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, name FROM records WHERE id IN ({})",
                vec!["?"; chunk.len()].join(",")
            );
            let mut q = sqlx::query_as::<_, (String, String)>(&sql);
            for id in chunk {
                q = q.bind(id);
            }
            for (id, name) in q.fetch_all(&self.pool).await? {
                names.insert(rows::id(&id)?, name);
            }
        }
        Ok(names)
    }

    async fn not_told(&self, deadlines: Vec<Deadline>) -> Result<Vec<Deadline>> {
        let mut out = Vec::with_capacity(deadlines.len());
        for d in deadlines {
            let told: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM reminders_told WHERE activity_id = ? AND kind = ? AND at = ?",
            )
            .bind(d.activity.to_string())
            .bind(d.kind.as_str())
            .bind(rows::ms(d.at))
            .fetch_optional(&self.pool)
            .await?;
            if told.is_none() {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Claims `deadlines` as told at `now`, in one transaction: returns those this call
    /// claimed (another process or an earlier run may have told the rest).
    pub async fn claim_deadlines(
        &self,
        deadlines: Vec<Deadline>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Deadline>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut claimed = Vec::new();
        for d in deadlines {
            let r = sqlx::query(
                "INSERT OR IGNORE INTO reminders_told (activity_id, kind, at, told_at) VALUES (?, ?, ?, ?)",
            )
            .bind(d.activity.to_string())
            .bind(d.kind.as_str())
            .bind(rows::ms(d.at))
            .bind(rows::ms(now))
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 1 {
                claimed.push(d);
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }
}
