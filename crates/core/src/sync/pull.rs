//! Reading Dynamics 365 into the cache: each table in order, page by page (one transaction
//! per page, with where to continue), through change tracking after the first read. An
//! expired delta token re-reads the table in full; local changes still waiting are kept.

use std::collections::HashMap;

use nextline_dataverse::mapping;
use nextline_dataverse::{Client, DataverseError, Page, Row, Table};
use nextline_domain::*;
use nextline_store::{CrmCursor, CrmPage, CrmShadow};
use uuid::Uuid;

use crate::{App, Result};

/// What a pull did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub rows: u64,
    pub deleted: u64,
    /// Entities whose local change waits in the outbox (the push settles them).
    pub kept_local: u64,
    /// Tables this org does not have.
    pub missing: Vec<String>,
    /// Tables read in full again because their delta token had expired.
    pub resynced: Vec<String>,
}

/// Called after each page: (table, rows so far in this table, tables done).
pub type Progress<'a> = &'a (dyn Fn(Table, u32, u32) + Send + Sync);

fn shadow(table: Table, row: &Row) -> CrmShadow {
    CrmShadow {
        id: row.id,
        set: table.set().to_string(),
        etag: row.etag.clone(),
        columns: row.columns.clone(),
    }
}

impl App {
    /// Reads every table (`full`: from scratch, keeping local changes still to send).
    pub async fn crm_pull(
        &self,
        client: &Client,
        full: bool,
        progress: Progress<'_>,
    ) -> Result<PullReport> {
        if full {
            self.store().reset_crm_cursors(None).await?;
        }
        let mut report = PullReport::default();
        for (done, table) in Table::ALL.into_iter().enumerate() {
            self.pull_table(client, table, &mut report, &|rows| {
                progress(table, rows, done as u32)
            })
            .await?;
        }
        self.store().refresh_dirty_records().await?;
        self.forget_cache_after_sync();
        Ok(report)
    }

