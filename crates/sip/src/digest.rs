//! HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617, RFC 7616 for SHA-256,
//! RFC 8760): the answer to a `WWW-Authenticate` or `Proxy-Authenticate` challenge.

use md5::Md5;
use sha2::{Digest, Sha256};

use crate::error::SipError;
use crate::header::split_params;

/// The hash a challenge asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Md5,
    Sha256,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Sha256 => "SHA-256",
        }
    }

    fn hash(self, input: &str) -> String {
        match self {
            Algorithm::Md5 => hex::encode(Md5::digest(input.as_bytes())),
            Algorithm::Sha256 => hex::encode(Sha256::digest(input.as_bytes())),
        }
    }
}

/// A parsed `Digest …` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// The server offered `qop=auth` (answered with `nc` and `cnonce`).
    pub qop_auth: bool,
    /// The nonce was stale: the password was right, answer again with the new nonce.
    pub stale: bool,
}

impl Challenge {
    /// Parses a `WWW-Authenticate` / `Proxy-Authenticate` value.
    pub fn parse(value: &str) -> Result<Self, SipError> {
        let rest = value.trim();
        let (scheme, params) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if !scheme.eq_ignore_ascii_case("digest") {
            return Err(SipError::UnsupportedAuth(scheme.to_string()));
        }
        let mut realm = None;
        let mut nonce = None;
        let mut opaque = None;
        let mut algorithm = Algorithm::Md5;
        let mut qop_auth = false;
        let mut stale = false;
        for (name, value) in split_params(params, ',') {
            match name.to_ascii_lowercase().as_str() {
                "realm" => realm = Some(value),
                "nonce" => nonce = Some(value),
                "opaque" => opaque = Some(value),
                "stale" => stale = value.eq_ignore_ascii_case("true"),
                "qop" => {
                    qop_auth = value
                        .split(',')
                        .any(|q| q.trim().eq_ignore_ascii_case("auth"))
                }
                "algorithm" => {
                    algorithm = match value.to_ascii_uppercase().as_str() {
                        "MD5" => Algorithm::Md5,
                        "SHA-256" => Algorithm::Sha256,
                        other => return Err(SipError::UnsupportedAuth(other.to_string())),
                    }
                }
                _ => {}
            }
        }
        Ok(Challenge {
            realm: realm.ok_or(SipError::Malformed("digest challenge without realm"))?,
            nonce: nonce.ok_or(SipError::Malformed("digest challenge without nonce"))?,
            opaque,
            algorithm,
            qop_auth,
            stale,
        })
    }
}

/// What is needed to answer a challenge for one request.
pub struct Credentials<'a> {
    pub user: &'a str,
    pub password: &'a str,
    pub method: &'a str,
    /// The Request-URI exactly as sent.
    pub uri: &'a str,
    /// A fresh client nonce (used with `qop=auth`).
    pub cnonce: &'a str,
    /// How many times this nonce has been used, counting this request (from 1).
    pub nonce_count: u32,
}

/// The `response` hash of RFC 2617 / RFC 7616.
pub fn response(challenge: &Challenge, c: &Credentials<'_>) -> String {
    let alg = challenge.algorithm;
    let ha1 = alg.hash(&format!("{}:{}:{}", c.user, challenge.realm, c.password));
    let ha2 = alg.hash(&format!("{}:{}", c.method, c.uri));
    if challenge.qop_auth {
        alg.hash(&format!(
            "{ha1}:{}:{:08x}:{}:auth:{ha2}",
            challenge.nonce, c.nonce_count, c.cnonce
        ))
    } else {
        alg.hash(&format!("{ha1}:{}:{ha2}", challenge.nonce))
    }
}

/// The `Authorization` / `Proxy-Authorization` header value answering `challenge`.
pub fn authorization(challenge: &Challenge, c: &Credentials<'_>) -> String {
    let mut out = format!(
        "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", response=\"{}\", algorithm={}",
        c.user,
        challenge.realm,
        challenge.nonce,
        c.uri,
        response(challenge, c),
        challenge.algorithm.name()
    );
    if challenge.qop_auth {
        out.push_str(&format!(
            ", qop=auth, nc={:08x}, cnonce=\"{}\"",
            c.nonce_count, c.cnonce
        ));
    }
    if let Some(opaque) = &challenge.opaque {
        out.push_str(&format!(", opaque=\"{opaque}\""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2617_md5_with_qop_auth() {
        let ch = Challenge::parse(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap();
        let c = Credentials {
            user: "Mufasa",
            password: "Circle Of Life",
            method: "GET",
            uri: "/dir/index.html",
            cnonce: "0a4f113b",
            nonce_count: 1,
        };
        assert_eq!(response(&ch, &c), "6629fae49393a05397450978507c4ef1");
        let header = authorization(&ch, &c);
        assert!(header.contains("nc=00000001"), "{header}");
        assert!(
            header.contains("qop=auth,"),
            "qop is a token, not quoted: {header}"
        );
        assert!(header.contains(r#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#));
    }

    #[test]
    fn rfc7616_sha256_and_md5() {
        let value = r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
        let c = Credentials {
            user: "Mufasa",
            password: "Circle of Life",
            method: "GET",
            uri: "/dir/index.html",
            cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            nonce_count: 1,
        };
        let sha = Challenge::parse(value).unwrap();
        assert_eq!(sha.algorithm, Algorithm::Sha256);
        assert_eq!(
            response(&sha, &c),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
        let md5 = Challenge::parse(&value.replace("SHA-256", "MD5")).unwrap();
        assert_eq!(response(&md5, &c), "8ca523f5e9506fed4657c9700eebdbec");
    }

    #[test]
    fn nonce_count_is_hexadecimal() {
        let ch = Challenge::parse(r#"Digest realm="r", nonce="n", qop="auth""#).unwrap();
        let c = Credentials {
            user: "u",
            password: "p",
            method: "REGISTER",
            uri: "sip:r",
            cnonce: "c",
            nonce_count: 10,
        };
        assert!(authorization(&ch, &c).contains("nc=0000000a"));
    }

    #[test]
    fn other_schemes_and_missing_nonce_are_refused() {
        assert!(matches!(
            Challenge::parse("Basic realm=\"x\""),
            Err(SipError::UnsupportedAuth(_))
        ));
        assert!(matches!(
            Challenge::parse("Digest realm=\"x\""),
            Err(SipError::Malformed(_))
        ));
        assert!(
            Challenge::parse(r#"Digest realm="x", nonce="y", stale=TRUE"#)
                .unwrap()
                .stale
        );
    }
}
