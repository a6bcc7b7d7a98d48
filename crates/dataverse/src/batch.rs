//! `$batch` with change sets (multipart/mixed, CRLF on the wire; LF accepted as in Microsoft's
//! printed examples): several writes that belong together — all of them, or none.

use serde_json::Value;

/// One request inside a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    pub method: String,
    /// Relative to the API root (`tasks`, `phonecalls(<id>)`) or absolute.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub content_id: Option<String>,
}

/// One part of a batch: an embedded request or response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchPart {
    /// The status (responses) or 0 (requests).
    pub status: u16,
    /// The request line's method and URL (requests).
    pub method: Option<String>,
    pub url: Option<String>,
    pub content_id: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl BatchPart {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(self.body.trim()).ok()
    }
}

/// `multipart/mixed; boundary="batch_…"` → `batch_…`.
pub fn boundary_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
}

/// The body of a `$batch` with one change set of `requests` (numbered by their `content_id`).
/// Returns the Content-Type header and the body.
pub fn change_set(
    batch_id: &str,
    changeset_id: &str,
    requests: &[BatchRequest],
) -> (String, String) {
    let batch = format!("batch_{batch_id}");
    let set = format!("changeset_{changeset_id}");
    let mut b = String::new();
    b.push_str(&format!(
        "--{batch}\r\nContent-Type: multipart/mixed; boundary=\"{set}\"\r\n\r\n"
    ));
    for r in requests {
        b.push_str(&format!(
            "--{set}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n"
        ));
        if let Some(id) = &r.content_id {
            b.push_str(&format!("Content-ID: {id}\r\n"));
        }
        b.push_str(&format!("\r\n{} {} HTTP/1.1\r\n", r.method, r.url));
        b.push_str("Content-Type: application/json; type=entry\r\n");
        for (k, v) in &r.headers {
            b.push_str(&format!("{k}: {v}\r\n"));
        }
        b.push_str("\r\n");
        if let Some(body) = &r.body {
            b.push_str(&body.to_string());
        }
        b.push_str("\r\n");
    }
    b.push_str(&format!("--{set}--\r\n--{batch}--\r\n"));
    (format!("multipart/mixed; boundary=\"{batch}\""), b)
}

/// Splits `text` (LF or CRLF) into head lines and the rest at the first blank line.
fn split_head(text: &str) -> (Vec<&str>, &str) {
    let mut lines = Vec::new();
    let mut rest = text;
    loop {
        let (line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        rest = after;
        if line.is_empty() {
            return (lines, rest);
        }
        lines.push(line);
        if after.is_empty() {
            return (lines, "");
        }
    }
}

fn headers(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The parts of a multipart body with `boundary` (nested change sets are flattened, in order).
pub fn parse(body: &str, boundary: &str) -> Vec<BatchPart> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    for chunk in body.split(&delimiter).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.trim_start_matches(['\r', '\n']);
        let (outer, inner) = split_head(chunk);
        let outer = headers(&outer);
        let content_type = outer
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Type"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if content_type.starts_with("multipart/mixed") {
            if let Some(b) = boundary_of(&content_type) {
                parts.extend(parse(inner, &b));
            }
            continue;
        }
        let content_id = outer
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-ID"))
            .map(|(_, v)| v.clone());
        let (head, body) = split_head(inner);
        let Some((first, rest)) = head.split_first() else {
            continue;
        };
        let mut part = BatchPart {
            content_id,
            headers: headers(rest),
            body: body.trim_end_matches(['\r', '\n']).to_string(),
            ..BatchPart::default()
        };
        let words: Vec<&str> = first.split_whitespace().collect();
        if first.starts_with("HTTP/") {
            part.status = words.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        } else {
            part.method = words.first().map(|s| s.to_string());
            part.url = words.get(1).map(|s| s.to_string());
        }
        parts.push(part);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_set_built_here_reads_back_the_same() {
        let requests = vec![
            BatchRequest {
                method: "PATCH".into(),
                url: "/api/data/v9.2/phonecalls(00000000-0000-0000-0000-000000000001)".into(),
                headers: vec![("If-Match".into(), "W/\"7\"".into())],
                body: Some(json!({"statecode": 1, "statuscode": 2})),
                content_id: Some("1".into()),
            },
            BatchRequest {
                method: "PATCH".into(),
                url: "/api/data/v9.2/annotations(00000000-0000-0000-0000-000000000002)".into(),
                headers: vec![("If-None-Match".into(), "*".into())],
                body: Some(json!({"notetext": "Ζήτησε τιμοκατάλογο"})),
                content_id: Some("2".into()),
            },
        ];
        let (content_type, body) = change_set("b1", "c1", &requests);
        let parts = parse(&body, &boundary_of(&content_type).unwrap());
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].method.as_deref(), Some("PATCH"));
        assert_eq!(parts[0].header("If-Match"), Some("W/\"7\""));
        assert_eq!(parts[1].content_id.as_deref(), Some("2"));
        assert_eq!(parts[1].json().unwrap()["notetext"], "Ζήτησε τιμοκατάλογο");
        assert!(body.contains("\r\n"), "CRLF on the wire");
    }
}
