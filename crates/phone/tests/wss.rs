//! SIP over secure WebSocket (wss://, rustls) against Kamailio's TLS listener: a phone that
//! trusts the server's CA registers and calls a ws:// phone; one that does not is told why and
//! never registers.

mod common;

use common::{
    Kamailio, free_port, incoming, kamailio_available, next, phone, phone_at, registered,
};
use nextline_phone::sip::UaEvent;

const SDP: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=sendrecv\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_registers_and_calls_over_wss() {
    if !kamailio_available() {
        return;
    }
    let (port, tls_port) = (free_port(), free_port());
    let server = Kamailio::start_with_tls(port, tls_port);
    let url = format!("wss://127.0.0.1:{tls_port}");

    // Not trusting the server's certificate: a clear reason, no registration.
    let (_untrusting, mut u) = phone_at(&url, "carol", None);
    let reason = next(&mut u, "the connection failure", |e| match e {
        UaEvent::ConnectionFailed { reason } => Some(reason.clone()),
        UaEvent::Registered { .. } => panic!("registered without trusting the certificate"),
        _ => None,
    })
    .await;
    assert!(reason.to_lowercase().contains("certificate"), "{reason}");

    let (alice, mut a) = phone_at(&url, "alice", server.ca_pem.clone());
    let (bob, mut b) = phone(port, "bob");
    registered(&mut a).await;
    registered(&mut b).await;
    alice.with(|ua| ua.call("bob", SDP)).await.unwrap().unwrap();
    let (bob_call, from, _) = incoming(&mut b).await;
    assert_eq!(from, "sip:alice@127.0.0.1");
    bob.with(move |ua| ua.answer(&bob_call, SDP))
        .await
        .unwrap()
        .unwrap();
    next(&mut a, "Answered over wss", |e| match e {
        UaEvent::Answered { .. } => Some(()),
        UaEvent::Failed { code, reason, .. } => panic!("{code} {reason}"),
        _ => None,
    })
    .await;
}
