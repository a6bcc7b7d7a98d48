//! Requests the far end sends us: INVITE (new and re-INVITE), ACK, BYE, CANCEL, OPTIONS,
//! MESSAGE, INFO, UPDATE; and the replies to them. Also SIP MESSAGE sending.

use crate::call::CallState;
use crate::error::SipError;
use crate::events::{CallRef, EndReason, MessageRef, UaEvent};
use crate::message::{Message, Outgoing};
use crate::ua::{ALLOW, Entropy, Purpose, UserAgent};

impl<E: Entropy> UserAgent<E> {
    /// A response to `request`: its Vias, From, Call-ID and CSeq; To with `to_tag` added when
    /// it has none.
    pub(crate) fn reply(
        &self,
        request: &Message,
        code: u16,
        reason: &str,
        to_tag: Option<&str>,
    ) -> Outgoing {
        let mut out = Outgoing::response(code, reason);
        for (n, v) in request.raw_headers() {
            if n.eq_ignore_ascii_case("Via")
                || n.eq_ignore_ascii_case("Record-Route") && code > 100 && code < 300
            {
                out = out.header(n, v.clone());
            }
        }
        for name in ["From", "Call-ID", "CSeq"] {
            if let Some(v) = request.header(name) {
                out = out.header(name, v.to_string());
            }
        }
        let to = request.header("To").unwrap_or_default();
        let has_tag = request.to().is_some_and(|t| t.param("tag").is_some());
        let to = match (has_tag, to_tag) {
            (false, Some(tag)) if code > 100 => format!("{to};tag={tag}"),
            _ => to.to_string(),
        };
        out.header("To", to)
            .header("User-Agent", self.account.user_agent.clone())
    }

    fn respond(&mut self, request: &Message, code: u16, reason: &str) {
        let tag = self.entropy.token();
        let r = self.reply(request, code, reason, Some(&tag));
        self.send(&r);
    }

    pub(crate) fn on_request(&mut self, m: Message) {
        let method = m.method();
        let call = CallRef(m.call_id().to_string());
        let in_dialog = m.to().is_some_and(|t| t.param("tag").is_some());
        match method.as_str() {
            "INVITE" if !in_dialog => self.incoming_invite(m),
            // Our own re-INVITE is out, or theirs still waits for our answer (RFC 3261 §14.2).
            "INVITE"
                if self
                    .transactions
                    .values()
                    .any(|t| t.purpose == Purpose::Reinvite && t.call.as_ref() == Some(&call)) =>
            {
                self.respond(&m, 491, "Request Pending")
            }
            "INVITE"
                if self
                    .calls
                    .get(&call)
                    .is_some_and(|c| c.pending_reinvite.is_some()) =>
            {
                self.respond(&m, 500, "Server Internal Error")
            }
            "INVITE" => match self.calls.get_mut(&call) {
                Some(c) if c.state == CallState::Confirmed => {
                    let sdp = m.body();
                    c.pending_reinvite = Some(m);
                    self.emit(UaEvent::Offer { call, sdp });
                }
                Some(_) => self.respond(&m, 491, "Request Pending"),
                None => self.respond(&m, 481, "Call/Transaction Does Not Exist"),
            },
            "ACK" => {
                if let Some(c) = self.calls.get_mut(&call)
                    && c.state == CallState::Answering
                {
                    c.state = CallState::Confirmed;
                    c.answer = None;
                    if let Some(contact) = m.contact() {
                        c.remote_target = contact.uri;
                    }
                }
            }
            "BYE" => {
                if self.calls.remove(&call).is_some() {
                    self.respond(&m, 200, "OK");
                    self.emit(UaEvent::Ended {
                        call,
                        why: EndReason::RemoteHangup,
                    });
                } else {
                    self.respond(&m, 481, "Call/Transaction Does Not Exist");
                }
            }
            "CANCEL" => {
                let ringing = self
                    .calls
                    .get(&call)
                    .filter(|c| c.state == CallState::Ringing);
                match ringing.and_then(|c| c.their_invite.clone()) {
                    Some(invite) if invite.branch() == m.branch() => {
                        self.respond(&m, 200, "OK");
                        let tag = self.calls[&call].local_tag.clone();
                        let terminated = self.reply(&invite, 487, "Request Terminated", Some(&tag));
                        self.send(&terminated);
                        self.calls.remove(&call);
                        self.emit(UaEvent::Ended {
                            call,
                            why: EndReason::CallerCancelled,
                        });
                    }
                    _ => self.respond(&m, 481, "Call/Transaction Does Not Exist"),
                }
            }
            "OPTIONS" => {
                let tag = self.entropy.token();
                let r = self
                    .reply(&m, 200, "OK", Some(&tag))
                    .header("Allow", ALLOW)
                    .header("Accept", "application/sdp, text/plain")
                    .header("Supported", "replaces");
                self.send(&r);
            }
            "MESSAGE" => {
                self.respond(&m, 200, "OK");
                let from = m.from();
                self.emit(UaEvent::MessageReceived {
                    from: from.as_ref().map(|f| f.uri.clone()).unwrap_or_default(),
                    display: from.and_then(|f| f.display),
                    content_type: m.header("Content-Type").unwrap_or("text/plain").to_string(),
                    body: m.body(),
                });
            }
            "INFO" => {
                if !self.calls.contains_key(&call) {
                    self.respond(&m, 481, "Call/Transaction Does Not Exist");
                    return;
                }
                self.respond(&m, 200, "OK");
                let body = m.body();
                let digit = body.lines().find_map(|l| {
                    let (k, v) = l.split_once('=')?;
                    k.trim()
                        .eq_ignore_ascii_case("signal")
                        .then(|| v.trim().chars().next())?
                });
                if let Some(digit) = digit {
                    self.emit(UaEvent::Dtmf { call, digit });
                }
            }
            // Session-timer refreshes: the session goes on as it is.
            "UPDATE" => {
                if self.calls.contains_key(&call) && m.body().trim().is_empty() {
                    let r = self
                        .reply(&m, 200, "OK", None)
                        .header("Contact", self.contact());
                    self.send(&r);
                } else if self.calls.contains_key(&call) {
                    self.respond(&m, 488, "Not Acceptable Here");
                } else {
                    self.respond(&m, 481, "Call/Transaction Does Not Exist");
                }
            }
            "REGISTER" | "SUBSCRIBE" | "NOTIFY" | "REFER" | "PRACK" | "PUBLISH" => {
                let tag = self.entropy.token();
                let r = self
                    .reply(&m, 405, "Method Not Allowed", Some(&tag))
                    .header("Allow", ALLOW);
                self.send(&r);
            }
            _ => self.respond(&m, 501, "Not Implemented"),
        }
    }

    /// Sends a text message (SIP MESSAGE) to a number or `sip:` address.
    pub fn send_message(
        &mut self,
        target: &str,
        content_type: &str,
        body: &str,
    ) -> Result<MessageRef, SipError> {
        if !self.connected {
            return Err(SipError::NotConnected);
        }
        let uri = self.target_uri(target)?;
        let id = self.new_message_ref();
        let tag = self.entropy.token();
        let headers = vec![
            ("From".to_string(), self.local_address(&tag)),
            ("To".to_string(), format!("<{uri}>")),
            (
                "Call-ID".to_string(),
                format!("{}@{}", self.entropy.token(), self.host),
            ),
        ];
        let body = Some((content_type.to_string(), body.to_string()));
        self.start_transaction(
            (Purpose::Message(id), None),
            "MESSAGE",
            &uri,
            1,
            headers,
            body,
        );
        Ok(id)
    }
}
