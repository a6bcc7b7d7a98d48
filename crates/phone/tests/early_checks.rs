//! A callee checks our candidates as soon as it has our offer, while its answer is still on its
//! way to us — and a Chromium callee only answers the call once one of those checks has been
//! answered (or once its slower TCP candidates are gathered, ~100 ms later). Our ICE agent (the
//! patched webrtc-rs in third_party/, RFC 8445 §7.3) answers such a check before the answer
//! arrives; a check that is not for us, or not signed with our password, gets nothing.

use std::net::SocketAddr;
use std::time::Duration;

use nextline_phone::audio::Recorder;
use nextline_phone::{MediaOptions, MediaSession};
use rtc::stun::attributes::ATTR_USERNAME;
use rtc::stun::fingerprint::FINGERPRINT;
use rtc::stun::integrity::MessageIntegrity;
use rtc::stun::message::{BINDING_REQUEST, CLASS_SUCCESS_RESPONSE, Getter, Message, TransactionId};
use rtc::stun::textattrs::Username;
use rtc::stun::xoraddr::XorMappedAddress;
use tokio::net::UdpSocket;

/// Our offer's ICE username fragment, password and first IPv4 UDP host candidate.
fn credentials_and_candidate(offer: &str) -> (String, String, SocketAddr) {
    let value = |key: &str| {
        offer
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key} in the offer:\n{offer}"))
            .trim()
            .to_string()
    };
    let candidate = offer
        .lines()
        .filter_map(|l| l.strip_prefix("a=candidate:"))
        .map(|c| c.split_whitespace().collect::<Vec<_>>())
        .find(|f| f.len() > 7 && f[2].eq_ignore_ascii_case("udp") && f[7] == "host")
        .and_then(|f| format!("{}:{}", f[4], f[5]).parse().ok())
        .filter(|a: &SocketAddr| a.is_ipv4())
        .unwrap_or_else(|| panic!("no UDP host candidate in the offer:\n{offer}"));
    (value("a=ice-ufrag:"), value("a=ice-pwd:"), candidate)
}

/// A connectivity check as the callee sends it: `USERNAME` is "our ufrag:theirs", signed with
/// our password.
fn check(username: &str, password: &str) -> Message {
    let crypto = rtc::crypto::default_provider().unwrap();
    let mut m = Message::new();
    m.build(&[
        Box::new(BINDING_REQUEST),
        Box::new(TransactionId::new()),
        Box::new(Username::new(ATTR_USERNAME, username.to_string())),
        Box::new(MessageIntegrity::new_short_term_integrity_with_provider(
            password.to_string(),
            crypto.crypto(),
        )),
        Box::new(FINGERPRINT),
    ])
    .unwrap();
    m
}

/// The response to `request`, if one comes within `within`.
async fn response(
    socket: &UdpSocket,
    to: SocketAddr,
    request: &Message,
    within: Duration,
) -> Option<Message> {
    socket.send_to(&request.raw, to).await.unwrap();
    let mut buf = [0u8; 1500];
    let until = tokio::time::Instant::now() + within;
    loop {
        let (n, from) = tokio::time::timeout_at(until, socket.recv_from(&mut buf))
            .await
            .ok()?
            .unwrap();
        let mut m = Message {
            raw: buf[..n].to_vec(),
            ..Message::default()
        };
        if from == to && m.decode().is_ok() && m.transaction_id == request.transaction_id {
            return Some(m);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_that_comes_before_the_answer_is_answered() {
    let mut media = MediaSession::new(MediaOptions::loopback(), Box::new(Recorder::default()))
        .await
        .unwrap();
    let offer = media.offer().await.unwrap();

    let (ufrag, password, ours) = credentials_and_candidate(&offer);
    let callee = UdpSocket::bind("127.0.0.1:0").await.unwrap();

    // No answer has been given to `media`: the callee's check is answered all the same.
    let request = check(&format!("{ufrag}:callee"), &password);
    let mut answer = response(&callee, ours, &request, Duration::from_secs(5))
        .await
        .expect("the early check was not answered");
    assert_eq!(answer.typ.class, CLASS_SUCCESS_RESPONSE);
    let mut mapped = XorMappedAddress::default();
    mapped.get_from(&answer).unwrap();
    assert_eq!(
        SocketAddr::new(mapped.ip, mapped.port),
        callee.local_addr().unwrap(),
        "the response tells the callee the address we saw"
    );
    // Signed with our password, as RFC 8445 wants of a response.
    let crypto = rtc::crypto::default_provider().unwrap();
    MessageIntegrity::check(&mut answer, password.as_bytes(), crypto.crypto())
        .expect("the response is signed with our ICE password");

    // A check for somebody else's ufrag, or with a wrong password, is not answered.
    let stranger = check("someone:callee", &password);
    assert!(
        response(&callee, ours, &stranger, Duration::from_millis(300))
            .await
            .is_none(),
        "a check for another ufrag was answered"
    );
    let forged = check(&format!("{ufrag}:callee"), "not-our-password-at-all");
    assert!(
        response(&callee, ours, &forged, Duration::from_millis(300))
            .await
            .is_none(),
        "a check with a wrong password was answered"
    );
    media.close().await;
}
