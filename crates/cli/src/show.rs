//! Output: readable tables for people, stable JSON for scripts (`--json`).

use crate::error::CliError;
use crate::when::relative;
use chrono::{DateTime, Utc};
use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use nextline_core::{App, CommandDone, UpNextView};
use nextline_domain::dialplan::{ContactWarning, DialPlan, DialTarget};
use nextline_domain::worklist::{WorkListPage, WorkListQuery};
use nextline_domain::*;
use nextline_store::OutboxRow;
use serde::Serialize;
use serde_json::json;

pub struct Out {
    pub json: bool,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

fn short(id: impl ToString) -> String {
    id.to_string()[..8].to_string()
}

fn print_json<T: Serialize>(v: &T) -> Result<(), CliError> {
    println!(
        "{}",
        serde_json::to_string_pretty(v)
            .map_err(|e| CliError::InvalidValue(e.to_string(), "JSON"))?
    );
    Ok(())
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY).set_header(header.to_vec());
    t
}

fn type_label(t: ActivityType) -> &'static str {
    match t {
        ActivityType::PhoneCall => "Call",
        ActivityType::Email => "Email",
        ActivityType::Meeting => "Meeting",
        ActivityType::TextMessage => "Text",
        ActivityType::Task => "Task",
    }
}

impl Out {
    pub async fn seeded(&self, app: &App) -> Result<(), CliError> {
        let info = app.app_info().await?;
        if self.json {
            return print_json(&info);
        }
        println!(
            "Seeded {} demo records. You are {}.",
            info.record_count, info.current_user.name
        );
        Ok(())
    }

    pub fn work_list(
        &self,
        q: &WorkListQuery,
        page: &WorkListPage,
        total: u32,
    ) -> Result<(), CliError> {
        if self.json {
            return print_json(
                &json!({ "cards": page.cards, "nextCursor": page.next_cursor, "total": total }),
            );
        }
        let mut t = table(&[
            "Due",
            "Next activity",
            "Record",
            "Company",
            "Owner",
            "Local time",
            "Activity",
            "Record id",
        ]);
        let mut group = None;
        for c in &page.cards {
            let g = match q.group_by {
                Some(nextline_domain::worklist::GroupBy::DueBucket) => {
                    Some(c.due_bucket.as_str().to_string())
                }
                Some(nextline_domain::worklist::GroupBy::ActivityType) => {
                    Some(c.activity_type.as_str().to_string())
                }
                None => None,
            };
            if g.is_some() && g != group {
                t.add_row(vec![format!("── {} ──", g.clone().unwrap_or_default())]);
                group = g;
            }
            let due = if c.starts_later {
                format!("starts {}", relative(c.due, self.now))
            } else {
                relative(c.due, self.now)
            };
            let activity = format!(
                "{}{}: {}",
                type_label(c.activity_type),
                if c.teams_meeting { " (Teams)" } else { "" },
                c.subject
            );
            let local = c.local_time.as_ref().map_or(String::new(), |l| {
                format!(
                    "{}{}",
                    l.time,
                    if l.within_calling_hours {
                        ""
                    } else {
                        " (outside calling hours)"
                    }
                )
            });
            t.add_row(vec![
                due,
                activity,
                c.name.clone(),
                c.company.clone().unwrap_or_default(),
                if c.owned_by_me {
                    String::new()
                } else {
                    c.owner_name.clone()
                },
                local,
                short(c.activity_id),
                short(c.record_id),
            ]);
        }
        println!("{t}");
        if total > 0 {
            println!("{} shown of {}", page.cards.len(), total);
        } else if page.cards.is_empty() {
            println!("Nothing to do here. Clear a filter, or enjoy the quiet.");
        }
        if let Some(c) = &page.next_cursor {
            println!("More: --after '{c}'");
        }
        Ok(())
    }

