//! A call over a bad network: two Nextline phones through Kamailio, each sending across an
//! emulated lossy link (2 % loss and about 30 ms of jitter; this machine has no netem). The
//! quality measured from RTCP turns into a MOS estimate that must stay at 4.0 or better, and
//! the tone still comes through. `-- --nocapture` prints the figures.

mod common;

use std::time::Duration;

use common::{Kamailio, free_port, kamailio_available};
use nextline_phone::audio::{AudioSink, AudioSource, Recorder, Tone, tone_strength};
use nextline_phone::sip::Account;
use nextline_phone::{
    AudioChoice, CallStatus, LinkImpairment, MediaOptions, Phone, PhoneEvent, PhoneSettings,
    SipServer,
};
use tokio::sync::mpsc::UnboundedReceiver;

/// 2 % of packets lost, and 30 ms of RFC 3550 interarrival jitter.
const LOSS: f64 = 0.02;
const JITTER: Duration = Duration::from_millis(30);
const TALK: Duration = Duration::from_secs(12);

fn lossy_phone(
    port: u16,
    user: &str,
    hz: f32,
    hears: Recorder,
) -> (Phone, UnboundedReceiver<PhoneEvent>) {
    Phone::start(PhoneSettings {
        server: SipServer {
            url: format!("ws://127.0.0.1:{port}"),
            account: Account::new(user, "127.0.0.1", &common::password(user)),
            extra_roots_pem: None,
        },
        audio: AudioChoice::Custom(std::sync::Arc::new(move || {
            (
                Box::new(Tone::new(hz)) as Box<dyn AudioSource>,
                Box::new(hears.clone()) as Box<dyn AudioSink>,
            )
        })),
        media: MediaOptions {
            impairment: Some(LinkImpairment {
                loss: LOSS,
                jitter: JITTER,
                seed: u64::from(hz as u32),
            }),
            ..MediaOptions::loopback()
        },
    })
}

async fn until_registered(events: &mut UnboundedReceiver<PhoneEvent>) {
    tokio::time::timeout(Duration::from_secs(10), async {
        while !matches!(events.recv().await, Some(PhoneEvent::Registered)) {}
    })
    .await
    .expect("registered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_with_2_percent_loss_and_30_ms_jitter_rates_at_least_4() {
    if !kamailio_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let alice_hears = Recorder::default();
    let (alice, mut a) = lossy_phone(port, "alice", 440.0, alice_hears.clone());
    let (bob, mut b) = lossy_phone(port, "bob", 1000.0, Recorder::default());
    until_registered(&mut a).await;
    until_registered(&mut b).await;

    let call = alice.dial("bob").await.unwrap();
    let incoming = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(PhoneEvent::Call(v)) = b.recv().await
                && v.status == CallStatus::Incoming
            {
                return v.call;
            }
        }
    })
    .await
    .expect("bob's phone rings");
    bob.answer(&incoming).await.unwrap();

    // Talk, keeping alice's latest quality report.
    let mut last = None;
    let talk = tokio::time::sleep(TALK);
    tokio::pin!(talk);
    loop {
        tokio::select! {
            _ = &mut talk => break,
            Some(event) = a.recv() => {
                if let PhoneEvent::Call(v) = event && v.call == call {
                    assert_ne!(v.status, CallStatus::Ended, "the call dropped: {v:?}");
                    if v.quality.is_some() {
                        last = v.quality;
                    }
                }
            }
        }
    }
    let q = last.expect("quality reports during the call");
    println!(
        "lossy link: {} packets received, {} lost ({:.2} %), jitter {:.1} ms, round trip {:.1} ms, R {:.1}, MOS {:.2}",
        q.packets_received,
        q.packets_lost,
        q.loss_percent,
        q.jitter_ms,
        q.round_trip_ms,
        q.r_factor,
        q.mos
    );
    // The link really was bad, as asked...
    assert!(
        (1.5..=2.5).contains(&q.loss_percent),
        "loss near 2 %: {:.2}",
        q.loss_percent
    );
    assert!(q.jitter_ms >= 25.0, "jitter near 30 ms: {:.1}", q.jitter_ms);
    // ...and the call still rates as good.
    assert!(q.mos >= 4.0, "MOS {:.2}", q.mos);
    // Concealment and FEC keep the far end's tone steady.
    let samples = alice_hears.samples();
    let tail = &samples[samples.len().saturating_sub(48_000 * 4)..];
    let s = tone_strength(tail, 1000.0);
    assert!(s > 0.5, "alice still hears bob's 1000 Hz clearly: {s:.2}");
    alice.hangup(&call).await.unwrap();
}
