//! A call's media: one WebRTC peer connection (ICE, DTLS-SRTP, rtcp-mux, BUNDLE) with one Opus
//! audio track, negotiated without trickle ICE (every candidate is in the SDP, as SIP peers
//! expect). Audio in from an [`AudioSource`], out to an [`AudioSink`], 20 ms frames.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rtc::media::Sample;
use rtc::media_stream::MediaStreamTrack;
use rtc::peer_connection::configuration::media_engine::MIME_TYPE_OPUS;
use rtc::rtp_transceiver::rtp_sender::{
    RTCRtpCodec, RTCRtpCodingParameters, RTCRtpEncodingParameters, RtpCodecKind,
};
use tokio::sync::{mpsc, watch};
use webrtc::media_stream::track_local::TrackLocal;
use webrtc::media_stream::track_local::static_sample::TrackLocalStaticSample;
use webrtc::media_stream::track_remote::{TrackRemote, TrackRemoteEvent};
use webrtc::peer_connection::{
    MediaEngine, PeerConnection, PeerConnectionBuilder, PeerConnectionEventHandler,
    RTCConfigurationBuilder, RTCIceGatheringState, RTCIceServer, RTCIceTransportPolicy,
    RTCPeerConnectionState, RTCSessionDescription, SettingEngineBuilder,
};
use webrtc::rtp_transceiver::RtpSender;

use crate::audio::{AudioSink, AudioSource, FRAME, RATE};
use crate::jitter::{JitterBuffer, Playout};
use crate::quality::CallQuality;
use crate::receive_stats::ReceiveStats;
use webrtc::peer_connection::StatsSelector;

/// Packets the jitter buffer holds before playing (2 × 20 ms).
const JITTER_DEPTH: usize = 2;
/// How long to wait for ICE gathering (host candidates come at once; STUN may take longer).
const GATHER_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("WebRTC: {0}")]
    WebRtc(String),
    #[error("audio codec: {0}")]
    Codec(String),
    #[error("gathering network candidates took too long")]
    GatherTimeout,
}

impl MediaError {
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::WebRtc(_) => "media_webrtc",
            MediaError::Codec(_) => "media_codec",
            MediaError::GatherTimeout => "media_gather_timeout",
        }
    }
}

fn w(e: impl std::fmt::Display) -> MediaError {
    MediaError::WebRtc(e.to_string())
}

/// A STUN or TURN server (`stun:host:port`, `turn:host:port?transport=udp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceServer {
    pub urls: Vec<String>,
    /// TURN only.
    pub username: String,
    pub credential: String,
}

/// Where the media binds and which STUN/TURN servers help it through NAT and firewalls.
#[derive(Debug, Clone)]
pub struct MediaOptions {
    /// Loopback for tests, all interfaces for the app.
    pub udp_addr: String,
    pub ice_servers: Vec<IceServer>,
    /// Only relayed (TURN) candidates: for networks that allow nothing else, and for tests.
    pub relay_only: bool,
    /// For tests and benchmarks only: what we send crosses a bad network first.
    pub impairment: Option<LinkImpairment>,
}

/// An emulated bad network on the sending side (this machine has no netem): packets are lost —
/// one at a random place in every run of 1/`loss` packets, so the rate is exact — and the
/// receiver sees the gap in sequence numbers and timestamps, as for a loss on the wire; the
/// rest leave late, in order: every 4th is held back 2–3⅓ × `jitter` (a queue behind a burst)
/// and the others up to ⅓ × `jitter`, which a receiver measures as about `jitter` of RFC 3550
/// interarrival jitter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkImpairment {
    /// The share of packets lost, 0–1.
    pub loss: f64,
    /// The interarrival jitter the receiver should measure.
    pub jitter: Duration,
    /// The same seed loses the same packets and draws the same delays: a repeatable link.
    pub seed: u64,
}

impl Default for MediaOptions {
    fn default() -> Self {
        MediaOptions {
            udp_addr: "0.0.0.0:0".to_string(),
            ice_servers: Vec::new(),
            relay_only: false,
            impairment: None,
        }
    }
}

impl MediaOptions {
    /// Host candidates on 127.0.0.1 only (tests).
    pub fn loopback() -> MediaOptions {
        MediaOptions {
            udp_addr: "127.0.0.1:0".to_string(),
            ..MediaOptions::default()
        }
    }
}

