//! SIP messages: parsed with `rsip`, read through header names (compact forms included), and
//! built from header lists that `rsip` serialises. Values that must travel verbatim (Route,
//! Contact with Kamailio's `alias` parameter) are kept as the strings received.

use rsip::headers::{self, UntypedHeader};
use rsip::{Header, Headers, SipMessage};

use crate::error::SipError;
use crate::header::{NameAddr, canonical_name, split_outside_quotes};

/// A received SIP message.
#[derive(Debug, Clone)]
pub struct Message {
    inner: SipMessage,
    /// The start line as received (`rsip` re-serialises URIs and reason phrases its own way).
    start: String,
    /// (canonical name, value) for every header line, in order.
    headers: Vec<(String, String)>,
}

impl Message {
    pub fn parse(text: &str) -> Result<Message, SipError> {
        let inner = SipMessage::try_from(text).map_err(|e| SipError::Unparseable(e.to_string()))?;
        let list = match &inner {
            SipMessage::Request(r) => &r.headers,
            SipMessage::Response(r) => &r.headers,
        };
        let headers = list
            .iter()
            .map(|h| {
                let line = h.to_string();
                let (name, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
                (
                    canonical_name(name.trim()).to_string(),
                    value.trim().to_string(),
                )
            })
            .collect();
        let start = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_string();
        let message = Message {
            inner,
            start,
            headers,
        };
        for needed in ["Via", "Call-ID", "CSeq", "From", "To"] {
            if message.header(needed).is_none() {
                return Err(SipError::Malformed("a required header is missing"));
            }
        }
        Ok(message)
    }

    pub fn is_request(&self) -> bool {
        self.inner.is_request()
    }

    /// The request's method, or for a response the method in its CSeq.
    pub fn method(&self) -> String {
        match &self.inner {
            SipMessage::Request(r) => r.method.to_string(),
            SipMessage::Response(_) => self.cseq().1,
        }
    }

    /// The request line's URI exactly as received (requests only).
    pub fn request_uri(&self) -> Option<String> {
        match &self.inner {
            SipMessage::Request(_) => self.start.split_whitespace().nth(1).map(str::to_string),
            SipMessage::Response(_) => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match &self.inner {
            SipMessage::Response(r) => Some(r.status_code.code()),
            SipMessage::Request(_) => None,
        }
    }

    /// The response's reason phrase as received.
    pub fn reason(&self) -> String {
        match &self.inner {
            SipMessage::Response(_) => self
                .start
                .splitn(3, ' ')
                .nth(2)
                .unwrap_or_default()
                .to_string(),
            SipMessage::Request(_) => String::new(),
        }
    }

    /// The first value of a header (case-insensitive name; compact forms understood).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every line of a header, unsplit (for headers whose values contain commas themselves,
    /// such as digest challenges).
    pub fn header_lines(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Every value of a header, comma-separated lists split into their elements.
    pub fn header_list(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| split_outside_quotes(v, ','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn call_id(&self) -> &str {
        self.header("Call-ID").unwrap_or_default()
    }

    /// (number, method) of the CSeq header.
    pub fn cseq(&self) -> (u32, String) {
        let v = self.header("CSeq").unwrap_or_default();
        let mut it = v.split_whitespace();
        let n = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        (n, it.next().unwrap_or_default().to_ascii_uppercase())
    }

    /// The branch of the top Via.
    pub fn branch(&self) -> Option<String> {
        let via = self.header_list("Via").into_iter().next()?;
        via.split(';').skip(1).find_map(|p| {
            let (n, v) = p.split_once('=')?;
            n.trim()
                .eq_ignore_ascii_case("branch")
                .then(|| v.trim().to_string())
        })
    }

    pub fn from(&self) -> Option<NameAddr> {
        self.header("From").and_then(NameAddr::parse)
    }

    pub fn to(&self) -> Option<NameAddr> {
        self.header("To").and_then(NameAddr::parse)
    }

    pub fn contact(&self) -> Option<NameAddr> {
        self.header_list("Contact")
            .first()
            .and_then(|c| NameAddr::parse(c))
    }

    pub fn body(&self) -> String {
        String::from_utf8_lossy(self.inner.body()).into_owned()
    }

    /// The raw header list, for building replies.
    pub fn raw_headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

/// An outgoing request or response as a header list; `render` serialises it through `rsip`.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub start: Start,
    pub headers: Vec<(String, String)>,
    pub body: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub enum Start {
    Request { method: String, uri: String },
    Response { code: u16, reason: String },
}

impl Outgoing {
    pub fn request(method: &str, uri: &str) -> Outgoing {
        Outgoing {
            start: Start::Request {
                method: method.to_string(),
                uri: uri.to_string(),
            },
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn response(code: u16, reason: &str) -> Outgoing {
        Outgoing {
            start: Start::Response {
                code,
                reason: reason.to_string(),
            },
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Outgoing {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn body(mut self, content_type: &str, body: impl Into<String>) -> Outgoing {
        self.body = Some((content_type.to_string(), body.into()));
        self
    }

    /// The wire text (one WebSocket text frame). `rsip` checks and serialises the message; the
    /// start line is then written as given, so a Request-URI travels verbatim (Kamailio's
    /// `alias`, `transport=ws` in lower case) and a reason phrase keeps its spaces.
    pub fn render(&self) -> Result<String, SipError> {
        let mut list: Vec<Header> = self.headers.iter().map(|(n, v)| to_header(n, v)).collect();
        let body = match &self.body {
            Some((ct, b)) => {
                list.push(Header::ContentType(headers::ContentType::new(ct.clone())));
                b.clone().into_bytes()
            }
            None => Vec::new(),
        };
        list.push(Header::ContentLength(headers::ContentLength::new(
            body.len().to_string(),
        )));
        let headers = Headers::from(list);
        let message: SipMessage = match &self.start {
            Start::Request { method, uri } => rsip::Request {
                method: method
                    .parse()
                    .map_err(|_| SipError::Unparseable(format!("method {method}")))?,
                uri: rsip::Uri::try_from(uri.as_str())
                    .map_err(|e| SipError::BadAddress(format!("{uri}: {e}")))?,
                version: rsip::Version::V2,
                headers,
                body,
            }
            .into(),
            Start::Response { code, reason } => rsip::Response {
                status_code: status_code(*code, reason),
                version: rsip::Version::V2,
                headers,
                body,
            }
            .into(),
        };
        let text = message.to_string();
        let start = match &self.start {
            Start::Request { method, uri } => format!("{method} {uri} SIP/2.0"),
            Start::Response { code, reason } => format!("SIP/2.0 {code} {reason}"),
        };
        let rest = text.split_once("\r\n").map_or("", |(_, rest)| rest);
        Ok(format!("{start}\r\n{rest}"))
    }
}

fn status_code(code: u16, reason: &str) -> rsip::StatusCode {
    let known = rsip::StatusCode::from(code);
    if known.to_string().starts_with(&code.to_string())
        && !matches!(known, rsip::StatusCode::Other(..))
    {
        known
    } else {
        rsip::StatusCode::Other(code, reason.to_string())
    }
}

fn to_header(name: &str, value: &str) -> Header {
    let v = value.to_string();
    match name.to_ascii_lowercase().as_str() {
        "via" => Header::Via(headers::Via::new(v)),
        "from" => Header::From(headers::From::new(v)),
        "to" => Header::To(headers::To::new(v)),
        "call-id" => Header::CallId(headers::CallId::new(v)),
        "cseq" => Header::CSeq(headers::CSeq::new(v)),
        "contact" => Header::Contact(headers::Contact::new(v)),
        "max-forwards" => Header::MaxForwards(headers::MaxForwards::new(v)),
        "route" => Header::Route(headers::Route::new(v)),
        "record-route" => Header::RecordRoute(headers::RecordRoute::new(v)),
        "authorization" => Header::Authorization(headers::Authorization::new(v)),
        "proxy-authorization" => Header::ProxyAuthorization(headers::ProxyAuthorization::new(v)),
        "expires" => Header::Expires(headers::Expires::new(v)),
        "allow" => Header::Allow(headers::Allow::new(v)),
        "supported" => Header::Supported(headers::Supported::new(v)),
        "user-agent" => Header::UserAgent(headers::UserAgent::new(v)),
        "accept" => Header::Accept(headers::Accept::new(v)),
        _ => Header::Other(name.to_string(), v),
    }
}
