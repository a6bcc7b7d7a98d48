//! One page of a Dataverse read: the rows, the rows deleted since the last delta, and the link
//! to the next page or to the next delta.

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::DataverseError;

/// One row as Dataverse sent it (the selected columns and their annotations).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: Uuid,
    /// The weak ETag (`W/"468026"`), opaque.
    pub etag: Option<String>,
    pub columns: Map<String, Value>,
}

impl Row {
    pub fn str(&self, column: &str) -> Option<&str> {
        self.columns.get(column).and_then(Value::as_str)
    }
    pub fn string(&self, column: &str) -> Option<String> {
        self.str(column)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }
    pub fn bool(&self, column: &str) -> bool {
        self.columns
            .get(column)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }
    pub fn int(&self, column: &str) -> Option<i64> {
        self.columns.get(column).and_then(Value::as_i64)
    }
    pub fn uuid(&self, column: &str) -> Option<Uuid> {
        self.str(column).and_then(|s| Uuid::parse_str(s).ok())
    }
    /// A lookup's target table (`@Microsoft.Dynamics.CRM.lookuplogicalname`).
    pub fn lookup_table(&self, column: &str) -> Option<&str> {
        self.str(&format!(
            "{column}@Microsoft.Dynamics.CRM.lookuplogicalname"
        ))
    }
    /// A column's formatted value (labels, lookup names).
    pub fn formatted(&self, column: &str) -> Option<&str> {
        self.str(&format!(
            "{column}@OData.Community.Display.V1.FormattedValue"
        ))
    }
    pub fn time(&self, column: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        self.str(column)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub rows: Vec<Row>,
    /// Rows deleted since the delta link this page answers.
    pub deleted: Vec<Uuid>,
    /// The next page, to GET unchanged.
    pub next_link: Option<String>,
    /// Where the next delta sync starts (on the last page of a tracked read).
    pub delta_link: Option<String>,
}

/// Reads a collection body; `key` is the table's primary key column (`contactid`).
pub fn parse_page(body: &Value, key: &str) -> Result<Page, DataverseError> {
    let rows = body["value"]
        .as_array()
        .ok_or_else(|| DataverseError::Unreadable("no \"value\" array".into()))?;
    let mut page = Page {
        next_link: body["@odata.nextLink"].as_str().map(str::to_string),
        delta_link: body["@odata.deltaLink"].as_str().map(str::to_string),
        ..Page::default()
    };
    for v in rows {
        let Some(obj) = v.as_object() else {
            return Err(DataverseError::Unreadable("a row is not an object".into()));
        };
        let deleted = obj
            .get("@odata.context")
            .and_then(Value::as_str)
            .is_some_and(|c| c.ends_with("$deletedEntity"));
        if deleted {
            let id = obj
                .get("id")
                .and_then(Value::as_str)
                .and_then(|s| Uuid::parse_str(s).ok());
            page.deleted.push(
                id.ok_or_else(|| DataverseError::Unreadable("a deleted row without an id".into()))?,
            );
            continue;
        }
        page.rows.push(parse_row(obj, key)?);
    }
    Ok(page)
}

pub fn parse_row(obj: &Map<String, Value>, key: &str) -> Result<Row, DataverseError> {
    let id = obj
        .get(key)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| DataverseError::Unreadable(format!("a row without {key}")))?;
    let mut columns = obj.clone();
    let etag = columns
        .remove("@odata.etag")
        .and_then(|v| v.as_str().map(str::to_string));
    Ok(Row { id, etag, columns })
}
