//! The user agent: one SIP account over one WebSocket. Sans-IO: the driver feeds [`Input`]s
//! (connection up/down, received frames, fired timers) and the seller's commands, and drains
//! [`Output`]s (frames to send, timers to start, events). No socket, clock or RNG inside.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use crate::digest::{self, Challenge, Credentials};
use crate::error::SipError;
use crate::events::{CallRef, Cause, MessageRef, Output, TimerId, UaEvent};
use crate::message::{Message, Outgoing};

/// RFC 3261's T1 and the transaction timeout 64·T1 (Timers B and F).
pub(crate) const T1: Duration = Duration::from_millis(500);
pub(crate) const T2: Duration = Duration::from_secs(4);
pub(crate) const TRANSACTION_TIMEOUT: Duration = Duration::from_secs(32);
/// After a failed registration, try again this much later.
pub(crate) const REGISTER_RETRY: Duration = Duration::from_secs(30);

pub(crate) const ALLOW: &str = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE";

/// The SIP account.
#[derive(Debug, Clone)]
pub struct Account {
    /// `alice` in `sip:alice@example.com`.
    pub user: String,
    pub domain: String,
    /// The authentication user when it differs from `user`.
    pub auth_user: Option<String>,
    pub password: String,
    pub display_name: Option<String>,
    /// `wss://` (true) or `ws://`.
    pub secure: bool,
    /// Registration lifetime asked for, in seconds.
    pub register_expires: u32,
    /// An outgoing call that rings this long unanswered is given up (no answer).
    pub ring_timeout: Duration,
    pub user_agent: String,
}

impl Account {
    pub fn new(user: &str, domain: &str, password: &str) -> Account {
        Account {
            user: user.to_string(),
            domain: domain.to_string(),
            auth_user: None,
            password: password.to_string(),
            display_name: None,
            secure: false,
            register_expires: 600,
            ring_timeout: Duration::from_secs(60),
            user_agent: "Nextline".to_string(),
        }
    }

    pub(crate) fn aor(&self) -> String {
        format!("sip:{}@{}", self.user, self.domain)
    }
}

/// Random tokens (tags, branches, Call-IDs, client nonces) come from the driver.
pub trait Entropy {
    /// A fresh token of letters and digits, at least 8 characters.
    fn token(&mut self) -> String;
}

/// What the driver feeds in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The WebSocket is open (first time or again).
    Connected,
    /// The WebSocket closed or failed.
    Disconnected,
    /// A text frame arrived.
    Received(String),
    Timer(TimerId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Register,
    Invite,
    Reinvite,
    Bye,
    Info,
    Message(MessageRef),
}

/// A request we sent and await the final response to.
#[derive(Debug, Clone)]
pub(crate) struct ClientTx {
    pub purpose: Purpose,
    pub call: Option<CallRef>,
    /// The request as sent, Via and CSeq included.
    pub request: Outgoing,
    pub uri: String,
    pub method: String,
    pub cseq: u32,
    pub auth_tries: u8,
    pub timeout: Option<TimerId>,
    pub provisional: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum TimerKind {
    RegisterRefresh,
    TxTimeout,
    Retransmit200 {
        interval: Duration,
        elapsed: Duration,
    },
    RingTimeout,
}

/// The SIP user agent.
pub struct UserAgent<E: Entropy> {
    pub(crate) account: Account,
    pub(crate) entropy: E,
    /// The `.invalid` host in our Via and Contact (RFC 7118 §5.2).
    pub(crate) host: String,
    pub(crate) connected: bool,
    pub(crate) registration: crate::register::Registration,
    pub(crate) transactions: HashMap<String, ClientTx>,
    pub(crate) calls: HashMap<CallRef, crate::call::Call>,
    pub(crate) timers: HashMap<TimerId, (TimerKind, Option<String>)>,
    pub(crate) next_timer: TimerId,
    pub(crate) next_message: u64,
    pub(crate) out: VecDeque<Output>,
}

impl<E: Entropy> UserAgent<E> {
    pub fn new(account: Account, mut entropy: E) -> UserAgent<E> {
        let host = format!("{}.invalid", entropy.token().to_ascii_lowercase());
        let registration = crate::register::Registration::new(entropy.token());
        UserAgent {
            account,
            entropy,
            host,
            connected: false,
            registration,
            transactions: HashMap::new(),
            calls: HashMap::new(),
            timers: HashMap::new(),
            next_timer: 1,
            next_message: 1,
            out: VecDeque::new(),
        }
    }

