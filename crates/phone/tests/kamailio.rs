//! The SIP user agent against a real Kamailio (Debian's, with its WebSocket module): two
//! Nextline phones register, call each other, hold, send DTMF and text messages, are refused,
//! cancel, and come back after the server restarts. Kamailio is started on a free port and
//! stopped by pid.
//!
//! Needs `kamailio` and `kamailio-websocket-modules` (scripts/setup --test installs them).
//! Without them the test says so and passes, unless NEXTLINE_REQUIRE_INTEROP=1 (the test
//! command sets it), where a missing Kamailio fails.

mod common;

use std::time::Duration;

use common::{
    Kamailio, ended, failed, free_port, incoming, kamailio_available, next, phone,
    phone_with_password, registered,
};
use nextline_phone::sip::{Cause, EndReason, UaEvent};

const SDP_ALICE: &str = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
const SDP_BOB: &str = "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_phones_talk_through_kamailio() {
    if !kamailio_available() {
        return;
    }
    let port = free_port();
    let mut server = Kamailio::start(port);
    let (alice, mut a) = phone(port, "alice");
    let (bob, mut b) = phone(port, "bob");
    assert_eq!(registered(&mut a).await, 120);
    registered(&mut b).await;

    // A wrong password is reported as such.
    let (_mallory, mut m) = phone_with_password(
        &format!("ws://127.0.0.1:{port}"),
        "carol",
        &common::made_up_password(),
        None,
    );
    let cause = next(&mut m, "a refused registration", |e| match e {
        UaEvent::RegistrationFailed { cause, .. } => Some(*cause),
        _ => None,
    })
    .await;
    assert_eq!(cause, Cause::WrongPassword);

    // Alice calls Bob (through Kamailio's 407 challenge); Bob rings, answers; hold; DTMF; Bob hangs up.
    let call = alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, from, offer) = incoming(&mut b).await;
    assert_eq!(from, "sip:alice@127.0.0.1");
    assert_eq!(offer, SDP_ALICE, "the offer arrives intact");
    next(&mut a, "Ringing", |e| {
        matches!(e, UaEvent::Ringing { .. }).then_some(())
    })
    .await;
    let bc = bob_call.clone();
    bob.with(move |ua| ua.answer(&bc, SDP_BOB))
        .await
        .unwrap()
        .unwrap();
    let answer = next(&mut a, "Answered", |e| match e {
        UaEvent::Answered { sdp, .. } => Some(sdp.clone()),
        UaEvent::Failed { code, reason, .. } => panic!("call failed: {code} {reason}"),
        _ => None,
    })
    .await;
    assert_eq!(answer, SDP_BOB);

    let hold = SDP_ALICE.replace("a=sendrecv", "a=sendonly");
    let c = call.clone();
    alice
        .with(move |ua| ua.reinvite(&c, &hold))
        .await
        .unwrap()
        .unwrap();
    let held = next(&mut b, "the hold offer", |e| match e {
        UaEvent::Offer { sdp, .. } => Some(sdp.clone()),
        _ => None,
    })
    .await;
    assert!(held.contains("a=sendonly"));
    let bc = bob_call.clone();
    let recvonly = SDP_BOB.replace("a=sendrecv", "a=recvonly");
    bob.with(move |ua| ua.accept_offer(&bc, &recvonly))
        .await
        .unwrap()
        .unwrap();
    let updated = next(&mut a, "the hold answer", |e| match e {
        UaEvent::Updated { sdp, .. } => Some(sdp.clone()),
        UaEvent::ReinviteRefused { code, .. } => panic!("hold refused: {code}"),
        _ => None,
    })
    .await;
    assert!(updated.contains("a=recvonly"));

    let c = call.clone();
    alice
        .with(move |ua| ua.send_dtmf_info(&c, '7'))
        .await
        .unwrap()
        .unwrap();
    let digit = next(&mut b, "DTMF", |e| match e {
        UaEvent::Dtmf { digit, .. } => Some(*digit),
        _ => None,
    })
    .await;
    assert_eq!(digit, '7');

    let bc = bob_call.clone();
    bob.with(move |ua| ua.hangup(&bc)).await.unwrap().unwrap();
    let why = ended(&mut a, "the far end hanging up").await;
    assert_eq!(why, EndReason::RemoteHangup);

    // Bob is busy.
    alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, _, _) = incoming(&mut b).await;
    bob.with(move |ua| ua.decline(&bob_call, true))
        .await
        .unwrap()
        .unwrap();
    let cause = failed(&mut a, "busy").await;
    assert_eq!(cause, Cause::Busy);

    // Alice gives up while Bob's phone rings.
    let call = alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    incoming(&mut b).await;
    next(&mut a, "Ringing", |e| {
        matches!(e, UaEvent::Ringing { .. }).then_some(())
    })
    .await;
    alice
        .with(move |ua| ua.hangup(&call))
        .await
        .unwrap()
        .unwrap();
    let (mine, theirs) = (
        ended(&mut a, "cancelled").await,
        ended(&mut b, "caller gave up").await,
    );
    assert_eq!(
        (mine, theirs),
        (EndReason::Cancelled, EndReason::CallerCancelled)
    );

    // Nobody there.
    alice
        .with(|ua| ua.call("carol", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (code, cause) = next(&mut a, "not found", |e| match e {
        UaEvent::Failed { code, cause, .. } => Some((*code, *cause)),
        _ => None,
    })
    .await;
    assert_eq!((code, cause), (404, Cause::NotFound));

    // A text message, both ways.
    let sent = alice
        .with(|ua| {
            ua.send_message(
                "bob",
                "text/plain;charset=UTF-8",
                "Καλημέρα — running 5 min late",
            )
        })
        .await
        .unwrap()
        .unwrap();
    let body = next(&mut b, "a message", |e| match e {
        UaEvent::MessageReceived { body, from, .. } => Some((body.clone(), from.clone())),
        _ => None,
    })
    .await;
    assert_eq!(
        body,
        (
            "Καλημέρα — running 5 min late".to_string(),
            "sip:alice@127.0.0.1".to_string()
        )
    );
    let delivered = next(&mut a, "message sent", |e| match e {
        UaEvent::MessageSent { id } => Some(*id),
        UaEvent::MessageFailed { code, .. } => panic!("message failed: {code}"),
        _ => None,
    })
    .await;
    assert_eq!(delivered, sent);

    // The server restarts: both phones notice and register again within a few seconds.
    server.stop();
    next(&mut a, "Unregistered", |e| {
        matches!(e, UaEvent::Unregistered).then_some(())
    })
    .await;
    let started = std::time::Instant::now();
    let _server = Kamailio::start(server.port);
    registered(&mut a).await;
    registered(&mut b).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "re-registered in {:?}",
        started.elapsed()
    );

    // And calls work again after the restart.
    alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, _, _) = incoming(&mut b).await;
    bob.with(move |ua| ua.decline(&bob_call, false))
        .await
        .unwrap()
        .unwrap();
    let cause = failed(&mut a, "declined").await;
    assert_eq!(cause, Cause::Declined);
    alice.shutdown().await;
    bob.shutdown().await;
}
