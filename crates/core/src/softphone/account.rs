//! The seller's SIP account as Settings keeps it: everything but the password, which lives only
//! in the OS keyring.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A SIP account over WebSocket (RFC 7118). The WebSocket server is the first hop of every
/// request — the outbound proxy, in the PBX's terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PhoneAccount {
    /// `wss://pbx.example.com:8089/ws` (or `ws://` on a trusted network).
    pub server_url: String,
    /// `alice` in `sip:alice@example.com`.
    pub user: String,
    pub domain: String,
    /// The authentication user, when the PBX wants one that differs from `user`.
    pub auth_user: Option<String>,
    /// The name the called party sees.
    pub display_name: Option<String>,
    /// `stun:host:port` URLs.
    pub stun_servers: Vec<String>,
    /// `turn:host:port?transport=udp` (its password lives in the keyring too).
    pub turn_server: Option<String>,
    pub turn_user: Option<String>,
    /// R12: after a busy, unanswered or failed call to the business number, dial the mobile
    /// number by itself (off: one click in the call panel).
    pub auto_dial_mobile: bool,
}

/// What is wrong with an account, field by field, for the Settings form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AccountProblem {
    ServerUrl,
    User,
    Domain,
    StunServer,
    TurnServer,
}

impl AccountProblem {
    /// The field's name on the Settings form.
    pub fn label(self, lang: nextline_domain::Lang) -> &'static str {
        use nextline_domain::Lang::{El, En};
        match (self, lang) {
            (AccountProblem::ServerUrl, En) => {
                "the server address must start with wss:// (or ws://)"
            }
            (AccountProblem::ServerUrl, El) => {
                "η διεύθυνση διακομιστή πρέπει να αρχίζει με wss:// (ή ws://)"
            }
            (AccountProblem::User, En) => "the user name is missing or has spaces",
            (AccountProblem::User, El) => "το όνομα χρήστη λείπει ή έχει κενά",
            (AccountProblem::Domain, En) => "the domain is missing or has spaces",
            (AccountProblem::Domain, El) => "ο τομέας λείπει ή έχει κενά",
            (AccountProblem::StunServer, En) => "STUN servers must start with stun:",
            (AccountProblem::StunServer, El) => "οι διακομιστές STUN πρέπει να αρχίζουν με stun:",
            (AccountProblem::TurnServer, En) => "the TURN server must start with turn:",
            (AccountProblem::TurnServer, El) => "ο διακομιστής TURN πρέπει να αρχίζει με turn:",
        }
    }
}

impl PhoneAccount {
    /// `user@domain`, the keyring entry's name.
    pub fn address(&self) -> String {
        format!("{}@{}", self.user.trim(), self.domain.trim())
    }

    pub fn is_set_up(&self) -> bool {
        self.problems().is_empty()
    }

    pub fn secure(&self) -> bool {
        self.server_url.trim().starts_with("wss://")
    }

    /// Every field that is missing or malformed.
    pub fn problems(&self) -> Vec<AccountProblem> {
        let mut p = Vec::new();
        let url = self.server_url.trim();
        let scheme_ok = url.starts_with("wss://") || url.starts_with("ws://");
        let host_ok = url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
        if !(scheme_ok && host_ok) || url.contains(char::is_whitespace) {
            p.push(AccountProblem::ServerUrl);
        }
        let token_ok = |s: &str| {
            !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || "@:;<>\"".contains(c))
        };
        if !token_ok(self.user.trim()) {
            p.push(AccountProblem::User);
        }
        if !token_ok(self.domain.trim()) {
            p.push(AccountProblem::Domain);
        }
        if self
            .stun_servers
            .iter()
            .any(|s| !(s.starts_with("stun:") || s.starts_with("stuns:")))
        {
            p.push(AccountProblem::StunServer);
        }
        if self
            .turn_server
            .as_deref()
            .is_some_and(|t| !(t.starts_with("turn:") || t.starts_with("turns:")))
        {
            p.push(AccountProblem::TurnServer);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> PhoneAccount {
        PhoneAccount {
            server_url: "wss://pbx.example.com:8089/ws".into(),
            user: "alice".into(),
            domain: "example.com".into(),
            ..PhoneAccount::default()
        }
    }

    #[test]
    fn a_complete_account_has_no_problems() {
        assert!(good().is_set_up());
        assert_eq!(good().address(), "alice@example.com");
        assert!(good().secure());
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut a = good();
        a.server_url = "https://pbx.example.com".into();
        a.user = "al ice".into();
        a.domain = String::new();
        a.stun_servers = vec!["stun.example.com".into()];
        a.turn_server = Some("example.com:3478".into());
        assert_eq!(
            a.problems(),
            vec![
                AccountProblem::ServerUrl,
                AccountProblem::User,
                AccountProblem::Domain,
                AccountProblem::StunServer,
                AccountProblem::TurnServer
            ]
        );
        a = good();
        a.server_url = "ws://".into();
        assert_eq!(a.problems(), vec![AccountProblem::ServerUrl]);
    }
}