struct Events {
    gathered: watch::Sender<bool>,
    state: watch::Sender<RTCPeerConnectionState>,
    sink: Arc<std::sync::Mutex<Box<dyn AudioSink>>>,
    received_packets: Arc<AtomicU64>,
    stats: Arc<std::sync::Mutex<ReceiveStats>>,
    /// Becomes true with the first RTP packet.
    first: Arc<watch::Sender<bool>>,
}

#[async_trait::async_trait]
impl PeerConnectionEventHandler for Events {
    async fn on_ice_gathering_state_change(&self, state: RTCIceGatheringState) {
        if state == RTCIceGatheringState::Complete {
            let _ = self.gathered.send(true);
        }
    }

    async fn on_connection_state_change(&self, state: RTCPeerConnectionState) {
        let _ = self.state.send(state);
    }

    async fn on_track(&self, track: Arc<dyn TrackRemote>) {
        let sink = self.sink.clone();
        let count = self.received_packets.clone();
        let stats = self.stats.clone();
        let first = self.first.clone();
        tokio::spawn(async move {
            let Ok(mut decoder) = opus::Decoder::new(RATE, opus::Channels::Mono) else {
                return;
            };
            let mut pcm = vec![0i16; FRAME * 6];
            let mut jitter = JitterBuffer::new(JITTER_DEPTH);
            while let Some(event) = track.poll().await {
                let TrackRemoteEvent::OnRtpPacket(packet) = event else {
                    continue;
                };
                if count.fetch_add(1, Ordering::Relaxed) == 0 {
                    first.send_replace(true);
                }
                if let Ok(mut s) = stats.lock() {
                    s.on_packet(
                        packet.header.sequence_number,
                        packet.header.timestamp,
                        Instant::now(),
                    );
                }
                if packet.payload.is_empty() {
                    continue;
                }
                jitter.push(packet.header.sequence_number, packet.payload.to_vec());
                while let Some(next) = jitter.pop() {
                    let n = match next {
                        Playout::Packet(p) => decoder.decode(&p, &mut pcm, false),
                        // Rebuilt from the next packet's in-band FEC (one frame's worth).
                        Playout::Fec(after) => decoder.decode(&after, &mut pcm[..FRAME], true),
                        // Concealed.
                        Playout::Lost => decoder.decode(&[], &mut pcm[..FRAME], false),
                    }
                    .or_else(|_| decoder.decode(&[], &mut pcm[..FRAME], false))
                    .unwrap_or(0);
                    if n > 0
                        && let Ok(mut sink) = sink.lock()
                    {
                        sink.write_frame(&pcm[..n]);
                    }
                }
            }
        });
    }
}

/// One call's media.
pub struct MediaSession {
    pc: Arc<dyn PeerConnection>,
    track: Arc<TrackLocalStaticSample>,
    sender: Arc<dyn RtpSender>,
    ssrc: u32,
    gathered: watch::Receiver<bool>,
    state: watch::Receiver<RTCPeerConnectionState>,
    received_packets: Arc<AtomicU64>,
    /// Loss and jitter of what we receive, as a receiver report counts them.
    stats: Arc<std::sync::Mutex<ReceiveStats>>,
    receiving: watch::Receiver<bool>,
    sent_packets: Arc<AtomicU64>,
    /// False while the far end holds the call (nothing to send to).
    sending: Arc<std::sync::atomic::AtomicBool>,
    pump: Option<tokio::task::JoinHandle<()>>,
    impairment: Option<LinkImpairment>,
}

/// The bad network of [`LinkImpairment`], packet by packet.
struct ImpairedLink {
    impairment: LinkImpairment,
    /// Packets lost since the last one sent.
    dropped: u16,
    /// Where the current run of packets is, and which of it is lost.
    position: u64,
    victim: u64,
    /// Packets that crossed.
    sent: u64,
    /// When the last packet leaves (the next may not leave earlier: order is kept).
    departure: Instant,
    rng: rand::rngs::StdRng,
    wire: mpsc::UnboundedSender<(Instant, Sample)>,
}

impl ImpairedLink {
    fn new(
        impairment: LinkImpairment,
        wire: mpsc::UnboundedSender<(Instant, Sample)>,
    ) -> ImpairedLink {
        use rand::SeedableRng;
        ImpairedLink {
            impairment,
            dropped: 0,
            position: 0,
            victim: 0,
            sent: 0,
            departure: Instant::now(),
            rng: rand::rngs::StdRng::seed_from_u64(impairment.seed),
            wire,
        }
    }

