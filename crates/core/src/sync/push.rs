//! Writing the outbox to Dynamics 365, oldest first, each change exactly once:
//!
//! - a create is an upsert to Nextline's own id under `If-None-Match: *`; a 412 means an
//!   earlier try landed (its answer was lost), so the row is read back and the change is done;
//! - an update sends only the columns the seller changed, `If-Match` the ETag it was based on;
//!   a 412 is settled by the rule in the README: the row is read again, the columns the seller
//!   did not touch keep the server's values, the seller's columns are sent again on the fresh
//!   ETag. A row deleted, or closed by someone else, cannot be settled: the change waits in
//!   the outbox as a conflict for the seller to decide;
//! - a validation error (400) is kept on the change, with the server's message;
//! - the network or the server's load stops the drain: the change stays pending.
//!
//! A change that fails or conflicts holds back the later changes of the same activity or
//! record; the others carry on.

use std::collections::HashSet;

use nextline_dataverse::batch::BatchRequest;
use nextline_dataverse::client::Precondition;
use nextline_dataverse::write::{self as dw};
use nextline_dataverse::{Client, DataverseError, Table};
use nextline_domain::*;
use nextline_store::{CrmShadow, OutboxRow};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{App, CoreError, Result};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PushReport {
    pub landed: u32,
    pub failed: u32,
    pub conflicts: u32,
    /// Changes left pending because a transient error stopped the drain.
    pub stopped_by: Option<String>,
}

enum Outcome {
    Landed(Option<CrmShadow>),
    Failed(String),
    Conflict(String),
}

/// What one change writes.
struct Write {
    table: Table,
    id: Uuid,
    /// Every column (a create).
    full: Map<String, Value>,
    /// The columns the seller changed (an update).
    changed: Map<String, Value>,
    create: bool,
    base_etag: Option<String>,
    force: bool,
}

impl Write {
    /// An update's `If-Match`: the ETag the change was based on (else the last one known), or
    /// any version when the seller chose to keep theirs.
    fn update_condition(&self, shadow: Option<&CrmShadow>) -> Precondition {
        match (
            self.force,
            self.base_etag
                .clone()
                .or(shadow.and_then(|s| s.etag.clone())),
        ) {
            (false, Some(e)) => Precondition::Version(e),
            _ => Precondition::Exists,
        }
    }
}

fn plain(m: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    m.iter()
        .filter(|(k, _)| !k.contains('@') && !k.ends_with("_activity_parties"))
}

/// The lookup a bind sets: `regardingobjectid_lead_phonecall@odata.bind` → `_regardingobjectid_value`.
fn bound_column(key: &str) -> Option<String> {
    let nav = key.strip_suffix("@odata.bind")?;
    let lookup = ["regardingobjectid", "objectid"]
        .into_iter()
        .find(|p| nav.starts_with(&format!("{p}_")))
        .unwrap_or(nav);
    Some(format!("_{lookup}_value"))
}

/// Whether the row already holds what `changed` sets (an earlier try landed): every column,
/// and every lookup bound to the same row. Party lists are only sent on a create.
fn already_there(row: &Map<String, Value>, changed: &Map<String, Value>) -> bool {
    changed
        .iter()
        .filter(|(k, _)| !k.ends_with("_activity_parties"))
        .all(|(k, v)| match bound_column(k) {
            Some(column) => {
                let target = v
                    .as_str()
                    .and_then(|t| t.rsplit_once('('))
                    .map(|(_, id)| id.trim_end_matches(')'));
                row.get(&column).and_then(Value::as_str) == target
            }
            None if k.contains('@') => true,
            None => row.get(k) == Some(v),
        })
}

/// The CRM table an outbox entry writes to.
pub(crate) fn table_of(row: &OutboxRow) -> Option<Table> {
    match row.entity.as_str() {
        "activity" => {
            let a: Activity = serde_json::from_value(row.payload["activity"].clone()).ok()?;
            Some(dw::table_of_activity(&a))
        }
        "note" => Some(Table::Annotations),
        "record" => {
            let kind: RecordKind =
                serde_json::from_value(row.payload["record"]["kind"].clone()).ok()?;
            Some(dw::record_table(kind))
        }
        _ => None,
    }
}