    pub fn up_next(&self, v: &UpNextView) -> Result<(), CliError> {
        if self.json {
            return print_json(v);
        }
        let r = &v.record;
        println!("{} ({}) — {}", r.name, r.kind.as_str(), r.contact.name);
        println!(
            "Owner: {}   Sequence: {}",
            v.owner_name,
            v.sequence_name.as_deref().unwrap_or("none")
        );
        if let Some(l) = &v.local_time {
            println!(
                "Their time: {} {}{}",
                l.time,
                l.time_zone,
                if l.within_calling_hours {
                    ""
                } else {
                    " — outside calling hours"
                }
            );
        }
        let line = |a: &nextline_core::ActivityView| {
            let act = &a.activity;
            println!(
                "  [{}] {}: {} — due {} ({:?})",
                short(act.id),
                type_label(act.kind),
                act.subject,
                relative(act.due, self.now),
                a.main_action
            );
            for s in &a.actions {
                if let Some(reason) = &s.reason {
                    println!("      {:?} not available: {}", s.action, reason);
                }
            }
        };
        match (&v.active, &v.waiting) {
            (Some(a), _) => {
                println!("Up next:");
                line(a);
            }
            (None, Some(w)) => {
                println!(
                    "Waiting — next step starts {}:",
                    relative(w.activity.starts_at, self.now)
                );
                line(w);
            }
            (None, None) => println!("No active step."),
        }
        if !v.manual.is_empty() {
            println!("Other open activities:");
            v.manual.iter().for_each(line);
        }
        if !v.upcoming.is_empty() {
            println!("Upcoming steps:");
            for s in &v.upcoming {
                match s.kind {
                    StepKind::Wait { minutes } => {
                        println!("  {}. Wait {} h", s.index + 1, minutes / 60)
                    }
                    _ => println!(
                        "  {}. {} (earliest {})",
                        s.index + 1,
                        s.subject,
                        relative(s.earliest_start, self.now)
                    ),
                }
            }
        }
        if !v.completed.is_empty() {
            println!("Completed:");
            for a in &v.completed {
                println!(
                    "  [{}] {} {} — {}",
                    short(a.id),
                    a.state.as_str(),
                    a.subject,
                    a.closed_at.map_or(String::new(), |t| relative(t, self.now))
                );
            }
        }
        Ok(())
    }

    pub async fn done(&self, app: &App, done: CommandDone) -> Result<(), CliError> {
        if self.json {
            return print_json(&done);
        }
        let dir = app.directory().await?;
        let name = |u: &UserId| dir.user(*u).map_or_else(|| short(u), |u| u.name.clone());
        for e in &done.events {
            println!("{}", describe(e, &name, &dir, self.now));
        }
        Ok(())
    }

    pub async fn timeline(&self, app: &App, entries: &[TimelineEntry]) -> Result<(), CliError> {
        if self.json {
            return print_json(&entries);
        }
        let dir = app.directory().await?;
        let name = |u: &UserId| dir.user(*u).map_or_else(|| short(u), |u| u.name.clone());
        let mut t = table(&["When", "Who", "What"]);
        for e in entries {
            t.add_row(vec![
                e.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                name(&e.author),
                describe(&e.event, &name, &dir, self.now),
            ]);
        }
        println!("{t}");
        Ok(())
    }

    pub fn dial_plan(&self, p: &DialPlan) -> Result<(), CliError> {
        if self.json {
            return print_json(p);
        }
        match &p.target {
            DialTarget::Number { number } => {
                println!("Dial {} ({:?})", number.display, number.kind)
            }
            DialTarget::DialPad => println!("No number on file: open the dial pad"),
        }
        if let Some(f) = &p.fallback {
            println!("Then: {} ({:?})", f.display, f.kind);
        }
        for w in &p.warnings {
            match w {
                ContactWarning::DoNotPhone => println!(
                    "Warning: the contact asked not to be phoned. Confirm before dialling."
                ),
                other => println!("Warning: {other:?}"),
            }
        }
        Ok(())
    }

    pub fn outbox(&self, rows: &[OutboxRow]) -> Result<(), CliError> {
        if self.json {
            return print_json(&rows);
        }
        let mut t = table(&["#", "Change", "Entity", "State", "Attempts", "Queued"]);
        for r in rows {
            t.add_row(vec![
                r.seq.to_string(),
                format!("{} {}", r.operation, r.entity),
                short(&r.entity_id),
                r.state.clone(),
                r.attempts.to_string(),
                relative(r.created_at, self.now),
            ]);
        }
        println!("{t}");
        println!("{} pending", rows.len());
        Ok(())
    }

