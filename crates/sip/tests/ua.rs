//! The user agent against a scripted server: every message it sends is parsed back and
//! checked against what RFC 3261 and Kamailio expect.

use std::time::Duration;

use nextline_sip::digest::{self, Challenge, Credentials};
use nextline_sip::message::Message;
use nextline_sip::{
    Account, CallRef, CallState, Cause, EndReason, Entropy, Input, Output, UaEvent, UserAgent,
};

struct Counting(u32);
impl Entropy for Counting {
    fn token(&mut self) -> String {
        self.0 += 1;
        format!("tok{:05}", self.0)
    }
}

#[derive(Default, Debug)]
struct Drained {
    sent: Vec<Message>,
    timers: Vec<(u64, Duration)>,
    events: Vec<UaEvent>,
}

fn drain(ua: &mut UserAgent<Counting>) -> Drained {
    let mut d = Drained::default();
    while let Some(o) = ua.poll() {
        match o {
            Output::Send(text) => d
                .sent
                .push(Message::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"))),
            Output::Timer { id, after } => d.timers.push((id, after)),
            Output::Event(e) => d.events.push(e),
        }
    }
    d
}

fn agent() -> UserAgent<Counting> {
    let mut a = Account::new("alice", "127.0.0.1", PASSWORD);
    a.register_expires = 300;
    UserAgent::new(a, Counting(0))
}

/// A response to `req` as a server would write it.
fn response(
    req: &Message,
    code: u16,
    reason: &str,
    to_tag: Option<&str>,
    extra: &[(&str, &str)],
    body: &str,
) -> String {
    let mut s = format!("SIP/2.0 {code} {reason}\r\n");
    for via in req.header_list("Via") {
        s.push_str(&format!("Via: {via};received=127.0.0.1\r\n"));
    }
    s.push_str(&format!("From: {}\r\n", req.header("From").unwrap()));
    let to = req.header("To").unwrap();
    match to_tag {
        Some(t) if !to.contains("tag=") => s.push_str(&format!("To: {to};tag={t}\r\n")),
        _ => s.push_str(&format!("To: {to}\r\n")),
    }
    s.push_str(&format!("Call-ID: {}\r\n", req.call_id()));
    s.push_str(&format!("CSeq: {}\r\n", req.header("CSeq").unwrap()));
    for (n, v) in extra {
        s.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() {
        s.push_str("Content-Type: application/sdp\r\n");
    }
    s.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s
}

fn feed(ua: &mut UserAgent<Counting>, text: String) -> Drained {
    ua.handle(Input::Received(text));
    drain(ua)
}

/// The scripted server's only account.
const PASSWORD: &str = "test-only-password";
const CHALLENGE: &str = r#"Digest realm="127.0.0.1", nonce="abc123", qop="auth""#;
const SDP: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

/// Checks an Authorization header's response against our own digest computation.
fn check_digest(req: &Message, header: &str, user: &str, password: &str) {
    let value = req.header(header).unwrap_or_else(|| panic!("no {header}"));
    let field = |name: &str| {
        nextline_sip::header::split_params(value.trim_start_matches("Digest "), ',')
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no {name} in {value}"))
    };
    let ch = Challenge::parse(CHALLENGE).unwrap();
    let expected = digest::response(
        &ch,
        &Credentials {
            user,
            password,
            method: &req.method(),
            uri: &req.request_uri().unwrap(),
            cnonce: &field("cnonce"),
            nonce_count: 1,
        },
    );
    assert_eq!(field("response"), expected);
    assert_eq!(field("uri"), req.request_uri().unwrap());
    assert_eq!(field("nc"), "00000001");
}

fn registered() -> UserAgent<Counting> {
    let mut ua = agent();
    ua.handle(Input::Connected);
    let d = drain(&mut ua);
    let reg = &d.sent[0];
    let d = feed(
        &mut ua,
        response(reg, 200, "OK", Some("srv"), &[("Expires", "300")], ""),
    );
    assert!(matches!(
        d.events[..],
        [UaEvent::Registered { expires: 300 }]
    ));
    ua
}

#[test]
fn registers_with_digest_and_refreshes_before_expiry() {
    let mut ua = agent();
    ua.handle(Input::Connected);
    let d = drain(&mut ua);
    let reg = &d.sent[0];
    assert_eq!(reg.method(), "REGISTER");
    assert_eq!(reg.request_uri().unwrap(), "sip:127.0.0.1");
    let via = reg.header("Via").unwrap();
    assert!(
        via.starts_with("SIP/2.0/WS ") && via.contains(".invalid;branch=z9hG4bK"),
        "{via}"
    );
    let contact = reg.header("Contact").unwrap();
    assert!(contact.contains(".invalid;transport=ws>"), "{contact}");
    assert_eq!(reg.header("Expires"), Some("300"));

    let d = feed(
        &mut ua,
        response(
            reg,
            401,
            "Unauthorized",
            Some("srv"),
            &[("WWW-Authenticate", CHALLENGE)],
            "",
        ),
    );
    let again = &d.sent[0];
    assert_eq!(again.cseq(), (reg.cseq().0 + 1, "REGISTER".into()));
    assert_eq!(
        again.call_id(),
        reg.call_id(),
        "same Call-ID for the registration"
    );
    assert_ne!(again.branch(), reg.branch(), "a new transaction");
    check_digest(again, "Authorization", "alice", PASSWORD);

    let contact_back = format!("{};expires=240", again.header("Contact").unwrap());
    let d = feed(
        &mut ua,
        response(
            again,
            200,
            "OK",
            Some("srv"),
            &[("Contact", &contact_back)],
            "",
        ),
    );
    assert_eq!(d.events, vec![UaEvent::Registered { expires: 240 }]);
    assert!(ua.is_registered());
    let (timer, after) = d.timers[0];
    assert_eq!(
        after,
        Duration::from_secs(180),
        "refreshed a minute before it expires"
    );
    ua.handle(Input::Timer(timer));
    let d = drain(&mut ua);
    assert_eq!(d.sent[0].method(), "REGISTER");
}

#[test]
fn a_wrong_password_is_reported_not_retried_forever() {
    let mut ua = agent();
    ua.handle(Input::Connected);
    let reg = drain(&mut ua).sent.remove(0);
    let d = feed(
        &mut ua,
        response(
            &reg,
            401,
            "Unauthorized",
            Some("s"),
            &[("WWW-Authenticate", CHALLENGE)],
            "",
        ),
    );
    let again = &d.sent[0];
    let d = feed(
        &mut ua,
        response(
            again,
            401,
            "Unauthorized",
            Some("s"),
            &[("WWW-Authenticate", CHALLENGE)],
            "",
        ),
    );
    assert!(d.sent.is_empty(), "no third REGISTER straight away");
    assert!(matches!(
        d.events[..],
        [UaEvent::RegistrationFailed {
            code: 401,
            cause: Cause::WrongPassword,
            ..
        }]
    ));
}

#[test]
fn re_registers_when_the_connection_comes_back() {
    let mut ua = registered();
    ua.handle(Input::Disconnected);
    let d = drain(&mut ua);
    assert_eq!(d.events, vec![UaEvent::Unregistered]);
    assert!(!ua.is_registered());
    ua.handle(Input::Connected);
    let d = drain(&mut ua);
    assert_eq!(d.sent[0].method(), "REGISTER");
}

#[test]
fn an_unanswered_register_times_out_and_is_tried_again() {
    let mut ua = agent();
    ua.handle(Input::Connected);
    let d = drain(&mut ua);
    let (timeout, after) = d.timers[0];
    assert_eq!(after, Duration::from_secs(32));
    ua.handle(Input::Timer(timeout));
    let d = drain(&mut ua);
    assert!(matches!(
        d.events[..],
        [UaEvent::RegistrationFailed { code: 408, .. }]
    ));
    assert_eq!(d.timers[0].1, Duration::from_secs(30), "retried later");
}

/// Places a call through a 407 challenge and a 180; returns the authenticated INVITE.
fn call_to_ringing(ua: &mut UserAgent<Counting>) -> (CallRef, Message) {
    let call = ua.call("+302101234567", SDP).unwrap();
    let d = drain(ua);
    let invite = &d.sent[0];
    assert_eq!(invite.request_uri().unwrap(), "sip:+302101234567@127.0.0.1");
    assert_eq!(invite.body(), SDP);
    assert_eq!(invite.header("Content-Type"), Some("application/sdp"));
    let d = feed(
        ua,
        response(
            invite,
            407,
            "Proxy Authentication Required",
            Some("p1"),
            &[("Proxy-Authenticate", CHALLENGE)],
            "",
        ),
    );
    let (ack, invite2) = (&d.sent[0], &d.sent[1]);
    assert_eq!(ack.method(), "ACK");
    assert_eq!(
        ack.branch(),
        invite.branch(),
        "the ACK of a 407 is in the INVITE's transaction"
    );
    assert_eq!(ack.cseq(), (invite.cseq().0, "ACK".into()));
    assert!(ack.header("To").unwrap().contains("tag=p1"));
    assert_eq!(invite2.cseq(), (2, "INVITE".into()));
    check_digest(invite2, "Proxy-Authorization", "alice", PASSWORD);
    let d = feed(ua, response(invite2, 100, "Trying", None, &[], ""));
    assert!(d.events.is_empty());
    let d = feed(
        ua,
        response(invite2, 180, "Ringing", Some("bobtag"), &[], ""),
    );
    assert_eq!(d.events, vec![UaEvent::Ringing { call: call.clone() }]);
    assert_eq!(ua.call_state(&call), Some(CallState::Early));
    (call, invite2.clone())
}

#[test]
fn an_answered_call_is_acked_and_hung_up_through_the_route_set() {
    let mut ua = registered();
    let (call, invite) = call_to_ringing(&mut ua);
    let contact = "<sip:bob@127.0.0.1:41234;transport=ws;alias=127.0.0.1~41234~5>";
    let d = feed(
        &mut ua,
        response(
            &invite,
            200,
            "OK",
            Some("bobtag"),
            &[
                (
                    "Record-Route",
                    "<sip:10.0.0.2;lr>, <sip:127.0.0.1:5080;transport=ws;lr;nat=yes>",
                ),
                ("Contact", contact),
            ],
            SDP,
        ),
    );
    assert_eq!(
        d.events,
        vec![UaEvent::Answered {
            call: call.clone(),
            sdp: SDP.into()
        }]
    );
    let ack = &d.sent[0];
    assert_eq!(ack.method(), "ACK");
    assert_eq!(
        ack.request_uri().unwrap(),
        "sip:bob@127.0.0.1:41234;transport=ws;alias=127.0.0.1~41234~5",
        "to the remote Contact, verbatim"
    );
    assert_ne!(
        ack.branch(),
        invite.branch(),
        "the ACK of a 2xx is a new transaction"
    );
    assert_eq!(
        ack.header_list("Route"),
        vec![
            "<sip:127.0.0.1:5080;transport=ws;lr;nat=yes>",
            "<sip:10.0.0.2;lr>"
        ],
        "the Record-Route set reversed"
    );
    assert_eq!(ack.cseq(), (2, "ACK".into()));

    ua.hangup(&call).unwrap();
    let d = drain(&mut ua);
    assert_eq!(
        d.events,
        vec![UaEvent::Ended {
            call: call.clone(),
            why: EndReason::LocalHangup
        }]
    );
    let bye = &d.sent[0];
    assert_eq!(bye.method(), "BYE");
    assert_eq!(bye.cseq(), (3, "BYE".into()));
    assert_eq!(bye.request_uri(), ack.request_uri());
    assert_eq!(bye.header_list("Route"), ack.header_list("Route"));
    assert!(bye.header("To").unwrap().contains("tag=bobtag"));
    assert_eq!(ua.call_state(&call), None);
}

#[test]
fn hanging_up_before_any_answer_cancels_once_the_far_end_rings() {
    let mut ua = registered();
    let call = ua.call("bob", SDP).unwrap();
    let invite = drain(&mut ua).sent.remove(0);
    ua.hangup(&call).unwrap();
    assert!(
        drain(&mut ua).sent.is_empty(),
        "no CANCEL before a provisional response"
    );
    let d = feed(
        &mut ua,
        response(&invite, 180, "Ringing", Some("b"), &[], ""),
    );
    let cancel = &d.sent[0];
    assert_eq!(cancel.method(), "CANCEL");
    assert_eq!(cancel.branch(), invite.branch());
    assert_eq!(cancel.cseq(), (1, "CANCEL".into()));
    assert_eq!(cancel.request_uri(), invite.request_uri());
    let d = feed(
        &mut ua,
        response(&invite, 487, "Request Terminated", Some("b"), &[], ""),
    );
    assert_eq!(d.sent[0].method(), "ACK");
    // Cancelled by the seller while it rang: the call simply ends.
    assert_eq!(
        d.events,
        vec![UaEvent::Ended {
            call,
            why: EndReason::Cancelled
        }]
    );
}

#[test]
fn a_busy_number_fails_with_the_busy_cause() {
    let mut ua = registered();
    let (call, invite) = call_to_ringing(&mut ua);
    let d = feed(
        &mut ua,
        response(&invite, 486, "Busy Here", Some("bobtag"), &[], ""),
    );
    assert_eq!(d.sent[0].method(), "ACK");
    assert_eq!(
        d.events,
        vec![UaEvent::Failed {
            call,
            code: 486,
            reason: "Busy Here".into(),
            cause: Cause::Busy
        }]
    );
    assert_eq!(Cause::Busy.describe(), "the line is busy");
}

#[test]
fn a_call_that_rings_too_long_is_given_up_as_unanswered() {
    let mut ua = registered();
    let call = ua.call("bob", SDP).unwrap();
    let d = drain(&mut ua);
    let invite = &d.sent[0];
    let ring = d
        .timers
        .iter()
        .find(|(_, after)| *after == Duration::from_secs(60))
        .expect("ring timer")
        .0;
    feed(
        &mut ua,
        response(invite, 180, "Ringing", Some("b"), &[], ""),
    );
    ua.handle(Input::Timer(ring));
    let d = drain(&mut ua);
    assert_eq!(d.sent[0].method(), "CANCEL");
    let d = feed(
        &mut ua,
        response(invite, 487, "Request Terminated", Some("b"), &[], ""),
    );
    assert_eq!(
        d.events,
        vec![UaEvent::Failed {
            call,
            code: 408,
            reason: "No answer".into(),
            cause: Cause::NoAnswer
        }]
    );
}

fn incoming_invite(branch: &str) -> String {
    format!(
        "INVITE sip:alice@tok00001.invalid;transport=ws SIP/2.0\r\n\
         Record-Route: <sip:127.0.0.1:5080;transport=ws;lr>\r\n\
         Via: SIP/2.0/WS 127.0.0.1:5080;branch={branch}\r\n\
         Via: SIP/2.0/WS bob.invalid;branch=z9hG4bKbob;received=127.0.0.1\r\n\
         From: \"Bob Seller\" <sip:bob@127.0.0.1>;tag=bt\r\n\
         To: <sip:alice@127.0.0.1>\r\n\
         Call-ID: in-1\r\n\
         CSeq: 7 INVITE\r\n\
         Contact: <sip:bob@127.0.0.1:40000;transport=ws;alias=127.0.0.1~40000~5>\r\n\
         Content-Type: application/sdp\r\n\
         Content-Length: {}\r\n\r\n{SDP}",
        SDP.len()
    )
}

#[test]
fn an_incoming_call_rings_is_answered_and_hung_up_by_the_caller() {
    let mut ua = registered();
    let d = feed(&mut ua, incoming_invite("z9hG4bKk1"));
    let call = CallRef("in-1".into());
    assert_eq!(
        d.events,
        vec![UaEvent::Incoming {
            call: call.clone(),
            from: "sip:bob@127.0.0.1".into(),
            display: Some("Bob Seller".into()),
            sdp: SDP.into()
        }]
    );
    let ringing = &d.sent[0];
    assert_eq!(ringing.status(), Some(180));
    assert_eq!(ringing.header_list("Via").len(), 2, "every Via back");
    let tag = ringing.to().unwrap().param("tag").unwrap().to_string();

    ua.answer(&call, SDP).unwrap();
    let d = drain(&mut ua);
    let ok = &d.sent[0];
    assert_eq!(ok.status(), Some(200));
    assert_eq!(
        ok.to().unwrap().param("tag"),
        Some(tag.as_str()),
        "the same tag as the 180"
    );
    assert_eq!(ok.body(), SDP);
    assert_eq!(
        ok.header("Record-Route"),
        Some("<sip:127.0.0.1:5080;transport=ws;lr>")
    );
    // No ACK yet: the 200 goes again.
    let (t, _) = d.timers[0];
    ua.handle(Input::Timer(t));
    assert_eq!(drain(&mut ua).sent[0].status(), Some(200));

    let ack = "ACK sip:alice@tok00001.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WS bob.invalid;branch=z9hG4bKack\r\n\
        From: <sip:bob@127.0.0.1>;tag=bt\r\nTo: <sip:alice@127.0.0.1>;tag=TAG\r\nCall-ID: in-1\r\nCSeq: 7 ACK\r\nContent-Length: 0\r\n\r\n"
        .replace("TAG", &tag);
    feed(&mut ua, ack.clone());
    assert_eq!(ua.call_state(&call), Some(CallState::Confirmed));

    let bye = ack
        .replace("ACK sip", "BYE sip")
        .replace("7 ACK", "8 BYE")
        .replace("z9hG4bKack", "z9hG4bKbye");
    let d = feed(&mut ua, bye);
    assert_eq!(d.sent[0].status(), Some(200));
    assert_eq!(
        d.events,
        vec![UaEvent::Ended {
            call,
            why: EndReason::RemoteHangup
        }]
    );
}

#[test]
fn a_caller_who_gives_up_gets_487_and_the_ringing_stops() {
    let mut ua = registered();
    feed(&mut ua, incoming_invite("z9hG4bKk2"));
    let cancel = incoming_invite("z9hG4bKk2")
        .replace("INVITE sip", "CANCEL sip")
        .replace("7 INVITE", "7 CANCEL");
    let d = feed(&mut ua, cancel);
    let codes: Vec<_> = d.sent.iter().map(|m| (m.status(), m.method())).collect();
    assert_eq!(
        codes,
        vec![
            (Some(200), "CANCEL".to_string()),
            (Some(487), "INVITE".to_string())
        ]
    );
    assert_eq!(
        d.events,
        vec![UaEvent::Ended {
            call: CallRef("in-1".into()),
            why: EndReason::CallerCancelled
        }]
    );
}

#[test]
fn declining_says_busy_or_decline() {
    let mut ua = registered();
    feed(&mut ua, incoming_invite("z9hG4bKk3"));
    ua.decline(&CallRef("in-1".into()), true).unwrap();
    assert_eq!(drain(&mut ua).sent[0].status(), Some(486));
}

#[test]
fn messages_go_out_with_auth_and_come_in_with_a_200() {
    let mut ua = registered();
    let id = ua
        .send_message("bob", "text/plain", "Running 5 min late")
        .unwrap();
    let msg = drain(&mut ua).sent.remove(0);
    assert_eq!(msg.method(), "MESSAGE");
    assert_eq!(msg.body(), "Running 5 min late");
    let d = feed(
        &mut ua,
        response(
            &msg,
            407,
            "Proxy Authentication Required",
            Some("p"),
            &[("Proxy-Authenticate", CHALLENGE)],
            "",
        ),
    );
    let again = &d.sent[0];
    assert_eq!(again.method(), "MESSAGE", "no ACK for a non-INVITE");
    check_digest(again, "Proxy-Authorization", "alice", PASSWORD);
    let d = feed(
        &mut ua,
        response(again, 202, "Accepted", Some("p"), &[], ""),
    );
    assert_eq!(d.events, vec![UaEvent::MessageSent { id }]);

    let incoming = "MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKm\r\n\
        From: \"Bob\" <sip:bob@127.0.0.1>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: m1\r\nCSeq: 1 MESSAGE\r\n\
        Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nHello";
    let d = feed(&mut ua, incoming.to_string());
    assert_eq!(d.sent[0].status(), Some(200));
    assert_eq!(
        d.events,
        vec![UaEvent::MessageReceived {
            from: "sip:bob@127.0.0.1".into(),
            display: Some("Bob".into()),
            content_type: "text/plain".into(),
            body: "Hello".into()
        }]
    );
}

#[test]
fn options_are_answered_with_what_we_allow() {
    let mut ua = registered();
    let options = "OPTIONS sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKo\r\n\
        From: <sip:mon@127.0.0.1>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    let d = feed(&mut ua, options.to_string());
    assert_eq!(d.sent[0].status(), Some(200));
    assert!(d.sent[0].header("Allow").unwrap().contains("MESSAGE"));
}

#[test]
fn bad_targets_and_calls_while_offline_are_refused() {
    let mut ua = agent();
    assert_eq!(ua.call("bob", SDP).unwrap_err().code(), "sip_not_connected");
    ua.handle(Input::Connected);
    assert_eq!(
        ua.call("bob smith", SDP).unwrap_err().code(),
        "sip_bad_address"
    );
    assert_eq!(ua.call("", SDP).unwrap_err().code(), "sip_bad_address");
}

#[test]
fn hanging_up_after_a_100_trying_cancels_at_once() {
    let mut ua = registered();
    let call = ua.call("bob", SDP).unwrap();
    let invite = drain(&mut ua).sent.remove(0);
    feed(&mut ua, response(&invite, 100, "Trying", None, &[], ""));
    ua.hangup(&call).unwrap();
    let d = drain(&mut ua);
    assert_eq!(
        d.sent[0].method(),
        "CANCEL",
        "a 100 Trying allows a CANCEL (RFC 3261 §9.1)"
    );
    assert_eq!(d.sent[0].branch(), invite.branch());
}

#[test]
fn an_answer_after_we_gave_up_is_acked_and_hung_up() {
    let mut ua = registered();
    let call = ua.call("bob", SDP).unwrap();
    let d = drain(&mut ua);
    let invite = &d.sent[0];
    // The transaction times out (nobody answered in 32 s)…
    let timeout = d
        .timers
        .iter()
        .find(|(_, a)| *a == Duration::from_secs(32))
        .unwrap()
        .0;
    ua.handle(Input::Timer(timeout));
    assert!(matches!(
        drain(&mut ua).events[..],
        [UaEvent::Failed { .. }]
    ));
    assert_eq!(ua.call_state(&call), None);
    // …then someone answers after all.
    let d = feed(
        &mut ua,
        response(
            invite,
            200,
            "OK",
            Some("late"),
            &[("Contact", "<sip:bob@127.0.0.1:4000;transport=ws>")],
            SDP,
        ),
    );
    let methods: Vec<String> = d.sent.iter().map(|m| m.method()).collect();
    assert_eq!(methods, vec!["ACK", "BYE"], "nobody is left on a dead line");
    assert!(d.sent[1].header("To").unwrap().contains("tag=late"));
}

#[test]
fn a_new_offer_while_ours_is_out_gets_491() {
    let mut ua = registered();
    feed(&mut ua, incoming_invite("z9hG4bKg1"));
    let call = CallRef("in-1".into());
    ua.answer(&call, SDP).unwrap();
    let tag = drain(&mut ua).sent[0]
        .to()
        .unwrap()
        .param("tag")
        .unwrap()
        .to_string();
    let ack = "ACK sip:alice@x.invalid SIP/2.0\r\nVia: SIP/2.0/WS b.invalid;branch=z9hG4bKa\r\nFrom: <sip:bob@127.0.0.1>;tag=bt\r\n\
        To: <sip:alice@127.0.0.1>;tag=TAG\r\nCall-ID: in-1\r\nCSeq: 7 ACK\r\nContent-Length: 0\r\n\r\n"
        .replace("TAG", &tag);
    feed(&mut ua, ack.clone());
    ua.reinvite(&call, SDP).unwrap();
    drain(&mut ua);
    let theirs = ack
        .replace("ACK sip", "INVITE sip")
        .replace("7 ACK", "8 INVITE")
        .replace("z9hG4bKa", "z9hG4bKr");
    let d = feed(&mut ua, theirs);
    assert_eq!(d.sent[0].status(), Some(491));
    assert!(d.events.is_empty());
}

#[test]
fn a_refused_registration_is_not_retried_every_30_seconds() {
    let mut ua = agent();
    ua.handle(Input::Connected);
    let reg = drain(&mut ua).sent.remove(0);
    let d = feed(
        &mut ua,
        response(&reg, 403, "Forbidden", Some("s"), &[], ""),
    );
    assert!(matches!(
        d.events[..],
        [UaEvent::RegistrationFailed {
            cause: Cause::Forbidden,
            ..
        }]
    ));
    assert!(d.timers.is_empty(), "no retry timer: {:?}", d.timers);
}