    /// The sample as it crosses the link (marked with the losses before it), or `None` if the
    /// link loses it; `departure` says when it leaves.
    fn pass(&mut self, mut sample: Sample) -> Option<Sample> {
        use rand::Rng;
        let rng = &mut self.rng;
        let loss = self.impairment.loss.clamp(0.0, 1.0);
        if loss > 0.0 {
            let run = ((1.0 / loss).round() as u64).max(1);
            if self.position.is_multiple_of(run) {
                self.victim = rng.random_range(0..run);
            }
            let lost = self.position % run == self.victim;
            self.position += 1;
            if lost {
                self.dropped = self.dropped.saturating_add(1);
                return None;
            }
        }
        sample.prev_dropped_packets = std::mem::take(&mut self.dropped);
        self.sent += 1;
        let j = self.impairment.jitter;
        let delay = if self.sent.is_multiple_of(4) {
            j.mul_f64(rng.random_range(2.0..=10.0 / 3.0))
        } else {
            j.mul_f64(rng.random_range(0.0..=1.0 / 3.0))
        };
        self.departure = self.departure.max(Instant::now() + delay);
        Some(sample)
    }
}

/// The direction our answer must have for the audio section of `offer`.
fn answer_direction(offer: &str) -> &'static str {
    let offered = offer.lines().map(str::trim).find_map(|l| match l {
        "a=sendonly" => Some("recvonly"),
        "a=recvonly" => Some("sendonly"),
        "a=inactive" => Some("inactive"),
        "a=sendrecv" => Some("sendrecv"),
        _ => None,
    });
    offered.unwrap_or("sendrecv")
}

