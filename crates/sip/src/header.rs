//! Small helpers over header values: parameter lists, comma-separated lists that respect
//! quotes and angle brackets, and name-addr fields (`"Bob" <sip:bob@host>;tag=x`).

/// `a=1, b="x,y", c` → [(a, 1), (b, x,y), (c, "")] (quotes removed). `sep` is `,` for digest
/// parameters and `;` for URI / header parameters.
pub fn split_params(s: &str, sep: char) -> Vec<(String, String)> {
    split_outside_quotes(s, sep)
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let p = p.trim();
            match p.split_once('=') {
                Some((n, v)) => (n.trim().to_string(), unquote(v.trim()).to_string()),
                None => (p.to_string(), String::new()),
            }
        })
        .collect()
}

fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v)
}

/// Splits on `sep` where it is outside double quotes and angle brackets.
pub fn split_outside_quotes(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut angle = false;
    let mut escaped = false;
    for ch in s.chars() {
        if escaped {
            escaped = false;
            cur.push(ch);
            continue;
        }
        match ch {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            c if c == sep && !quoted && !angle => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    out.push(cur);
    out
}

/// A `name-addr` or `addr-spec` header value: display name, URI, header parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAddr {
    pub display: Option<String>,
    /// The URI exactly as written (its own parameters included).
    pub uri: String,
    /// Parameters after the address (`tag`, `expires`, …).
    pub params: Vec<(String, String)>,
}

impl NameAddr {
    pub fn parse(value: &str) -> Option<NameAddr> {
        let value = value.trim();
        if let Some(open) = value.find('<') {
            let close = open + value[open..].find('>')?;
            let display = value[..open].trim();
            let display = unquote(display).trim();
            Some(NameAddr {
                display: (!display.is_empty()).then(|| display.to_string()),
                uri: value[open + 1..close].trim().to_string(),
                params: split_params(&value[close + 1..], ';'),
            })
        } else {
            // addr-spec: parameters after the URI belong to the header (RFC 3261 §20).
            let mut parts = split_outside_quotes(value, ';').into_iter();
            let uri = parts.next()?.trim().to_string();
            let rest: Vec<String> = parts.collect();
            Some(NameAddr {
                display: None,
                uri,
                params: split_params(&rest.join(";"), ';'),
            })
        }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The user part of a `sip:` URI (`bob` in `sip:bob@host`).
    pub fn user(&self) -> Option<&str> {
        let rest = self.uri.split_once(':')?.1;
        let (user, _) = rest.split_once('@')?;
        Some(user.split(';').next().unwrap_or(user))
    }
}

/// The header's full name for a compact form (RFC 3261 §7.3.3), else the name as given.
pub fn canonical_name(name: &str) -> &str {
    match name {
        "i" | "I" => "Call-ID",
        "m" | "M" => "Contact",
        "f" | "F" => "From",
        "t" | "T" => "To",
        "v" | "V" => "Via",
        "l" | "L" => "Content-Length",
        "c" | "C" => "Content-Type",
        "k" | "K" => "Supported",
        "s" | "S" => "Subject",
        "e" | "E" => "Content-Encoding",
        "o" | "O" => "Event",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_addr_with_display_tag_and_uri_params() {
        let a = NameAddr::parse(r#""Bob, Sales" <sip:bob@127.0.0.1:5080;transport=ws;alias=127.0.0.1~41000~5>;tag=abc;expires=600"#).unwrap();
        assert_eq!(a.display.as_deref(), Some("Bob, Sales"));
        assert_eq!(
            a.uri,
            "sip:bob@127.0.0.1:5080;transport=ws;alias=127.0.0.1~41000~5"
        );
        assert_eq!(a.param("tag"), Some("abc"));
        assert_eq!(a.param("Expires"), Some("600"));
        assert_eq!(a.user(), Some("bob"));
        let b = NameAddr::parse("sip:alice@example.com;tag=9").unwrap();
        assert_eq!(b.uri, "sip:alice@example.com");
        assert_eq!(b.param("tag"), Some("9"));
    }

    #[test]
    fn lists_split_outside_brackets_and_quotes() {
        let parts = split_outside_quotes(
            r#"<sip:p1;lr>, "A,B" <sip:p2;lr>,<sip:p3;transport=ws;lr>"#,
            ',',
        );
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1].trim(), r#""A,B" <sip:p2;lr>"#);
    }
}