impl App {
    /// Sends the pending changes, oldest first.
    pub async fn crm_push(&self, client: &Client) -> Result<PushReport> {
        let store = self.store();
        let mut report = PushReport::default();
        let mut held: HashSet<String> = store
            .unsent_outbox(u32::MAX)
            .await?
            .into_iter()
            .filter(|r| r.state == "failed" || r.state == "conflict")
            .map(|r| r.entity_id)
            .collect();
        let mut after = 0i64;
        loop {
            let batch = store.pending_outbox_after(after, 200).await?;
            let Some(last) = batch.last() else {
                break;
            };
            after = last.seq;
            let rows: Vec<OutboxRow> = batch
                .into_iter()
                .filter(|r| !held.contains(&r.entity_id))
                .collect();
            // The changes of one command (same moment) go together as one change set.
            let mut i = 0;
            while i < rows.len() {
                let mut j = i + 1;
                while j < rows.len() && rows[j].created_at == rows[i].created_at {
                    j += 1;
                }
                let group = &rows[i..j];
                i = j;
                let together = if group.len() > 1 {
                    match self.send_together(client, group).await {
                        Ok(o) => o,
                        Err(e) => return self.stopped(group, e, &mut report).await,
                    }
                } else {
                    None
                };
                match together {
                    Some(outcomes) => {
                        for (row, outcome) in group.iter().zip(outcomes) {
                            self.record(row, outcome, &mut held, &mut report).await?;
                        }
                    }
                    None => {
                        for row in group {
                            if held.contains(&row.entity_id) {
                                continue;
                            }
                            match self.send_change(client, row).await {
                                Ok(outcome) => {
                                    self.record(row, outcome, &mut held, &mut report).await?
                                }
                                Err(e) => {
                                    return self
                                        .stopped(std::slice::from_ref(row), e, &mut report)
                                        .await;
                                }
                            }
                        }
                    }
                }
            }
        }
        self.hand_over_emails(client).await?;
        Ok(report)
    }

    /// R15, R17 through Dynamics: each email written there as a draft is handed to SendEmail,
    /// once — the org's mailbox sends it now, or at `delayedemailsendtime`. A sent-now email is
    /// then completed here; a scheduled one stays pending until the org says it went.
    async fn hand_over_emails(&self, client: &Client) -> Result<()> {
        let waiting = self.store().emails_waiting(EmailRoute::Dynamics).await?;
        if waiting.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = waiting.iter().map(|a| a.id.0).collect();
        let shadows = self.store().crm_shadows(&ids).await?;
        for email in waiting {
            // Not written there yet (its create is still in the outbox).
            let Some(shadow) = shadows.get(&email.id.0) else {
                continue;
            };
            let status = shadow.columns.get("statuscode").and_then(Value::as_i64);
            let scheduled = email.email.as_ref().is_some_and(|e| e.scheduled);
            if !matches!(status, Some(3 | 6 | 7)) {
                let handed = match client
                    .action(
                        Table::Emails,
                        email.id.0,
                        "SendEmail",
                        &dw::send_email_action(true),
                    )
                    .await
                {
                    Ok(_) => Ok(()),
                    Err(e) if e.is_transient() || matches!(e, DataverseError::SignInNeeded(_)) => {
                        return Err(e.into());
                    }
                    // Refused: sent already (an earlier answer was lost) — or really refused.
                    // The org's own state says which.
                    Err(e) => match client.get(Table::Emails, email.id.0).await {
                        Ok(Some(row)) if row.int("statecode") == Some(1) => Ok(()),
                        Ok(_) => Err(e),
                        Err(read) if read.is_transient() => return Err(read.into()),
                        Err(_) => Err(e),
                    },
                };
                if let Err(e) = handed {
                    tracing::warn!(code = e.code(), "Dynamics 365 did not send an email");
                    let reason = format!(
                        "{} ({})",
                        match self.lang() {
                            nextline_domain::Lang::En => "Dynamics 365 didn't send this email",
                            nextline_domain::Lang::El =>
                                "Το Dynamics 365 δεν έστειλε αυτό το email",
                        },
                        e
                    );
                    if let Err(e) = self
                        .run(
                            email.closed_by,
                            Command::EmailFailed {
                                activity: email.id,
                                reason,
                            },
                        )
                        .await
                    {
                        tracing::warn!(code = e.code(), "an email's failure not recorded");
                    }
                    continue;
                }
                tracing::info!("email handed to Dynamics 365");
                let mut sent = shadow.clone();
                sent.columns.insert("statecode".into(), 1.into());
                sent.columns
                    .insert("statuscode".into(), (if scheduled { 6 } else { 3 }).into());
                self.store().remember_shadow(&sent).await?;
            }
            if !scheduled
                && let Err(e) = self
                    .run(email.closed_by, Command::EmailSent { activity: email.id })
                    .await
            {
                tracing::warn!(code = e.code(), "an email's sending not recorded");
            }
        }
        Ok(())
    }

