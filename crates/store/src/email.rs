//! R16, R17: the composer's drafts (one per record, saved as the seller types) and the
//! emails waiting to leave, each claimed by one sender at a time.

use chrono::{DateTime, Duration, Utc};
use nextline_domain::{Activity, ActivityId, EmailDraft, EmailRoute, RecordId};

use crate::rows::{self, ACTIVITY_COLUMNS, ActivityRow};
use crate::{Result, Store};

/// A claim older than this is a sender that died mid-send: the email may be tried again.
pub const STALE_CLAIM: Duration = Duration::minutes(5);

impl Store {
    /// Saves the draft of its record (replacing the one there), stamped `now`.
    pub async fn save_email_draft(&self, draft: &EmailDraft, now: DateTime<Utc>) -> Result<()> {
        let mut d = draft.clone();
        d.saved_at = Some(now);
        sqlx::query(
            "INSERT INTO email_drafts (record_id, draft, saved_at) VALUES (?, ?, ?)
             ON CONFLICT(record_id) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at",
        )
        .bind(d.record.to_string())
        .bind(serde_json::to_string(&d)?)
        .bind(rows::ms(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn email_draft(&self, record: RecordId) -> Result<Option<EmailDraft>> {
        let s: Option<String> =
            sqlx::query_scalar("SELECT draft FROM email_drafts WHERE record_id = ?")
                .bind(record.to_string())
                .fetch_optional(&self.pool)
                .await?;
        Ok(s.as_deref().map(serde_json::from_str).transpose()?)
    }

    /// Every saved draft, newest first.
    pub async fn email_drafts(&self) -> Result<Vec<EmailDraft>> {
        let all: Vec<String> =
            sqlx::query_scalar("SELECT draft FROM email_drafts ORDER BY saved_at DESC")
                .fetch_all(&self.pool)
                .await?;
        all.iter().map(|s| Ok(serde_json::from_str(s)?)).collect()
    }

    pub async fn discard_email_draft(&self, record: RecordId) -> Result<()> {
        sqlx::query("DELETE FROM email_drafts WHERE record_id = ?")
            .bind(record.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Pending emails going by `route` whose time has come (`due` = send time, or the retry
    /// time after a failure) and that no live sender holds.
    pub async fn emails_to_send(
        &self,
        route: EmailRoute,
        now: DateTime<Utc>,
    ) -> Result<Vec<Activity>> {
        Ok(self
            .pending_emails(route, now, now)
            .await?
            .into_iter()
            .filter(|a| next_try(a) <= now)
            .collect())
    }

    /// Every pending email going by `route`, whatever its time.
    pub async fn emails_waiting(&self, route: EmailRoute) -> Result<Vec<Activity>> {
        let far = DateTime::<Utc>::MAX_UTC - Duration::days(1);
        self.pending_emails(route, far, DateTime::<Utc>::MIN_UTC + STALE_CLAIM)
            .await
    }

    /// When the next pending email going by `route` is to be tried, if any.
    pub async fn next_email_send(
        &self,
        route: EmailRoute,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        let far = DateTime::<Utc>::MAX_UTC - Duration::days(1);
        Ok(self
            .pending_emails(route, far, now)
            .await?
            .iter()
            .map(next_try)
            .min())
    }

    async fn pending_emails(
        &self,
        route: EmailRoute,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Activity>> {
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities
             WHERE state = 'pending' AND type = 'email' AND due <= ?
               AND json_extract(email, '$.route') = ?
               AND id NOT IN (SELECT activity_id FROM email_sending
                              WHERE claimed_at > ? OR sent_at IS NOT NULL)
             ORDER BY due"
        );
        let stale = now - STALE_CLAIM;
        sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(rows::ms(until))
            .bind(serde_json::to_value(route)?.as_str().unwrap_or_default())
            .bind(rows::ms(stale))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ActivityRow::into_activity)
            .collect()
    }

    /// Claims an email for sending at `now`: `false` when another sender holds it (and its
    /// claim is fresh) or it is no longer pending.
    pub async fn claim_email_send(&self, id: ActivityId, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM activities WHERE id = ? AND state = 'pending' AND type = 'email'",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if pending.is_none() {
            return Ok(false);
        }
        let r = sqlx::query(
            "INSERT INTO email_sending (activity_id, claimed_at) VALUES (?1, ?2)
             ON CONFLICT(activity_id) DO UPDATE SET claimed_at = ?2
             WHERE claimed_at <= ?3 AND sent_at IS NULL",
        )
        .bind(id.to_string())
        .bind(rows::ms(now))
        .bind(rows::ms(now - STALE_CLAIM))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(r.rows_affected() == 1)
    }

    /// The server took the email: it is never sent again, whatever happens next.
    pub async fn email_handed_over(&self, id: ActivityId, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE email_sending SET sent_at = ? WHERE activity_id = ?")
            .bind(rows::ms(now))
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Emails the server took whose activity does not say so yet (recording it failed).
    pub async fn emails_sent_unrecorded(&self) -> Result<Vec<Activity>> {
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities
             WHERE state = 'pending' AND type = 'email'
               AND id IN (SELECT activity_id FROM email_sending WHERE sent_at IS NOT NULL)"
        );
        sqlx::query_as::<_, ActivityRow>(&sql)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ActivityRow::into_activity)
            .collect()
    }

    /// Whether an email is being handed to its server right now (a fresh claim).
    pub async fn email_being_sent(&self, id: ActivityId, now: DateTime<Utc>) -> Result<bool> {
        let claimed: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM email_sending WHERE activity_id = ? AND (claimed_at > ? OR sent_at IS NOT NULL)",
        )
        .bind(id.to_string())
        .bind(rows::ms(now - STALE_CLAIM))
        .fetch_optional(&self.pool)
        .await?;
        Ok(claimed.is_some())
    }

    /// Lets go of a claim (the send is over, whichever way it went).
    pub async fn release_email_send(&self, id: ActivityId) -> Result<()> {
        sqlx::query("DELETE FROM email_sending WHERE activity_id = ?")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// R21: a record's text messages, oldest first.
    pub async fn text_messages(&self, record: RecordId) -> Result<Vec<Activity>> {
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities
             WHERE record_id = ? AND type = 'textMessage' AND text IS NOT NULL
             ORDER BY created_at, rowid"
        );
        sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(record.to_string())
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ActivityRow::into_activity)
            .collect()
    }

    /// Text messages still on their way out by a transport, for following their delivery.
    pub async fn texts_in_flight(&self, transport: &str, limit: u32) -> Result<Vec<Activity>> {
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities
             WHERE type = 'textMessage' AND json_extract(text, '$.transport') = ?
               AND json_extract(text, '$.state') IN ('sending', 'sent')
             ORDER BY created_at LIMIT ?"
        );
        sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(transport)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ActivityRow::into_activity)
            .collect()
    }
}

/// When an email is next to be tried: its send time, or later after a failure.
fn next_try(a: &Activity) -> DateTime<Utc> {
    a.email
        .as_ref()
        .and_then(|e| e.retry_at)
        .map_or(a.due, |r| r.max(a.due))
}