fn with_direction(sdp: &str, direction: &str) -> String {
    sdp.split("\r\n")
        .map(|l| match l {
            "a=sendrecv" | "a=sendonly" | "a=recvonly" | "a=inactive" => format!("a={direction}"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

impl MediaSession {
    pub async fn new(
        options: MediaOptions,
        sink: Box<dyn AudioSink>,
    ) -> Result<MediaSession, MediaError> {
        let mut media = MediaEngine::default();
        media.register_default_codecs().map_err(w)?;
        let settings = SettingEngineBuilder::new()
            .with_multicast_dns_mode(rtc::ice::mdns::MulticastDnsMode::Disabled)
            .build();
        let (gathered_tx, gathered) = watch::channel(false);
        let (state_tx, state) = watch::channel(RTCPeerConnectionState::New);
        let received_packets = Arc::new(AtomicU64::new(0));
        let stats = Arc::new(std::sync::Mutex::new(ReceiveStats::new(RATE)));
        let (first, receiving) = watch::channel(false);
        let first = Arc::new(first);
        let config = RTCConfigurationBuilder::default()
            .with_ice_servers(
                options
                    .ice_servers
                    .iter()
                    .map(|s| RTCIceServer {
                        urls: s.urls.clone(),
                        username: s.username.clone(),
                        credential: s.credential.clone(),
                    })
                    .collect(),
            )
            .with_ice_transport_policy(if options.relay_only {
                RTCIceTransportPolicy::Relay
            } else {
                RTCIceTransportPolicy::All
            })
            .build();
        let pc = PeerConnectionBuilder::new()
            .with_configuration(config)
            .with_media_engine(media)
            .with_setting_engine(settings)
            .with_handler(Arc::new(Events {
                gathered: gathered_tx,
                state: state_tx,
                sink: Arc::new(std::sync::Mutex::new(sink)),
                received_packets: received_packets.clone(),
                stats: stats.clone(),
                first,
            }))
            .with_udp_addrs(vec![options.udp_addr.clone()])
            .build()
            .await
            .map_err(w)?;
        let pc: Arc<dyn PeerConnection> = Arc::new(pc);
        let ssrc = rand::random::<u32>();
        let track = Arc::new(
            TrackLocalStaticSample::new(
                Instant::now(),
                MediaStreamTrack::new(
                    "nextline".to_owned(),
                    "voice".to_owned(),
                    "voice".to_owned(),
                    RtpCodecKind::Audio,
                    vec![RTCRtpEncodingParameters {
                        rtp_coding_parameters: RTCRtpCodingParameters {
                            ssrc: Some(ssrc),
                            ..Default::default()
                        },
                        codec: RTCRtpCodec {
                            mime_type: MIME_TYPE_OPUS.to_owned(),
                            clock_rate: RATE,
                            channels: 2,
                            sdp_fmtp_line: "minptime=10;useinbandfec=1".to_owned(),
                            rtcp_feedback: vec![],
                        },
                        ..Default::default()
                    }],
                ),
            )
            .map_err(w)?,
        );
        let sender = pc
            .add_track(Arc::clone(&track) as Arc<dyn TrackLocal>)
            .await
            .map_err(w)?;
        Ok(MediaSession {
            pc,
            track,
            sender,
            ssrc,
            gathered,
            state,
            received_packets,
            stats,
            receiving,
            sent_packets: Arc::new(AtomicU64::new(0)),
            sending: Arc::new(std::sync::atomic::AtomicBool::new(true)),
            pump: None,
            impairment: options.impairment,
        })
    }

    async fn complete_local(&mut self) -> Result<String, MediaError> {
        tokio::time::timeout(GATHER_WAIT, self.gathered.wait_for(|done| *done))
            .await
            .map_err(|_| MediaError::GatherTimeout)?
            .map_err(w)?;
        let desc = self
            .pc
            .local_description()
            .await
            .ok_or_else(|| w("no local description"))?;
        Ok(desc.sdp)
    }

    /// Our offer, with every candidate in it.
    pub async fn offer(&mut self) -> Result<String, MediaError> {
        let offer = self.pc.create_offer(None).await.map_err(w)?;
        self.pc.set_local_description(offer).await.map_err(w)?;
        self.complete_local().await
    }

    /// Our answer to their offer (also a re-offer: hold, resume), with every candidate in it.
    pub async fn answer(&mut self, offer_sdp: &str) -> Result<String, MediaError> {
        let offer = RTCSessionDescription::offer(offer_sdp.to_string()).map_err(w)?;
        self.pc.set_remote_description(offer).await.map_err(w)?;
        let answer = self.pc.create_answer(None).await.map_err(w)?;
        self.pc.set_local_description(answer).await.map_err(w)?;
        let sdp = self.complete_local().await?;
        // webrtc answers a re-offer `sendrecv` whatever it offered; RFC 3264 §6.1 wants the
        // mirror of their direction (a hold's `sendonly` is answered `recvonly`).
        let direction = answer_direction(offer_sdp);
        self.sending.store(
            matches!(direction, "sendrecv" | "sendonly"),
            Ordering::Relaxed,
        );
        Ok(with_direction(&sdp, direction))
    }

    /// A new offer in the call: `sendonly` puts it on hold (and we send nothing), `sendrecv`
    /// resumes it.
    pub async fn reoffer(&mut self, direction: &'static str) -> Result<String, MediaError> {
        let offer = self.pc.create_offer(None).await.map_err(w)?;
        self.pc.set_local_description(offer).await.map_err(w)?;
        let sdp = self.complete_local().await?;
        self.sending
            .store(direction == "sendrecv", Ordering::Relaxed);
        Ok(with_direction(&sdp, direction))
    }

    /// Their answer to our offer.
    pub async fn accept_answer(&mut self, answer_sdp: &str) -> Result<(), MediaError> {
        let answer = RTCSessionDescription::answer(answer_sdp.to_string()).map_err(w)?;
        self.pc.set_remote_description(answer).await.map_err(w)
    }

    /// Waits until ICE and DTLS are up.
    pub async fn connected(&mut self, within: Duration) -> Result<(), MediaError> {
        let wait = self.state.wait_for(|s| {
            matches!(
                s,
                RTCPeerConnectionState::Connected | RTCPeerConnectionState::Failed
            )
        });
        let state = *tokio::time::timeout(within, wait)
            .await
            .map_err(|_| w("the media did not connect in time"))?
            .map_err(w)?;
        if state == RTCPeerConnectionState::Connected {
            Ok(())
        } else {
            Err(w("the media connection failed"))
        }
    }

    /// Starts sending `source`, encoded with Opus, a frame every 20 ms.
    pub async fn start_sending(
        &mut self,
        mut source: Box<dyn AudioSource>,
    ) -> Result<(), MediaError> {
        let pt = self
            .sender
            .get_parameters()
            .await
            .map_err(w)?
            .rtp_parameters
            .codecs
            .first()
            .ok_or_else(|| w("no audio codec was agreed"))?
            .payload_type;
        let mut encoder = opus::Encoder::new(RATE, opus::Channels::Mono, opus::Application::Voip)
            .map_err(|e| MediaError::Codec(e.to_string()))?;
        let _ = encoder.set_inband_fec(true);
        let track = self.track.clone();
        let ssrc = self.ssrc;
        let sent = self.sent_packets.clone();
        let sending = self.sending.clone();
        let impairment = self.impairment;
        self.pump = Some(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            let mut frame = [0i16; FRAME];
            let mut packet = vec![0u8; 1500];
            let mut link = impairment.map(|i| {
                // The far end of the bad link: one task, so packets leave in order.
                let (wire, mut arriving) = mpsc::unbounded_channel::<(Instant, Sample)>();
                let (track, sent) = (track.clone(), sent.clone());
                tokio::spawn(async move {
                    while let Some((at, sample)) = arriving.recv().await {
                        tokio::time::sleep_until(at.into()).await;
                        if track
                            .sample_writer(ssrc, pt)
                            .write_sample(&sample)
                            .await
                            .is_ok()
                        {
                            sent.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
                ImpairedLink::new(i, wire)
            });
            loop {
                tick.tick().await;
                // The microphone is read on hold too (its level meter keeps moving).
                source.read_frame(&mut frame);
                if !sending.load(Ordering::Relaxed) {
                    continue;
                }
                let Ok(n) = encoder.encode(&frame, &mut packet) else {
                    continue;
                };
                let sample = Sample {
                    data: bytes::Bytes::copy_from_slice(&packet[..n]),
                    duration: Duration::from_millis(20),
                    ..Sample::new(Instant::now())
                };
                if let Some(link) = &mut link {
                    if let Some(late) = link.pass(sample) {
                        let _ = link.wire.send((link.departure, late));
                    }
                    continue;
                }
                if track
                    .sample_writer(ssrc, pt)
                    .write_sample(&sample)
                    .await
                    .is_ok()
                {
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
        Ok(())
    }

    /// Resolves when the media connection has failed for good (the far end gone).
    pub fn failed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut state = self.state.clone();
        async move {
            let _ = state
                .wait_for(|s| *s == RTCPeerConnectionState::Failed)
                .await;
        }
    }

    /// Turns true when the first RTP packet arrives.
    pub fn receiving(&self) -> watch::Receiver<bool> {
        self.receiving.clone()
    }

    /// When the first RTP packet arrived (for the call-setup benchmark).
    pub fn first_packet_at(&self) -> Option<Instant> {
        self.stats.lock().ok().and_then(|s| s.first_at())
    }

    /// RTP packets received and sent so far.
    pub fn packets(&self) -> (u64, u64) {
        (
            self.received_packets.load(Ordering::Relaxed),
            self.sent_packets.load(Ordering::Relaxed),
        )
    }

    /// The call's quality so far: what we received (loss, jitter) and the round trip (from
    /// RTCP receiver reports, else from the ICE consent checks).
    pub async fn quality(&self) -> CallQuality {
        let report = self.pc.get_stats(Instant::now(), StatsSelector::None).await;
        let (received, lost, jitter_ms) = match self.stats.lock() {
            Ok(s) => (s.received(), s.lost(), s.jitter_ms()),
            Err(_) => (0, 0, 0.0),
        };
        let rtcp_rtt = report.iter().find_map(|e| match e {
            webrtc::peer_connection::RTCStatsReportEntry::RemoteInboundRtp(s)
                if s.round_trip_time_measurements > 0 =>
            {
                Some(s.round_trip_time)
            }
            _ => None,
        });
        let ice_rtt = report
            .candidate_pairs()
            .filter(|p| p.nominated)
            .map(|p| p.current_round_trip_time)
            .next();
        let rtt = rtcp_rtt.or(ice_rtt).unwrap_or(0.0);
        CallQuality::from_counts(received, lost, jitter_ms, rtt * 1000.0)
    }

    /// Sends our audio (true) or not (held).
    pub fn set_sending(&self, sending: bool) {
        self.sending.store(sending, Ordering::Relaxed);
    }

    /// Whether our audio is being sent (false while the far end holds the call).
    pub fn is_sending(&self) -> bool {
        self.sending.load(Ordering::Relaxed)
    }

    pub async fn close(mut self) {
        if let Some(pump) = self.pump.take() {
            pump.abort();
        }
        let _ = self.pc.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_mirrors_the_offered_direction() {
        assert_eq!(
            answer_direction("v=0\r\nm=audio 9 X 0\r\na=sendonly\r\n"),
            "recvonly"
        );
        assert_eq!(answer_direction("m=audio 9 X 0\r\na=recvonly"), "sendonly");
        assert_eq!(answer_direction("m=audio 9 X 0\r\na=inactive"), "inactive");
        assert_eq!(answer_direction("m=audio 9 X 0"), "sendrecv");
        assert_eq!(
            with_direction("m=audio 9 X 0\r\na=sendrecv\r\na=rtcp-mux", "recvonly"),
            "m=audio 9 X 0\r\na=recvonly\r\na=rtcp-mux"
        );
    }
}