    /// A transient error or a refused sign-in stops the drain: the changes stay pending.
    async fn stopped(
        &self,
        rows: &[OutboxRow],
        e: CoreError,
        report: &mut PushReport,
    ) -> Result<PushReport> {
        match e {
            CoreError::Crm(e)
                if e.is_transient() || matches!(e, DataverseError::SignInNeeded(_)) =>
            {
                for row in rows {
                    self.store()
                        .outbox_not_landed(row.seq, "pending", &e.to_string())
                        .await?;
                }
                report.stopped_by = Some(e.code().into());
                Err(CoreError::Crm(e))
            }
            e => Err(e),
        }
    }

    async fn record(
        &self,
        row: &OutboxRow,
        outcome: Outcome,
        held: &mut HashSet<String>,
        report: &mut PushReport,
    ) -> Result<()> {
        let store = self.store();
        match outcome {
            Outcome::Landed(shadow) => {
                store
                    .outbox_landed(row.seq, shadow.as_ref(), self.now())
                    .await?;
                report.landed += 1;
            }
            Outcome::Failed(why) => {
                store.outbox_not_landed(row.seq, "failed", &why).await?;
                held.insert(row.entity_id.clone());
                report.failed += 1;
            }
            Outcome::Conflict(why) => {
                store.outbox_not_landed(row.seq, "conflict", &why).await?;
                held.insert(row.entity_id.clone());
                report.conflicts += 1;
            }
        }
        Ok(())
    }

    /// One command's changes as one `$batch` change set (all land, or none). `None`: the org
    /// refused the set (a 412, a validation error): they go one by one, with the full rules.
    async fn send_together(
        &self,
        client: &Client,
        rows: &[OutboxRow],
    ) -> Result<Option<Vec<Outcome>>> {
        let ids: Vec<Uuid> = rows
            .iter()
            .filter_map(|r| r.entity_id.parse().ok())
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        if ids.len() != rows.len() || unique.len() != ids.len() {
            return Ok(None); // the same entity twice: in order, one by one
        }
        let shadows = self.store().crm_shadows(&ids).await?;
        let mut writes = Vec::new();
        for (row, id) in rows.iter().zip(&ids) {
            writes.push(self.write_of(row, shadows.get(id))?);
        }
        let api = client.connection.api.path().to_string();
        let mut requests = Vec::new();
        let mut sent = Vec::new();
        for (i, w) in writes.iter().enumerate() {
            let (body, condition) = if w.create {
                (
                    w.full.clone(),
                    ("If-None-Match".to_string(), "*".to_string()),
                )
            } else if w.changed.is_empty() {
                continue;
            } else {
                let etag = match w.update_condition(shadows.get(&w.id)) {
                    Precondition::Version(e) => e,
                    _ => "*".to_string(),
                };
                (w.changed.clone(), ("If-Match".to_string(), etag))
            };
            requests.push(BatchRequest {
                method: "PATCH".into(),
                url: format!("{api}{}({})", w.table.set(), w.id),
                headers: vec![condition],
                body: Some(Value::Object(body.clone())),
                content_id: Some((requests.len() + 1).to_string()),
            });
            sent.push((i, body));
        }
        if requests.len() < 2 {
            return Ok(None);
        }
        match client.change_set(&requests).await {
            Ok(parts) => {
                let mut outcomes: Vec<Outcome> =
                    writes.iter().map(|_| Outcome::Landed(None)).collect();
                for ((i, body), part) in sent.into_iter().zip(parts) {
                    let w = &writes[i];
                    let mut columns = shadows
                        .get(&w.id)
                        .map(|s| s.columns.clone())
                        .unwrap_or_default();
                    columns.extend(plain(&body).map(|(k, v)| (k.clone(), v.clone())));
                    outcomes[i] = Outcome::Landed(Some(CrmShadow {
                        id: w.id,
                        set: w.table.set().into(),
                        etag: part.header("ETag").map(str::to_string),
                        columns,
                    }));
                }
                Ok(Some(outcomes))
            }
            Err(e) if e.is_transient() || matches!(e, DataverseError::SignInNeeded(_)) => {
                Err(e.into())
            }
            Err(e) => {
                tracing::debug!(code = e.code(), "change set refused: one by one");
                Ok(None)
            }
        }
    }