    pub fn users(&self, dir: &Directory) -> Result<(), CliError> {
        if self.json {
            return print_json(&json!({ "users": dir.users, "teams": dir.teams }));
        }
        let mut t = table(&["Name", "Email", "Role", "Id"]);
        for u in &dir.users {
            t.add_row(vec![
                u.name.clone(),
                u.email.clone(),
                u.role
                    .map_or("no sales role", |r| {
                        nextline_domain::error::role_name(r, self.lang)
                    })
                    .to_string(),
                short(u.id),
            ]);
        }
        for team in &dir.teams {
            t.add_row(vec![
                team.name.clone(),
                format!("team of {}", team.members.len()),
                "team".into(),
                short(team.id),
            ]);
        }
        println!("{t}");
        Ok(())
    }
}

fn describe(
    e: &TimelineEvent,
    name: &dyn Fn(&UserId) -> String,
    dir: &Directory,
    now: DateTime<Utc>,
) -> String {
    let who = |a: &Assignee| match a {
        Assignee::User(u) => name(u),
        Assignee::Team(t) => dir
            .team(*t)
            .map_or_else(|| short(t), |t| format!("team {}", t.name)),
    };
    match e {
        TimelineEvent::NoteAdded { text, .. } => format!("Note: {text}"),
        TimelineEvent::Completed {
            subject,
            activity_type,
            ..
        } => format!("Completed {}: {subject}", type_label(*activity_type)),
        TimelineEvent::Skipped { subject, .. } => format!("Skipped: {subject}"),
        TimelineEvent::Cancelled { subject, .. } => format!("Cancelled: {subject}"),
        TimelineEvent::Snoozed { subject, until, .. } => format!(
            "Snoozed {subject} until {} ({})",
            until.format("%Y-%m-%d %H:%M UTC"),
            relative(*until, now)
        ),
        TimelineEvent::Assigned {
            subject, from, to, ..
        } => format!("Assigned {subject}: {} → {}", who(from), who(to)),
        TimelineEvent::OwnerChanged { from, to } => {
            format!("Owner changed: {} → {}", name(from), name(to))
        }
        TimelineEvent::StepStarted {
            subject,
            activity,
            starts_at,
            ..
        } => {
            if *starts_at > now + chrono::Duration::minutes(1) {
                format!(
                    "Next step [{}]: {subject}, starts {}",
                    short(activity),
                    relative(*starts_at, now)
                )
            } else {
                format!("Next step [{}]: {subject}", short(activity))
            }
        }
        TimelineEvent::SequenceFinished => "Sequence finished".into(),
        TimelineEvent::CallPlaced {
            direction,
            number,
            subject,
            activity,
        } => match direction {
            CallDirection::Outgoing => format!("Called {number} [{}]: {subject}", short(activity)),
            CallDirection::Incoming => {
                format!("Call from {number} [{}]: {subject}", short(activity))
            }
        },
        TimelineEvent::CallEnded {
            outcome,
            duration_secs,
            ..
        } => match (outcome, duration_secs) {
            (CallOutcome::Answered, Some(s)) => {
                format!("Call ended after {}:{:02}", s / 60, s % 60)
            }
            (CallOutcome::Answered, None) => "Call ended".into(),
            (CallOutcome::Busy, _) => "Call: busy".into(),
            (CallOutcome::NoAnswer, _) => "Call: no answer".into(),
            (CallOutcome::Cancelled, _) => "Call: hung up before the answer".into(),
            (CallOutcome::Declined, _) => "Call: declined".into(),
            (CallOutcome::Interrupted, _) => "Call: interrupted (the app stopped)".into(),
            (CallOutcome::Failed { code, reason }, _) => {
                format!("Call did not connect: {reason} (SIP {code})")
            }
        },
        TimelineEvent::EmailScheduled {
            subject,
            at,
            activity,
        } => format!(
            "Email [{}] scheduled for {} ({}): {subject}",
            short(activity),
            at.format("%Y-%m-%d %H:%M UTC"),
            relative(*at, now)
        ),
        TimelineEvent::EmailSent { subject, to, .. } => {
            format!("Email sent to {}: {subject}", to.join(", "))
        }
        TimelineEvent::TextSent { to, body, .. } => format!("Text to {to}: {body}"),
        TimelineEvent::TextReceived { from, body, .. } => format!("Text from {from}: {body}"),
        TimelineEvent::MeetingCreated { subject, start, .. } => format!(
            "Meeting set up for {} ({}): {subject}",
            start.format("%Y-%m-%d %H:%M UTC"),
            relative(*start, now)
        ),
    }
}