    async fn pull_table(
        &self,
        client: &Client,
        table: Table,
        report: &mut PullReport,
        progress: &(dyn Fn(u32) + Send + Sync),
    ) -> Result<()> {
        let cursor = self
            .store()
            .crm_cursor(table.set())
            .await?
            .unwrap_or_default();
        if cursor.missing {
            report.missing.push(table.set().into());
            return Ok(());
        }
        let mut link = cursor.next_link.clone().or(cursor.delta_link.clone());
        if link.is_none() {
            self.store().begin_full_read(table.set()).await?;
        }
        let mut rows = 0u32;
        loop {
            let page = match client.read(table, link.as_deref()).await {
                Ok(p) => p,
                Err(DataverseError::DeltaExpired) => {
                    tracing::info!(
                        table = table.set(),
                        "delta token expired: reading the table in full"
                    );
                    self.store().reset_crm_cursors(Some(table.set())).await?;
                    self.store().begin_full_read(table.set()).await?;
                    report.resynced.push(table.set().into());
                    link = None;
                    continue;
                }
                Err(DataverseError::NotFound) if table.is_optional() && link.is_none() => {
                    let page = CrmPage {
                        set: table.set().into(),
                        cursor: Some(CrmCursor {
                            missing: true,
                            synced_at: Some(self.now()),
                            ..CrmCursor::default()
                        }),
                        ..CrmPage::default()
                    };
                    self.store()
                        .apply_crm_page(&page, &self.settings().await?.default_region)
                        .await?;
                    report.missing.push(table.set().into());
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            let next = page.next_link.clone();
            let mut mapped = self.map_page(client, table, &page).await?;
            mapped.cursor = Some(CrmCursor {
                next_link: page.next_link.clone(),
                delta_link: page.delta_link.clone().or(if page.next_link.is_some() {
                    None
                } else {
                    link.clone().filter(|l| l.contains("$deltatoken"))
                }),
                synced_at: Some(self.now()),
                missing: false,
            });
            let applied = self
                .store()
                .apply_crm_page(&mapped, &self.settings().await?.default_region)
                .await?;
            rows += page.rows.len() as u32;
            report.rows += page.rows.len() as u64;
            report.deleted += applied.deleted as u64;
            report.kept_local += applied.kept_local as u64;
            progress(rows);
            let full_read = !link.as_deref().is_some_and(|l| l.contains("$deltatoken"));
            match next {
                Some(n) => link = Some(n),
                None => {
                    if full_read {
                        // What a full read did not see was deleted in the org meanwhile.
                        let gone = self.store().unseen_rows(table.set()).await?;
                        if !gone.is_empty() {
                            let page = CrmPage {
                                set: table.set().into(),
                                deleted: gone,
                                ..CrmPage::default()
                            };
                            let applied = self
                                .store()
                                .apply_crm_page(&page, &self.settings().await?.default_region)
                                .await?;
                            report.deleted += applied.deleted as u64;
                        }
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Reads one row again and writes it over the cache's (after the seller took the CRM's
    /// version of a conflicting change).
    pub async fn crm_refresh_row(&self, client: &Client, table: Table, id: Uuid) -> Result<()> {
        let page = Page {
            rows: client.get(table, id).await?.into_iter().collect(),
            deleted: Vec::new(),
            next_link: None,
            delta_link: None,
        };
        let mapped = self.map_page(client, table, &page).await?;
        self.store()
            .apply_crm_page(&mapped, &self.settings().await?.default_region)
            .await?;
        self.store().refresh_dirty_records().await?;
        Ok(())
    }

    /// One page → the cache's objects, with what they need from related rows and the cache.
    async fn map_page(&self, client: &Client, table: Table, page: &Page) -> Result<CrmPage> {
        let mut out = CrmPage {
            set: table.set().into(),
            shadows: page.rows.iter().map(|r| shadow(table, r)).collect(),
            deleted: page.deleted.clone(),
            ..CrmPage::default()
        };
        let store = self.store();
        match table {
            Table::SystemUsers => {
                let directory = self.directory().await?;
                out.users = page
                    .rows
                    .iter()
                    .map(|r| mapping::user(r, directory.user(UserId(r.id))))
                    .collect();
            }
            Table::Teams => {
                // Members through teammembership_association, kept to the users the cache has.
                let directory = store.directory().await?;
                for r in &page.rows {
                    let mut team = mapping::team(r, directory.team(TeamId(r.id)));
                    team.members = client
                        .team_members(r.id)
                        .await?
                        .into_iter()
                        .map(UserId)
                        .filter(|u| directory.user(*u).is_some())
                        .collect();
                    out.teams.push(team);
                }
            }
            Table::Contacts | Table::Accounts => {
                // An opportunity shows its contact's details and its account's name: re-map the
                // opportunities pointing at the rows that changed.
                let column = if table == Table::Contacts {
                    "_parentcontactid_value"
                } else {
                    "_parentaccountid_value"
                };
                let changed: Vec<Uuid> = page.rows.iter().map(|r| r.id).collect();
                let opportunities = store
                    .crm_rows_pointing_at_any("opportunities", column, &changed)
                    .await?;
                if !opportunities.is_empty() {
                    let shadows = store.crm_shadows(&opportunities).await?;
                    let rows: Vec<Row> = shadows
                        .values()
                        .map(|s| Row {
                            id: s.id,
                            etag: s.etag.clone(),
                            columns: s.columns.clone(),
                        })
                        .collect();
                    let mut extra: HashMap<Uuid, Row> =
                        page.rows.iter().map(|r| (r.id, r.clone())).collect();
                    extra.extend(rows.iter().map(|r| (r.id, r.clone())));
                    out.records = self.map_opportunities(&rows, &extra).await?;
                }
            }
            Table::Leads => {
                let ids: Vec<RecordId> = page.rows.iter().map(|r| RecordId(r.id)).collect();
                let existing = store.records_by_ids(&ids).await?;
                out.owners = page.rows.iter().filter_map(mapping::owner).collect();
                out.records = page
                    .rows
                    .iter()
                    .filter(|r| r.int("statecode").unwrap_or(0) == 0)
                    .map(|r| mapping::lead(r, existing.get(&RecordId(r.id))))
                    .collect();
            }
            Table::Opportunities => {
                out.owners = page.rows.iter().filter_map(mapping::owner).collect();
                let open: Vec<Row> = page
                    .rows
                    .iter()
                    .filter(|r| r.int("statecode").unwrap_or(0) == 0)
                    .cloned()
                    .collect();
                out.records = self.map_opportunities(&open, &HashMap::new()).await?;
            }
            Table::PhoneCalls | Table::Emails | Table::Appointments | Table::Tasks => {
                let ids: Vec<ActivityId> = page.rows.iter().map(|r| ActivityId(r.id)).collect();
                let existing = store.activities_by_ids(&ids).await?;
                out.owners = page.rows.iter().filter_map(mapping::owner).collect();
                out.activities = page
                    .rows
                    .iter()
                    .filter_map(|r| mapping::activity(table, r, existing.get(&ActivityId(r.id))))
                    .collect();
            }
            Table::SequenceTargetSteps => {
                let targets: Vec<Uuid> = page
                    .rows
                    .iter()
                    .filter_map(|r| r.uuid("_msdyn_sequencetarget_value"))
                    .collect();
                let targets = store.crm_shadows(&targets).await?;
                let ids: Vec<ActivityId> = page.rows.iter().map(|r| ActivityId(r.id)).collect();
                let existing = store.activities_by_ids(&ids).await?;
                out.owners = page.rows.iter().filter_map(mapping::owner).collect();
                for r in &page.rows {
                    let Some(target) = r
                        .uuid("_msdyn_sequencetarget_value")
                        .and_then(|t| targets.get(&t))
                    else {
                        continue;
                    };
                    let target = Row {
                        id: target.id,
                        etag: None,
                        columns: target.columns.clone(),
                    };
                    if let Some((_, record)) = mapping::regarding(&target, "_msdyn_target_value")
                        && let Some(a) = mapping::step(r, record, existing.get(&ActivityId(r.id)))
                    {
                        out.activities.push(a);
                    }
                }
            }
            Table::Annotations => {
                out.notes = page.rows.iter().filter_map(mapping::note).collect();
            }
            Table::TextMessages => {
                let ids: Vec<ActivityId> = page.rows.iter().map(|r| ActivityId(r.id)).collect();
                let existing = store.activities_by_ids(&ids).await?;
                out.activities = page
                    .rows
                    .iter()
                    .filter_map(|r| mapping::text_message(r, existing.get(&ActivityId(r.id))))
                    .collect();
            }
            Table::SequenceTargets => {}
        }
        Ok(out)
    }

    /// Opportunities with their contact and account (from `extra` or the cache's CRM rows).
    async fn map_opportunities(
        &self,
        rows: &[Row],
        extra: &HashMap<Uuid, Row>,
    ) -> Result<Vec<Record>> {
        let store = self.store();
        let ids: Vec<RecordId> = rows.iter().map(|r| RecordId(r.id)).collect();
        let existing = store.records_by_ids(&ids).await?;
        let related: Vec<Uuid> = rows
            .iter()
            .flat_map(|r| {
                [
                    r.uuid("_parentcontactid_value"),
                    r.uuid("_parentaccountid_value"),
                ]
            })
            .flatten()
            .collect();
        let shadows = store.crm_shadows(&related).await?;
        let row_of = |id: Option<Uuid>| -> Option<Row> {
            let id = id?;
            extra.get(&id).cloned().or_else(|| {
                shadows.get(&id).map(|s| Row {
                    id: s.id,
                    etag: s.etag.clone(),
                    columns: s.columns.clone(),
                })
            })
        };
        Ok(rows
            .iter()
            .map(|r| {
                let contact = row_of(r.uuid("_parentcontactid_value"));
                let account = row_of(r.uuid("_parentaccountid_value"));
                mapping::opportunity(
                    r,
                    contact.as_ref(),
                    account.as_ref(),
                    existing.get(&RecordId(r.id)),
                )
            })
            .collect())
    }
}
