//! The server's rows: one map per entity set, a version per row (its ETag), a global change
//! counter for change tracking, and the deletes since any version.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Stored {
    pub version: u64,
    pub columns: Map<String, Value>,
}

#[derive(Default)]
pub struct Tables {
    pub sets: HashMap<String, BTreeMap<Uuid, Stored>>,
    pub deleted: Vec<(String, Uuid, u64)>,
    /// The last version handed out.
    pub version: u64,
    /// Sets this org does not have (an org without the sales accelerator).
    pub missing: Vec<String>,
    /// Writes applied, per (set, id): a create counted twice would be a duplicate.
    pub creates: HashMap<(String, Uuid), u32>,
    pub writes: u64,
    /// `$batch` change sets applied.
    pub batches: u64,
    /// Team → its members (`teammembership_association`).
    pub memberships: HashMap<Uuid, Vec<Uuid>>,
    /// Rows whose writes a plug-in refuses (400 with this message), as an org's business rules do.
    pub refused: HashMap<Uuid, String>,
    /// Emails handed to the SendEmail action, in order.
    pub emails_sent: Vec<Uuid>,
    /// SendEmail is refused with this message (a mailbox not approved, say).
    pub refuse_send_email: Option<String>,
}

/// The primary key column of a set.
pub fn key_of(set: &str) -> String {
    match set {
        "phonecalls" | "emails" | "appointments" | "tasks" => "activityid".into(),
        "opportunities" => "opportunityid".into(),
        "msdyn_sequencetargets" => "msdyn_sequencetargetid".into(),
        "msdyn_sequencetargetsteps" => "msdyn_sequencetargetstepid".into(),
        s => format!("{}id", s.trim_end_matches('s')),
    }
}

/// The logical name of a set's table (`leads` → `lead`).
pub fn logical_of(set: &str) -> String {
    match set {
        "opportunities" => "opportunity".into(),
        s => s.trim_end_matches('s').into(),
    }
}

pub fn etag(version: u64) -> String {
    format!("W/\"{version}\"")
}

impl Tables {
    fn next_version(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    pub fn get(&self, set: &str, id: Uuid) -> Option<&Stored> {
        self.sets.get(set).and_then(|t| t.get(&id))
    }

    /// Insert or merge `columns` into the row; `@odata.bind` lookups become `_x_value` with
    /// their lookup annotations. Returns the new version.
    pub fn write(&mut self, set: &str, id: Uuid, columns: &Map<String, Value>) -> u64 {
        let version = self.next_version();
        let key = key_of(set);
        let table = self.sets.entry(set.to_string()).or_default();
        let created = !table.contains_key(&id);
        let row = table.entry(id).or_insert_with(|| Stored {
            version,
            columns: Map::new(),
        });
        row.version = version;
        row.columns.insert(key, Value::String(id.to_string()));
        for (k, v) in columns {
            match k.strip_suffix("@odata.bind") {
                Some(nav) => bind(&mut row.columns, nav, v),
                None => {
                    row.columns.insert(k.clone(), v.clone());
                }
            }
        }
        if created {
            row.columns.entry("createdon").or_insert_with(|| {
                Value::String(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            });
            *self.creates.entry((set.to_string(), id)).or_default() += 1;
        }
        self.writes += 1;
        version
    }

    pub fn delete(&mut self, set: &str, id: Uuid) -> bool {
        let gone = self.sets.get_mut(set).and_then(|t| t.remove(&id)).is_some();
        if gone {
            let v = self.next_version();
            self.deleted.push((set.to_string(), id, v));
        }
        gone
    }
}

/// `regardingobjectid_lead_phonecall` + `/leads(<id>)` → `_regardingobjectid_value` and its
/// `lookuplogicalname`.
fn bind(columns: &mut Map<String, Value>, nav: &str, target: &Value) {
    let lookup = [
        "regardingobjectid",
        "objectid",
        "parentcustomerid",
        "customerid",
        "msdyn_target",
    ]
    .into_iter()
    .find(|p| nav.starts_with(&format!("{p}_")))
    .unwrap_or(nav);
    let value = format!("_{lookup}_value");
    let Some(text) = target.as_str() else {
        columns.insert(value, Value::Null);
        return;
    };
    let text = text.trim_start_matches('/');
    let (set, rest) = text.split_once('(').unwrap_or((text, ""));
    let id = rest.trim_end_matches(')');
    columns.insert(value.clone(), Value::String(id.to_string()));
    columns.insert(
        format!("{value}@Microsoft.Dynamics.CRM.lookuplogicalname"),
        Value::String(logical_of(set)),
    );
}
