//! Calls: outgoing INVITE (ringing, early media, answer, failure with a cause, CANCEL), incoming
//! INVITE (ring, answer, decline), BYE from either side, re-INVITE for hold and resume, DTMF by
//! SIP INFO. In-dialog requests go to the remote Contact through the route set (RFC 3261 §12).

use std::time::Duration;

use crate::error::SipError;
use crate::events::{CallRef, Cause, EndReason, UaEvent};
use crate::header::NameAddr;
use crate::message::{Message, Outgoing};
use crate::ua::{ClientTx, Entropy, Purpose, T1, T2, TimerKind, UserAgent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallState {
    /// Our INVITE is out; nothing back yet.
    Calling,
    /// The far end rings or plays early media.
    Early,
    /// Someone calls us and we ring.
    Ringing,
    /// We answered and wait for the ACK.
    Answering,
    Confirmed,
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub state: CallState,
    pub local_tag: String,
    pub remote_tag: Option<String>,
    /// From/To as we write them: our address and the far end's (without tags).
    pub local_uri: String,
    pub remote_uri: String,
    pub local_cseq: u32,
    /// The far end's Contact URI, verbatim.
    pub remote_target: String,
    /// Route set, in the order to write Route headers.
    pub route_set: Vec<String>,
    /// Our INVITE's transaction (to CANCEL it).
    pub invite_branch: Option<String>,
    /// The seller (or the ring timeout) hung up before an answer.
    pub cancel_pending: bool,
    pub cancel_sent: bool,
    /// The ring timeout gave up (reported as "no answer", not as the seller's cancel).
    pub no_answer: bool,
    /// The INVITE we were sent (incoming calls), to build responses; also re-INVITEs.
    pub their_invite: Option<Message>,
    pub pending_reinvite: Option<Message>,
    /// Our 200 OK to their INVITE, resent until the ACK arrives.
    pub answer: Option<Outgoing>,
    pub ring_timer: Option<crate::events::TimerId>,
}

impl<E: Entropy> UserAgent<E> {
    pub fn call_state(&self, call: &CallRef) -> Option<CallState> {
        self.calls.get(call).map(|c| c.state)
    }

    /// Calls `target` (a number or a `sip:` URI) with an SDP offer.
    pub fn call(&mut self, target: &str, sdp_offer: &str) -> Result<CallRef, SipError> {
        if !self.connected {
            return Err(SipError::NotConnected);
        }
        let uri = self.target_uri(target)?;
        let call = CallRef(format!("{}@{}", self.entropy.token(), self.host));
        let tag = self.entropy.token();
        let local = self.local_address(&tag);
        self.calls.insert(
            call.clone(),
            Call {
                state: CallState::Calling,
                local_tag: tag,
                remote_tag: None,
                local_uri: local.split(";tag=").next().unwrap_or_default().to_string(),
                remote_uri: format!("<{uri}>"),
                local_cseq: 1,
                remote_target: uri.clone(),
                route_set: Vec::new(),
                invite_branch: None,
                cancel_pending: false,
                cancel_sent: false,
                no_answer: false,
                their_invite: None,
                pending_reinvite: None,
                answer: None,
                ring_timer: None,
            },
        );
        let headers = vec![
            ("From".to_string(), local),
            ("To".to_string(), format!("<{uri}>")),
            ("Call-ID".to_string(), call.0.clone()),
            ("Contact".to_string(), self.contact()),
            ("Allow".to_string(), crate::ua::ALLOW.to_string()),
            ("Supported".to_string(), "replaces".to_string()),
        ];
        let body = Some(("application/sdp".to_string(), sdp_offer.to_string()));
        let branch = self.start_transaction(
            (Purpose::Invite, Some(call.clone())),
            "INVITE",
            &uri,
            1,
            headers,
            body,
        );
        let ring = self.account.ring_timeout;
        let timer = self.timer(ring, TimerKind::RingTimeout, Some(call.0.clone()));
        if let Some(c) = self.calls.get_mut(&call) {
            c.invite_branch = branch;
            c.ring_timer = Some(timer);
        }
        Ok(call)
    }

    /// Hangs up: CANCEL while it rings, BYE once connected, decline an incoming call.
    pub fn hangup(&mut self, call: &CallRef) -> Result<(), SipError> {
        let state = self.calls.get(call).ok_or(SipError::NoSuchCall)?.state;
        match state {
            CallState::Calling => {
                // CANCEL may only follow a provisional response (RFC 3261 §9.1): now if one
                // (a 100 Trying) came, else as soon as one does.
                let c = self.calls.get_mut(call).expect("present");
                c.cancel_pending = true;
                let answered = c
                    .invite_branch
                    .as_ref()
                    .and_then(|b| self.transactions.get(b))
                    .is_some_and(|tx| tx.provisional);
                if answered {
                    self.send_cancel(call);
                }
            }
            CallState::Early => self.send_cancel(call),
            CallState::Ringing => self.decline(call, false)?,
            CallState::Answering | CallState::Confirmed => {
                self.send_bye(call);
                let c = self.calls.remove(call);
                self.cancel_timer(c.and_then(|c| c.ring_timer));
                self.emit(UaEvent::Ended {
                    call: call.clone(),
                    why: EndReason::LocalHangup,
                });
            }
        }
        Ok(())
    }

    fn send_cancel(&mut self, call: &CallRef) {
        let Some(c) = self.calls.get_mut(call) else {
            return;
        };
        c.cancel_pending = true;
        if std::mem::replace(&mut c.cancel_sent, true) {
            return;
        }
        let Some(branch) = c.invite_branch.clone() else {
            return;
        };
        let Some(tx) = self.transactions.get(&branch) else {
            return;
        };
        // Same Request-URI, Call-ID, From, To, CSeq number and top Via as the INVITE.
        let mut cancel = Outgoing::request("CANCEL", &tx.uri);
        for (n, v) in &tx.request.headers {
            let lower = n.to_ascii_lowercase();
            if ["via", "from", "to", "call-id", "route", "max-forwards"].contains(&lower.as_str()) {
                cancel = cancel.header(n, v.clone());
            }
        }
        cancel = cancel.header("CSeq", format!("{} CANCEL", tx.cseq));
        self.send(&cancel);
    }

    fn send_bye(&mut self, call: &CallRef) {
        let Some(c) = self.calls.get_mut(call) else {
            return;
        };
        c.local_cseq += 1;
        let cseq = c.local_cseq;
        let (uri, headers) = self.dialog_headers(call);
        self.start_transaction(
            (Purpose::Bye, Some(call.clone())),
            "BYE",
            &uri,
            cseq,
            headers,
            None,
        );
    }

    /// Request-URI and headers of an in-dialog request (RFC 3261 §12.2.1.1, loose routing).
    fn dialog_headers(&self, call: &CallRef) -> (String, Vec<(String, String)>) {
        let c = &self.calls[call];
        let to = match &c.remote_tag {
            Some(tag) => format!("{};tag={tag}", c.remote_uri),
            None => c.remote_uri.clone(),
        };
        let mut headers = vec![
            (
                "From".to_string(),
                format!("{};tag={}", c.local_uri, c.local_tag),
            ),
            ("To".to_string(), to),
            ("Call-ID".to_string(), call.0.clone()),
        ];
        for r in &c.route_set {
            headers.push(("Route".to_string(), r.clone()));
        }
        headers.push(("Contact".to_string(), self.contact()));
        (c.remote_target.clone(), headers)
    }

    pub(crate) fn invite_provisional(&mut self, call: &CallRef, m: &Message) {
        let status = m.status().unwrap_or(100);
        let Some(c) = self.calls.get_mut(call) else {
            return;
        };
        // Any provisional response, 100 Trying included, allows a CANCEL (RFC 3261 §9.1).
        if c.cancel_pending {
            self.send_cancel(call);
            return;
        }
        if status == 100 {
            return;
        }
        if c.state == CallState::Calling {
            c.state = CallState::Early;
        }
        let sdp = m.body();
        if status == 183 || !sdp.trim().is_empty() {
            self.emit(UaEvent::EarlyMedia {
                call: call.clone(),
                sdp,
            });
        } else {
            self.emit(UaEvent::Ringing { call: call.clone() });
        }
    }

    pub(crate) fn invite_final(&mut self, tx: &ClientTx, m: &Message) {
        let status = m.status().unwrap_or(500);
        let Some(call) = tx.call.clone() else { return };
        if (200..300).contains(&status) {
            let Some(c) = self.calls.get_mut(&call) else {
                // Answered after we gave up: acknowledge, then hang up.
                self.reack(m);
                self.bye_from_2xx(m);
                return;
            };
            c.remote_tag = m.to().and_then(|t| t.param("tag").map(str::to_string));
            if let Some(contact) = m.contact() {
                c.remote_target = contact.uri;
            }
            if tx.purpose == Purpose::Invite {
                // UAC route set: Record-Route in reverse (RFC 3261 §12.1.2).
                c.route_set = m.header_list("Record-Route").into_iter().rev().collect();
            }
            let was_cancelled = c.cancel_pending;
            c.state = CallState::Confirmed;
            let timer = c.ring_timer.take();
            self.cancel_timer(timer);
            self.send_ack_2xx(&call, tx.cseq);
            let sdp = m.body();
            if tx.purpose == Purpose::Reinvite {
                self.emit(UaEvent::Updated { call, sdp });
            } else if was_cancelled {
                self.send_bye(&call);
                self.calls.remove(&call);
                self.emit(UaEvent::Ended {
                    call,
                    why: EndReason::Cancelled,
                });
            } else {
                self.emit(UaEvent::Answered { call, sdp });
            }
            return;
        }
        self.ack_non_2xx(tx, m);
        if tx.purpose == Purpose::Reinvite {
            self.emit(UaEvent::ReinviteRefused { call, code: status });
            return;
        }
        let Some(c) = self.calls.remove(&call) else {
            return;
        };
        self.cancel_timer(c.ring_timer);
        if status == 487 && c.no_answer {
            // Cancelled by the ring timeout: nobody answered.
            self.emit(UaEvent::Failed {
                call,
                code: 408,
                reason: "No answer".to_string(),
                cause: Cause::NoAnswer,
            });
        } else if status == 487 {
            self.emit(UaEvent::Ended {
                call,
                why: EndReason::Cancelled,
            });
        } else {
            self.emit(UaEvent::Failed {
                call,
                code: status,
                reason: m.reason(),
                cause: Cause::of_status(status),
            });
        }
    }

    /// ACK for a non-2xx final response: part of the INVITE transaction (RFC 3261 §17.1.1.3).
    pub(crate) fn ack_non_2xx(&mut self, tx: &ClientTx, m: &Message) {
        let mut ack = Outgoing::request("ACK", &tx.uri);
        for (n, v) in &tx.request.headers {
            let lower = n.to_ascii_lowercase();
            if ["via", "from", "call-id", "route", "max-forwards"].contains(&lower.as_str()) {
                ack = ack.header(n, v.clone());
            }
        }
        if let Some(to) = m.header("To") {
            ack = ack.header("To", to.to_string());
        }
        ack = ack.header("CSeq", format!("{} ACK", tx.cseq));
        self.send(&ack);
    }

    /// ACK for a 2xx: a new request in the dialog.
    fn send_ack_2xx(&mut self, call: &CallRef, cseq: u32) {
        let (uri, headers) = self.dialog_headers(call);
        let (via, _) = self.via();
        let mut ack = Outgoing::request("ACK", &uri)
            .header("Via", via)
            .header("Max-Forwards", "70");
        for (n, v) in headers {
            ack = ack.header(&n, v);
        }
        ack = ack.header("CSeq", format!("{cseq} ACK"));
        self.send(&ack);
    }

    /// A retransmitted 2xx whose transaction is gone: ACK it again from what it carries.
    pub(crate) fn reack(&mut self, m: &Message) {
        let cseq = m.cseq().0;
        self.request_from_2xx(m, "ACK", cseq);
    }

    /// BYE for a dialog we never kept (a late or extra 2xx), built from the 2xx itself.
    pub(crate) fn bye_from_2xx(&mut self, m: &Message) {
        let cseq = m.cseq().0 + 1;
        self.request_from_2xx(m, "BYE", cseq);
    }

    /// An in-dialog request from what a 2xx carries: to its Contact, through its Record-Route
    /// (reversed), with its From, To and Call-ID.
    fn request_from_2xx(&mut self, m: &Message, method: &str, cseq: u32) {
        let Some(contact) = m.contact() else { return };
        let (via, _) = self.via();
        let mut request = Outgoing::request(method, &contact.uri)
            .header("Via", via)
            .header("Max-Forwards", "70");
        for r in m.header_list("Record-Route").into_iter().rev() {
            request = request.header("Route", r);
        }
        for name in ["From", "To", "Call-ID"] {
            if let Some(v) = m.header(name) {
                request = request.header(name, v.to_string());
            }
        }
        request = request.header("CSeq", format!("{cseq} {method}"));
        self.send(&request);
    }

    pub(crate) fn ring_timeout(&mut self, call: &CallRef) {
        let Some(c) = self.calls.get_mut(call) else {
            return;
        };
        c.ring_timer = None;
        match c.state {
            CallState::Calling | CallState::Early => {
                let early = c.state == CallState::Early;
                c.cancel_pending = true;
                c.no_answer = true;
                if early {
                    self.send_cancel(call);
                }
            }
            _ => {}
        }
    }

    /// Answers a ringing incoming call (or a re-INVITE) with our SDP.
    pub fn answer(&mut self, call: &CallRef, sdp_answer: &str) -> Result<(), SipError> {
        let c = self.calls.get(call).ok_or(SipError::NoSuchCall)?;
        if c.state != CallState::Ringing {
            return Err(SipError::WrongCallState);
        }
        let invite = c.their_invite.clone().ok_or(SipError::WrongCallState)?;
        let tag = c.local_tag.clone();
        let ok = self
            .reply(&invite, 200, "OK", Some(&tag))
            .header("Contact", self.contact())
            .header("Allow", crate::ua::ALLOW)
            .body("application/sdp", sdp_answer);
        self.send(&ok);
        let c = self.calls.get_mut(call).expect("present");
        c.state = CallState::Answering;
        c.answer = Some(ok);
        self.timer(
            T1,
            TimerKind::Retransmit200 {
                interval: T1,
                elapsed: Duration::ZERO,
            },
            Some(call.0.clone()),
        );
        Ok(())
    }

    pub(crate) fn retransmit_answer(
        &mut self,
        call: &CallRef,
        interval: Duration,
        elapsed: Duration,
    ) {
        let Some(c) = self.calls.get(call) else {
            return;
        };
        if c.state != CallState::Answering {
            return;
        }
        let elapsed = elapsed + interval;
        if elapsed >= crate::ua::TRANSACTION_TIMEOUT {
            // No ACK: the call never really connected (RFC 3261 §13.3.1.4).
            self.send_bye(call);
            self.calls.remove(call);
            self.emit(UaEvent::Ended {
                call: call.clone(),
                why: EndReason::NoAck,
            });
            return;
        }
        if let Some(ok) = c.answer.clone() {
            self.send(&ok);
        }
        let next = (interval * 2).min(T2);
        self.timer(
            next,
            TimerKind::Retransmit200 {
                interval: next,
                elapsed,
            },
            Some(call.0.clone()),
        );
    }

    /// Declines a ringing incoming call: 486 Busy Here, or 603 Decline.
    pub fn decline(&mut self, call: &CallRef, busy: bool) -> Result<(), SipError> {
        let c = self.calls.get(call).ok_or(SipError::NoSuchCall)?;
        if c.state != CallState::Ringing {
            return Err(SipError::WrongCallState);
        }
        let invite = c.their_invite.clone().ok_or(SipError::WrongCallState)?;
        let tag = c.local_tag.clone();
        let (code, reason) = if busy {
            (486, "Busy Here")
        } else {
            (603, "Decline")
        };
        let reply = self.reply(&invite, code, reason, Some(&tag));
        self.send(&reply);
        self.calls.remove(call);
        self.emit(UaEvent::Ended {
            call: call.clone(),
            why: EndReason::Declined,
        });
        Ok(())
    }

    /// Sends a new offer in the dialog (hold: `a=sendonly`; resume: `a=sendrecv`).
    pub fn reinvite(&mut self, call: &CallRef, sdp_offer: &str) -> Result<(), SipError> {
        let c = self.calls.get_mut(call).ok_or(SipError::NoSuchCall)?;
        if c.state != CallState::Confirmed {
            return Err(SipError::WrongCallState);
        }
        c.local_cseq += 1;
        let cseq = c.local_cseq;
        let (uri, headers) = self.dialog_headers(call);
        let body = Some(("application/sdp".to_string(), sdp_offer.to_string()));
        self.start_transaction(
            (Purpose::Reinvite, Some(call.clone())),
            "INVITE",
            &uri,
            cseq,
            headers,
            body,
        );
        Ok(())
    }

    /// Answers the far end's re-INVITE (see [`UaEvent::Offer`]).
    pub fn accept_offer(&mut self, call: &CallRef, sdp_answer: &str) -> Result<(), SipError> {
        let c = self.calls.get_mut(call).ok_or(SipError::NoSuchCall)?;
        let invite = c.pending_reinvite.take().ok_or(SipError::WrongCallState)?;
        let ok = self
            .reply(&invite, 200, "OK", None)
            .header("Contact", self.contact())
            .body("application/sdp", sdp_answer);
        self.send(&ok);
        Ok(())
    }

    /// Refuses the far end's re-INVITE (e.g. 488 when the media cannot take the new offer); the
    /// call goes on as it was.
    pub fn reject_offer(&mut self, call: &CallRef, code: u16) -> Result<(), SipError> {
        let c = self.calls.get_mut(call).ok_or(SipError::NoSuchCall)?;
        let invite = c.pending_reinvite.take().ok_or(SipError::WrongCallState)?;
        let reason = if code == 491 {
            "Request Pending"
        } else {
            "Not Acceptable Here"
        };
        let r = self.reply(&invite, code, reason, None);
        self.send(&r);
        Ok(())
    }

    /// Sends a DTMF digit by SIP INFO (`application/dtmf-relay`), the fallback to RFC 4733.
    pub fn send_dtmf_info(&mut self, call: &CallRef, digit: char) -> Result<(), SipError> {
        if !matches!(digit, '0'..='9' | '*' | '#' | 'A'..='D') {
            return Err(SipError::BadAddress(digit.to_string()));
        }
        let c = self.calls.get_mut(call).ok_or(SipError::NoSuchCall)?;
        if c.state != CallState::Confirmed {
            return Err(SipError::WrongCallState);
        }
        c.local_cseq += 1;
        let cseq = c.local_cseq;
        let (uri, headers) = self.dialog_headers(call);
        let body = Some((
            "application/dtmf-relay".to_string(),
            format!("Signal={digit}\r\nDuration=160\r\n"),
        ));
        self.start_transaction(
            (Purpose::Info, Some(call.clone())),
            "INFO",
            &uri,
            cseq,
            headers,
            body,
        );
        Ok(())
    }

    /// A new incoming INVITE: ring (180 with our tag) and tell the phone.
    pub(crate) fn incoming_invite(&mut self, m: Message) {
        let call = CallRef(m.call_id().to_string());
        if self.calls.contains_key(&call) {
            return; // a retransmission: we already ring
        }
        let tag = self.entropy.token();
        let from = m.from();
        let contact = m.contact();
        let Some(contact) = contact else {
            let r = self.reply(&m, 400, "Missing Contact", None);
            self.send(&r);
            return;
        };
        let to_uri = m.to().map(|t| format!("<{}>", t.uri)).unwrap_or_default();
        let (remote_uri, display, from_tag) = match &from {
            Some(NameAddr { display, uri, .. }) => (
                match display {
                    Some(d) => format!("\"{d}\" <{uri}>"),
                    None => format!("<{uri}>"),
                },
                display.clone(),
                from.as_ref()
                    .and_then(|f| f.param("tag").map(str::to_string)),
            ),
            None => (String::new(), None, None),
        };
        let ringing = self
            .reply(&m, 180, "Ringing", Some(&tag))
            .header("Contact", self.contact());
        self.send(&ringing);
        let sdp = m.body();
        let from_uri = from.map(|f| f.uri).unwrap_or_default();
        self.calls.insert(
            call.clone(),
            Call {
                state: CallState::Ringing,
                local_tag: tag,
                remote_tag: from_tag,
                local_uri: to_uri,
                remote_uri,
                local_cseq: 0,
                remote_target: contact.uri,
                // UAS route set: Record-Route in the order received.
                route_set: m.header_list("Record-Route"),
                invite_branch: None,
                cancel_pending: false,
                cancel_sent: false,
                no_answer: false,
                their_invite: Some(m),
                pending_reinvite: None,
                answer: None,
                ring_timer: None,
            },
        );
        self.emit(UaEvent::Incoming {
            call,
            from: from_uri,
            display,
            sdp,
        });
    }
}