    fn write_of(&self, row: &OutboxRow, shadow: Option<&CrmShadow>) -> Result<Write> {
        let p = &row.payload;
        let kind: RecordKind =
            serde_json::from_value(p["recordKind"].clone()).unwrap_or(RecordKind::Lead);
        let base_etag = p["baseEtag"].as_str().map(str::to_string);
        let force = p["force"].as_bool().unwrap_or(false);
        let bad =
            |what: &str| CoreError::OutboxEntry(format!("{} {}: {what}", row.entity, row.seq));
        let (table, id, full, before) = match row.entity.as_str() {
            "activity" => {
                let a: Activity = serde_json::from_value(p["activity"].clone())
                    .map_err(|e| bad(&e.to_string()))?;
                let before: Option<Activity> =
                    serde_json::from_value(p["before"].clone()).unwrap_or(None);
                let cols = |a: &Activity| {
                    let mut m = dw::activity_columns(a, kind);
                    m.extend(dw::activity_state_columns(a));
                    m
                };
                // A sales accelerator step (no linked activity): its own row is written.
                if shadow.is_some_and(|s| s.set == Table::SequenceTargetSteps.set()) {
                    let full = dw::step_columns(&a);
                    let before = before.as_ref().map(dw::step_columns);
                    let changed = match &before {
                        Some(b) => dw::changed(b, &full),
                        None => full.clone(),
                    };
                    return Ok(Write {
                        table: Table::SequenceTargetSteps,
                        id: a.id.0,
                        full,
                        changed,
                        create: false,
                        base_etag,
                        force,
                    });
                }
                let mut full = cols(&a);
                let to = match kind {
                    RecordKind::Lead => Some(("lead", a.record.0)),
                    RecordKind::Opportunity => None,
                };
                if let Some(parties) = dw::phone_call_parties(&a, to) {
                    full.insert("phonecall_activity_parties".into(), parties);
                }
                if let Some(parties) = dw::email_parties(&a, a.closed_by, None) {
                    full.insert("email_activity_parties".into(), parties);
                }
                if let Some(parties) = dw::meeting_parties(&a) {
                    full.insert("appointment_activity_parties".into(), parties);
                }
                // Party lists go with the create only: an update never sends them again (a
                // sent email's are read-only).
                let before = before.as_ref().map(|b| {
                    let mut m = cols(b);
                    for (k, v) in full
                        .iter()
                        .filter(|(k, _)| k.ends_with("_activity_parties"))
                    {
                        m.insert(k.clone(), v.clone());
                    }
                    m
                });
                (dw::table_of_activity(&a), a.id.0, full, before)
            }
            "note" => {
                let n: Note =
                    serde_json::from_value(p["note"].clone()).map_err(|e| bad(&e.to_string()))?;
                (Table::Annotations, n.id.0, dw::note_columns(&n, kind), None)
            }
            "record" => {
                let r: Record =
                    serde_json::from_value(p["record"].clone()).map_err(|e| bad(&e.to_string()))?;
                let before: Option<Record> =
                    serde_json::from_value(p["before"].clone()).unwrap_or(None);
                (
                    dw::record_table(r.kind),
                    r.id.0,
                    dw::record_columns(&r),
                    Some(before.as_ref().map(dw::record_columns).unwrap_or_default()),
                )
            }
            other => return Err(bad(&format!("unknown entity {other}"))),
        };
        let create = shadow.is_none()
            && (row.operation == "create" || before.is_none() || row.entity != "record");
        let changed = match &before {
            Some(b) => dw::changed(b, &full),
            None => full.clone(),
        };
        Ok(Write {
            table,
            id,
            full,
            changed,
            create,
            base_etag,
            force,
        })
    }