    /// The next thing for the driver to do.
    pub fn poll(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    pub fn is_registered(&self) -> bool {
        self.registration.registered
    }

    pub fn handle(&mut self, input: Input) {
        match input {
            Input::Connected => {
                self.connected = true;
                self.register();
            }
            Input::Disconnected => self.disconnected(),
            Input::Received(text) => match Message::parse(&text) {
                Ok(m) if m.is_request() => self.on_request(m),
                Ok(m) => self.on_response(m),
                // A message we cannot read cannot be answered either (no reliable Via).
                Err(_) => {}
            },
            Input::Timer(id) => {
                if let Some((kind, key)) = self.timers.remove(&id) {
                    self.on_timer(id, kind, key);
                }
            }
        }
    }

    fn disconnected(&mut self) {
        self.connected = false;
        let was = self.registration.registered;
        self.registration.registered = false;
        if was {
            self.emit(UaEvent::Unregistered);
        }
        // Requests in flight are lost with the connection.
        let pending: Vec<(String, ClientTx)> = self.transactions.drain().collect();
        for (_, tx) in pending {
            self.fail_transaction(tx, 503, "Connection lost", Cause::ConnectionLost);
        }
    }

    fn on_timer(&mut self, id: TimerId, kind: TimerKind, key: Option<String>) {
        match kind {
            TimerKind::RegisterRefresh => self.register(),
            TimerKind::TxTimeout => {
                let Some(branch) = key else { return };
                if let Some(tx) = self.transactions.get(&branch)
                    && tx.timeout == Some(id)
                {
                    let tx = self.transactions.remove(&branch).expect("present");
                    // An INVITE unanswered is "no answer"; anything else: the service is unreachable.
                    let cause = if tx.purpose == Purpose::Invite {
                        Cause::NoAnswer
                    } else {
                        Cause::Unavailable
                    };
                    self.fail_transaction(tx, 408, "Request Timeout", cause);
                }
            }
            TimerKind::Retransmit200 { interval, elapsed } => {
                if let Some(call) = key.map(CallRef) {
                    self.retransmit_answer(&call, interval, elapsed);
                }
            }
            TimerKind::RingTimeout => {
                if let Some(call) = key.map(CallRef) {
                    self.ring_timeout(&call);
                }
            }
        }
    }

    pub(crate) fn emit(&mut self, e: UaEvent) {
        self.out.push_back(Output::Event(e));
    }

    pub(crate) fn send(&mut self, m: &Outgoing) {
        if let Ok(text) = m.render() {
            self.out.push_back(Output::Send(text));
        }
    }

    pub(crate) fn timer(
        &mut self,
        after: Duration,
        kind: TimerKind,
        key: Option<String>,
    ) -> TimerId {
        let id = self.next_timer;
        self.next_timer += 1;
        self.timers.insert(id, (kind, key));
        self.out.push_back(Output::Timer { id, after });
        id
    }

    pub(crate) fn cancel_timer(&mut self, id: Option<TimerId>) {
        if let Some(id) = id {
            self.timers.remove(&id);
        }
    }

    pub(crate) fn via(&mut self) -> (String, String) {
        let branch = format!("z9hG4bK{}", self.entropy.token());
        let transport = if self.account.secure { "WSS" } else { "WS" };
        (
            format!("SIP/2.0/{transport} {};branch={branch};rport", self.host),
            branch,
        )
    }

    pub(crate) fn contact(&self) -> String {
        let transport = if self.account.secure { "wss" } else { "ws" };
        format!(
            "<sip:{}@{};transport={transport}>",
            self.account.user, self.host
        )
    }

    pub(crate) fn local_address(&self, tag: &str) -> String {
        match &self.account.display_name {
            Some(name) => format!(
                "\"{}\" <{}>;tag={tag}",
                name.replace('"', ""),
                self.account.aor()
            ),
            None => format!("<{}>;tag={tag}", self.account.aor()),
        }
    }

    /// Sends a new client transaction: adds Via, CSeq, Max-Forwards, User-Agent; arms Timer B/F.
    pub(crate) fn start_transaction(
        &mut self,
        (purpose, call): (Purpose, Option<CallRef>),
        method: &str,
        uri: &str,
        cseq: u32,
        headers: Vec<(String, String)>,
        body: Option<(String, String)>,
    ) -> Option<String> {
        let (via, branch) = self.via();
        let mut request = Outgoing::request(method, uri)
            .header("Via", via)
            .header("Max-Forwards", "70");
        for (n, v) in headers {
            request = request.header(&n, v);
        }
        request = request
            .header("CSeq", format!("{cseq} {method}"))
            .header("User-Agent", self.account.user_agent.clone());
        request.body = body;
        if !self.connected {
            let tx = ClientTx {
                purpose,
                call,
                request,
                uri: uri.to_string(),
                method: method.to_string(),
                cseq,
                auth_tries: 0,
                timeout: None,
                provisional: false,
            };
            self.fail_transaction(tx, 503, "Not connected", Cause::ConnectionLost);
            return None;
        }
        self.send(&request);
        let timeout = self.timer(
            TRANSACTION_TIMEOUT,
            TimerKind::TxTimeout,
            Some(branch.clone()),
        );
        self.transactions.insert(
            branch.clone(),
            ClientTx {
                purpose,
                call,
                request,
                uri: uri.to_string(),
                method: method.to_string(),
                cseq,
                auth_tries: 0,
                timeout: Some(timeout),
                provisional: false,
            },
        );
        Some(branch)
    }

    fn on_response(&mut self, m: Message) {
        let Some(branch) = m.branch() else { return };
        let Some(status) = m.status() else { return };
        let Some(tx) = self.transactions.get_mut(&branch) else {
            // A 2xx to an INVITE can come again (retransmission): ACK it again.
            if (200..300).contains(&status) && m.method() == "INVITE" {
                self.reack(&m);
                // Unless it is the answer of a call we have (a retransmission), hang it up.
                if !self.calls.contains_key(&CallRef(m.call_id().to_string())) {
                    self.bye_from_2xx(&m);
                }
            }
            return;
        };
        if m.method() != tx.method {
            return;
        }
        if status < 200 {
            tx.provisional = true;
            let timeout = tx.timeout.take();
            let (purpose, call) = (tx.purpose, tx.call.clone());
            // Once the far end answers provisionally, the INVITE waits for a person.
            if purpose == Purpose::Invite {
                self.cancel_timer(timeout);
            } else {
                self.transactions.get_mut(&branch).expect("present").timeout = timeout;
            }
            if let (Purpose::Invite, Some(call)) = (purpose, call) {
                self.invite_provisional(&call, &m);
            }
            return;
        }
        let tx = self.transactions.remove(&branch).expect("present");
        self.cancel_timer(tx.timeout);
        if (status == 401 || status == 407) && self.retry_with_auth(&tx, &m) {
            return;
        }
        match tx.purpose {
            Purpose::Register => self.register_response(&tx, &m),
            Purpose::Invite | Purpose::Reinvite => self.invite_final(&tx, &m),
            Purpose::Message(id) => {
                if (200..300).contains(&status) {
                    self.emit(UaEvent::MessageSent { id });
                } else {
                    self.emit(UaEvent::MessageFailed {
                        id,
                        code: status,
                        reason: m.reason(),
                        cause: Cause::of_status(status),
                    });
                }
            }
            Purpose::Bye | Purpose::Info => {}
        }
    }

    /// Answers a 401/407 once per nonce (again only when the server says the nonce was stale).
    fn retry_with_auth(&mut self, tx: &ClientTx, m: &Message) -> bool {
        let proxy = m.status() == Some(407);
        let header = if proxy {
            "Proxy-Authenticate"
        } else {
            "WWW-Authenticate"
        };
        let Some(challenge) = m
            .header_lines(header)
            .into_iter()
            .find_map(|v| Challenge::parse(v).ok())
        else {
            return false;
        };
        let wrong_password = tx.auth_tries >= 1 && !challenge.stale;
        if wrong_password || tx.auth_tries >= 3 {
            return false;
        }
        // An INVITE's non-2xx final response is acknowledged in its transaction.
        if tx.method == "INVITE" {
            self.ack_non_2xx(tx, m);
        }
        let cnonce = self.entropy.token();
        let user = self
            .account
            .auth_user
            .clone()
            .unwrap_or_else(|| self.account.user.clone());
        let value = digest::authorization(
            &challenge,
            &Credentials {
                user: &user,
                password: &self.account.password,
                method: &tx.method,
                uri: &tx.uri,
                cnonce: &cnonce,
                nonce_count: 1,
            },
        );
        let cseq = tx.cseq + 1;
        let auth_name = if proxy {
            "Proxy-Authorization"
        } else {
            "Authorization"
        };
        let headers: Vec<(String, String)> = tx
            .request
            .headers
            .iter()
            .filter(|(n, _)| {
                ![
                    "via",
                    "cseq",
                    "max-forwards",
                    "user-agent",
                    "authorization",
                    "proxy-authorization",
                ]
                .contains(&n.to_ascii_lowercase().as_str())
            })
            .cloned()
            .chain(std::iter::once((auth_name.to_string(), value)))
            .collect();
        if let Some(call) = &tx.call {
            if let Some(c) = self.calls.get_mut(call) {
                c.local_cseq = cseq;
            }
        } else if tx.purpose == Purpose::Register {
            self.registration.cseq = cseq;
        }
        let (purpose, call, method, uri, body) = (
            tx.purpose,
            tx.call.clone(),
            tx.method.clone(),
            tx.uri.clone(),
            tx.request.body.clone(),
        );
        let tries = tx.auth_tries + 1;
        let branch =
            self.start_transaction((purpose, call.clone()), &method, &uri, cseq, headers, body);
        if let Some(branch) = &branch
            && let Some(t) = self.transactions.get_mut(branch)
        {
            t.auth_tries = tries;
        }
        // The call's INVITE (for CANCEL) is now the new transaction.
        if purpose == Purpose::Invite
            && let Some(c) = call.and_then(|call| self.calls.get_mut(&call))
        {
            c.invite_branch = branch;
        }
        true
    }

    pub(crate) fn fail_transaction(&mut self, tx: ClientTx, code: u16, reason: &str, cause: Cause) {
        match tx.purpose {
            Purpose::Register => {
                self.emit(UaEvent::RegistrationFailed {
                    code,
                    reason: reason.to_string(),
                    cause,
                });
                if self.connected {
                    self.registration.refresh =
                        Some(self.timer(REGISTER_RETRY, TimerKind::RegisterRefresh, None));
                }
            }
            Purpose::Invite => {
                if let Some(call) = tx.call {
                    self.calls.remove(&call);
                    self.emit(UaEvent::Failed {
                        call,
                        code,
                        reason: reason.to_string(),
                        cause,
                    });
                }
            }
            Purpose::Reinvite => {
                if let Some(call) = tx.call {
                    self.emit(UaEvent::ReinviteRefused { call, code });
                }
            }
            Purpose::Message(id) => self.emit(UaEvent::MessageFailed {
                id,
                code,
                reason: reason.to_string(),
                cause,
            }),
            Purpose::Bye | Purpose::Info => {}
        }
    }

    pub(crate) fn new_message_ref(&mut self) -> MessageRef {
        let id = MessageRef(self.next_message);
        self.next_message += 1;
        id
    }

    /// `sip:…` as given, else `sip:<target>@<our domain>` (a number or a user name).
    pub fn target_uri(&self, target: &str) -> Result<String, SipError> {
        let t = target.trim();
        if t.is_empty() || t.contains(char::is_whitespace) || t.contains(['<', '>', '"']) {
            return Err(SipError::BadAddress(target.to_string()));
        }
        let uri = if t.starts_with("sip:") || t.starts_with("sips:") {
            t.to_string()
        } else {
            format!("sip:{t}@{}", self.account.domain)
        };
        rsip::Uri::try_from(uri.as_str()).map_err(|_| SipError::BadAddress(target.to_string()))?;
        Ok(uri)
    }
}