    async fn send_change(&self, client: &Client, row: &OutboxRow) -> Result<Outcome> {
        let id: Uuid = row
            .entity_id
            .parse()
            .map_err(|_| CoreError::OutboxEntry(format!("bad id {}", row.entity_id)))?;
        let shadows = self.store().crm_shadows(&[id]).await?;
        let shadow = shadows.get(&id);
        let w = self.write_of(row, shadow)?;
        let set = w.table.set();
        let landed = |etag: Option<String>, columns: &Map<String, Value>| {
            let mut merged = shadow.map(|s| s.columns.clone()).unwrap_or_default();
            merged.extend(plain(columns).map(|(k, v)| (k.clone(), v.clone())));
            Outcome::Landed(Some(CrmShadow {
                id: w.id,
                set: set.to_string(),
                etag,
                columns: merged,
            }))
        };
        let mut changed = w.changed.clone();
        let mut etag = w.update_condition(shadow);
        if w.create {
            match client
                .patch(set, w.id, &w.full, &Precondition::Absent)
                .await
            {
                Ok(etag) => return Ok(landed(etag, &w.full)),
                // Already there: an earlier try landed (its answer was lost), or the row was
                // made elsewhere. Done if it holds the change; else the change goes on top.
                Err(DataverseError::Changed) => match client.get(w.table, w.id).await? {
                    Some(r) if already_there(&r.columns, &w.full) => {
                        return Ok(Outcome::Landed(Some(CrmShadow {
                            id: r.id,
                            set: set.into(),
                            etag: r.etag,
                            columns: r.columns,
                        })));
                    }
                    Some(r) => {
                        changed = w.full.clone();
                        changed.retain(|k, _| !k.ends_with("_activity_parties"));
                        etag = r
                            .etag
                            .map(Precondition::Version)
                            .unwrap_or(Precondition::Exists);
                    }
                    None => {
                        return Ok(Outcome::Conflict(
                            "Dynamics 365 refused to create it and does not have it".into(),
                        ));
                    }
                },
                Err(DataverseError::Refused { message, .. }) => {
                    return Ok(Outcome::Failed(message));
                }
                // The org has no such table (no text messages there), or the seller's role
                // may not write it: kept here as failed, the rest goes on.
                Err(DataverseError::NotFound) => {
                    return Ok(Outcome::Failed(format!(
                        "Dynamics 365 has no {} table in this organisation",
                        set
                    )));
                }
                Err(DataverseError::Forbidden(why)) => return Ok(Outcome::Failed(why)),
                Err(e) => return Err(e.into()),
            }
        }
        if changed.is_empty() {
            return Ok(Outcome::Landed(None));
        }
        for _ in 0..3 {
            match client.patch(set, w.id, &changed, &etag).await {
                Ok(new) => return Ok(landed(new, &changed)),
                Err(DataverseError::Changed) => {
                    // The 412 rule: read the row again, keep the server's other columns, send the
                    // seller's columns on the fresh ETag.
                    let Some(fresh) = client.get(w.table, w.id).await? else {
                        return Ok(Outcome::Conflict(
                            "deleted in Dynamics 365 by someone else".into(),
                        ));
                    };
                    if already_there(&fresh.columns, &changed) {
                        return Ok(Outcome::Landed(Some(CrmShadow {
                            id: fresh.id,
                            set: set.into(),
                            etag: fresh.etag,
                            columns: fresh.columns,
                        })));
                    }
                    let closed_there = fresh.int("statecode").unwrap_or(0) != 0;
                    if closed_there {
                        return Ok(Outcome::Conflict(format!(
                            "closed in Dynamics 365 by someone else ({})",
                            fresh
                                .formatted("statecode")
                                .unwrap_or("completed or cancelled")
                        )));
                    }
                    etag = fresh
                        .etag
                        .map(Precondition::Version)
                        .unwrap_or(Precondition::Exists);
                }
                Err(DataverseError::NotFound) => {
                    return Ok(Outcome::Conflict(
                        "deleted in Dynamics 365 by someone else".into(),
                    ));
                }
                Err(DataverseError::Refused { message, .. }) => {
                    return Ok(Outcome::Failed(message));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(Outcome::Conflict(
            "changed in Dynamics 365 again and again while sending".into(),
        ))
    }
}
