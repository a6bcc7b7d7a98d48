//! A call's media: one WebRTC peer connection (ICE, DTLS-SRTP, rtcp-mux, BUNDLE) with one Opus
//! audio track, negotiated without trickle ICE (every candidate is in the SDP, as SIP peers
//! expect). Audio in from an [`AudioSource`], out to an [`AudioSink`], 20 ms frames.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use std::collections::HashMap;

use rtc::media_stream::MediaStreamTrack;
use rtc::peer_connection::configuration::media_engine::{
    MIME_TYPE_OPUS, MIME_TYPE_PCMA, MIME_TYPE_PCMU, MIME_TYPE_TELEPHONE_EVENT,
};
use rtc::rtp_transceiver::rtp_sender::{
    RTCRtpCodec, RTCRtpCodecParameters, RTCRtpCodingParameters, RTCRtpEncodingParameters,
    RtpCodecKind,
};
use tokio::sync::{mpsc, watch};
use webrtc::media_stream::track_local::TrackLocal;
use webrtc::media_stream::track_local::static_rtp::TrackLocalStaticRTP;
use webrtc::media_stream::track_remote::{TrackRemote, TrackRemoteEvent};
use webrtc::peer_connection::{
    MediaEngine, PeerConnection, PeerConnectionBuilder, PeerConnectionEventHandler,
    RTCConfigurationBuilder, RTCIceGatheringState, RTCIceServer, RTCIceTransportPolicy,
    RTCPeerConnectionState, RTCSessionDescription, SettingEngineBuilder,
};

use crate::audio::{AudioSink, AudioSource, FRAME, RATE};
use crate::jitter::{JitterBuffer, Playout};
use crate::quality::CallQuality;
use crate::receive_stats::ReceiveStats;
use crate::telephone_event::{DigitReceiver, DigitSender, GAP_MS};
use crate::voice_codec::{AgreedCodec, Negotiated, VoiceCodec, VoiceDecoder, VoiceEncoder};
use webrtc::peer_connection::StatsSelector;

/// Packets the jitter buffer holds before playing (2 × 20 ms).
const JITTER_DEPTH: usize = 2;
/// Between two ICE connectivity checks.
const ICE_CHECK_INTERVAL: Duration = Duration::from_millis(20);
/// How long to wait for ICE gathering (host candidates come at once; STUN may take longer).
const GATHER_WAIT: Duration = Duration::from_secs(5);
/// How long the microphone waits for the media to connect before it sends anyway.
const CONNECT_WAIT: Duration = Duration::from_secs(10);

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

/// What a received payload type carries, from both ends' SDP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carries {
    Voice(VoiceCodec),
    Event,
}

struct Events {
    gathered: watch::Sender<bool>,
    state: watch::Sender<RTCPeerConnectionState>,
    sink: Arc<std::sync::Mutex<Box<dyn AudioSink>>>,
    received_packets: Arc<AtomicU64>,
    stats: Arc<std::sync::Mutex<ReceiveStats>>,
    /// Becomes true with the first RTP packet.
    first: Arc<watch::Sender<bool>>,
    /// Payload type → what it carries, filled in once the SDP is agreed.
    payloads: Arc<std::sync::Mutex<HashMap<u8, Carries>>>,
    /// Keypad digits the far end sent as RFC 4733 events.
    digits: mpsc::UnboundedSender<char>,
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
        let payloads = self.payloads.clone();
        let digits = self.digits.clone();
        tokio::spawn(async move {
            let mut decoder: Option<(VoiceCodec, VoiceDecoder)> = None;
            let mut keypad = DigitReceiver::default();
            let mut pcm = vec![0i16; FRAME * 6];
            let mut jitter = JitterBuffer::new(JITTER_DEPTH);
            while let Some(event) = track.poll().await {
                let TrackRemoteEvent::OnRtpPacket(packet) = event else {
                    continue;
                };
                if count.fetch_add(1, Ordering::Relaxed) == 0 {
                    first.send_replace(true);
                }
                let h = &packet.header;
                let carries = payloads
                    .lock()
                    .ok()
                    .and_then(|p| p.get(&h.payload_type).copied())
                    // Before the answer is known (early media): Opus, as we offer it first.
                    .unwrap_or(Carries::Voice(VoiceCodec::Opus));
                let codec = match carries {
                    Carries::Event => {
                        if let Ok(mut s) = stats.lock() {
                            s.on_event_packet(h.sequence_number, Instant::now());
                        }
                        jitter.skip(h.sequence_number);
                        if let Some(d) = keypad.on_packet(h.timestamp, &packet.payload) {
                            let _ = digits.send(d);
                        }
                        continue;
                    }
                    Carries::Voice(codec) => codec,
                };
                if let Ok(mut s) = stats.lock() {
                    s.set_clock_rate(codec.clock_rate());
                    s.on_packet(h.sequence_number, h.timestamp, Instant::now());
                }
                if decoder.as_ref().is_none_or(|(c, _)| *c != codec) {
                    match VoiceDecoder::new(codec) {
                        Ok(d) => decoder = Some((codec, d)),
                        Err(e) => {
                            tracing::warn!("cannot decode {}: {e}", codec.name());
                            continue;
                        }
                    }
                }
                let Some((_, decoder)) = decoder.as_mut() else {
                    continue;
                };
                if packet.payload.is_empty() {
                    jitter.skip(h.sequence_number);
                    continue;
                }
                jitter.push(h.sequence_number, packet.payload.to_vec());
                while let Some(next) = jitter.pop() {
                    let n = match next {
                        Playout::Packet(p) => decoder.decode(&p, &mut pcm),
                        Playout::Fec(after) => decoder.recover(&after, &mut pcm),
                        Playout::Lost => decoder.conceal(&mut pcm),
                    };
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
    track: Arc<TrackLocalStaticRTP>,
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
    /// Received payload types (shared with the receiving task).
    payloads: Arc<std::sync::Mutex<HashMap<u8, Carries>>>,
    /// What we send with, once the SDP is agreed.
    negotiated: Option<Negotiated>,
    /// Our last local description (for the payload types the far end sends us).
    local_sdp: String,
    /// Digits to send as RFC 4733 events (the pump takes them).
    keypad_tx: mpsc::UnboundedSender<char>,
    keypad_rx: Option<mpsc::UnboundedReceiver<char>>,
    /// Digits the far end sent as events.
    digits_rx: Option<mpsc::UnboundedReceiver<char>>,
}

/// The bad network of [`LinkImpairment`], packet by packet.
struct ImpairedLink {
    impairment: LinkImpairment,
    /// Where the current run of packets is, and which of it is lost.
    position: u64,
    victim: u64,
    /// Packets that crossed.
    sent: u64,
    /// When the last packet leaves (the next may not leave earlier: order is kept).
    departure: Instant,
    rng: rand::rngs::StdRng,
    wire: mpsc::UnboundedSender<(Instant, rtc::rtp::Packet)>,
}

impl ImpairedLink {
    fn new(
        impairment: LinkImpairment,
        wire: mpsc::UnboundedSender<(Instant, rtc::rtp::Packet)>,
    ) -> ImpairedLink {
        use rand::SeedableRng;
        ImpairedLink {
            impairment,
            position: 0,
            victim: 0,
            sent: 0,
            departure: Instant::now(),
            rng: rand::rngs::StdRng::seed_from_u64(impairment.seed),
            wire,
        }
    }

    /// The packet as it crosses the link, or `None` if the link loses it (its sequence number
    /// is then missing at the far end); `departure` says when it leaves.
    fn pass(&mut self, packet: rtc::rtp::Packet) -> Option<rtc::rtp::Packet> {
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
                return None;
            }
        }
        self.sent += 1;
        let j = self.impairment.jitter;
        let delay = if self.sent.is_multiple_of(4) {
            j.mul_f64(rng.random_range(2.0..=10.0 / 3.0))
        } else {
            j.mul_f64(rng.random_range(0.0..=1.0 / 3.0))
        };
        self.departure = self.departure.max(Instant::now() + delay);
        Some(packet)
    }
}

/// What we offer, in order of preference: Opus, then G.711 for PBXs and trunks without it,
/// and telephone-events at both clocks (DTMF goes at the voice codec's).
fn offered_codecs() -> Vec<(RTCRtpCodec, u8)> {
    let codec = |mime: &str, clock_rate, channels, fmtp: &str| RTCRtpCodec {
        mime_type: mime.to_owned(),
        clock_rate,
        channels,
        sdp_fmtp_line: fmtp.to_owned(),
        rtcp_feedback: vec![],
    };
    vec![
        (
            codec(MIME_TYPE_OPUS, RATE, 2, "minptime=10;useinbandfec=1"),
            111,
        ),
        (codec(MIME_TYPE_PCMU, 8000, 0, ""), 0),
        (codec(MIME_TYPE_PCMA, 8000, 0, ""), 8),
        (codec(MIME_TYPE_TELEPHONE_EVENT, RATE, 0, "0-16"), 110),
        (codec(MIME_TYPE_TELEPHONE_EVENT, 8000, 0, "0-16"), 101),
    ]
}

/// The audio codecs an SDP lists, in its order, with their payload types.
fn sdp_codecs(sdp: &str) -> Vec<AgreedCodec> {
    use rtc::sdp::description::session::SessionDescription;
    let Ok(desc) = SessionDescription::unmarshal(&mut std::io::Cursor::new(sdp.as_bytes())) else {
        return Vec::new();
    };
    let Some(audio) = desc
        .media_descriptions
        .iter()
        .find(|m| m.media_name.media == "audio")
    else {
        return Vec::new();
    };
    audio
        .media_name
        .formats
        .iter()
        .filter_map(|f| f.parse::<u8>().ok())
        .filter_map(|pt| desc.get_codec_for_payload_type(pt).ok())
        .map(|c| AgreedCodec {
            mime: format!("audio/{}", c.name),
            clock_rate: c.clock_rate,
            payload_type: c.payload_type,
        })
        .collect()
}

/// Payload type → what it carries, for what either end may send.
fn payload_map(sdps: &[&str]) -> HashMap<u8, Carries> {
    let mut map = HashMap::new();
    for sdp in sdps {
        for c in sdp_codecs(sdp) {
            let carries = if c.mime.eq_ignore_ascii_case(MIME_TYPE_TELEPHONE_EVENT) {
                Some(Carries::Event)
            } else {
                VoiceCodec::from_mime(&c.mime).map(Carries::Voice)
            };
            if let Some(carries) = carries {
                map.entry(c.payload_type).or_insert(carries);
            }
        }
    }
    map
}

/// An offer or answer with telephone-events at two clocks (as browsers make) keeps only the one
/// at the clock of its first voice codec we speak: webrtc matches codecs without their clock,
/// and would put both under one payload type (and refuse to send the other).
fn one_telephone_event(offer: &str) -> String {
    let codecs = sdp_codecs(offer);
    let Some(voice) = codecs.iter().find_map(|c| VoiceCodec::from_mime(&c.mime)) else {
        return offer.to_string();
    };
    let events: Vec<&AgreedCodec> = codecs
        .iter()
        .filter(|c| c.mime.eq_ignore_ascii_case(MIME_TYPE_TELEPHONE_EVENT))
        .collect();
    if events.len() < 2 || !events.iter().any(|c| c.clock_rate == voice.clock_rate()) {
        return offer.to_string();
    }
    let drop: Vec<String> = events
        .iter()
        .filter(|c| c.clock_rate != voice.clock_rate())
        .map(|c| c.payload_type.to_string())
        .collect();
    let about = |l: &str| {
        ["a=rtpmap:", "a=fmtp:", "a=rtcp-fb:"].iter().any(|a| {
            l.strip_prefix(a)
                .and_then(|rest| rest.split(' ').next())
                .is_some_and(|pt| drop.iter().any(|d| d == pt))
        })
    };
    offer
        .split("\r\n")
        .filter(|l| !about(l))
        .map(|l| {
            if l.starts_with("m=audio ") {
                let mut parts: Vec<&str> = l.split(' ').collect();
                let formats = parts.split_off(3.min(parts.len()));
                parts.extend(formats.into_iter().filter(|f| !drop.iter().any(|d| d == f)));
                parts.join(" ")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
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
        for (codec, payload_type) in offered_codecs() {
            media
                .register_codec(
                    RTCRtpCodecParameters {
                        rtp_codec: codec,
                        payload_type,
                    },
                    RtpCodecKind::Audio,
                )
                .map_err(w)?;
        }
        let settings = SettingEngineBuilder::new()
            .with_multicast_dns_mode(rtc::ice::mdns::MulticastDnsMode::Disabled)
            // A check every 20 ms rather than 200: the nomination waits for the next tick, so
            // the default interval is most of a call's setup. 50 tries still give each pair 1 s.
            .with_ice_connection_attempts(Some(ICE_CHECK_INTERVAL), Some(50))
            .build();
        let (gathered_tx, gathered) = watch::channel(false);
        let (state_tx, state) = watch::channel(RTCPeerConnectionState::New);
        let received_packets = Arc::new(AtomicU64::new(0));
        let stats = Arc::new(std::sync::Mutex::new(ReceiveStats::new(RATE)));
        let (first, receiving) = watch::channel(false);
        let first = Arc::new(first);
        let payloads = Arc::new(std::sync::Mutex::new(HashMap::new()));
        let (digits_tx, digits_rx) = mpsc::unbounded_channel();
        let (keypad_tx, keypad_rx) = mpsc::unbounded_channel();
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
                payloads: payloads.clone(),
                digits: digits_tx,
            }))
            .with_udp_addrs(vec![options.udp_addr.clone()])
            .build()
            .await
            .map_err(w)?;
        let pc: Arc<dyn PeerConnection> = Arc::new(pc);
        let ssrc = rand::random::<u32>();
        let track = Arc::new(TrackLocalStaticRTP::new(MediaStreamTrack::new(
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
        )));
        pc.add_track(Arc::clone(&track) as Arc<dyn TrackLocal>)
            .await
            .map_err(w)?;
        // `add_track` offers only the track's codec; no preference offers every registered one.
        for transceiver in pc.get_transceivers().await {
            transceiver.set_codec_preferences(vec![]).await.map_err(w)?;
        }
        Ok(MediaSession {
            pc,
            track,
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
            payloads,
            negotiated: None,
            local_sdp: String::new(),
            keypad_tx,
            keypad_rx: Some(keypad_rx),
            digits_rx: Some(digits_rx),
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
        self.local_sdp = desc.sdp.clone();
        Ok(desc.sdp)
    }

    /// Both descriptions are known: what we send with, and what each received payload type
    /// carries.
    fn agreed(&mut self, remote_sdp: &str) {
        if let Ok(mut p) = self.payloads.lock() {
            *p = payload_map(&[&self.local_sdp, remote_sdp]);
        }
        let negotiated = Negotiated::choose(&sdp_codecs(remote_sdp));
        if let Some(n) = negotiated
            && self.negotiated != negotiated
        {
            tracing::info!(
                codec = n.voice.name(),
                dtmf = if n.dtmf_pt.is_some() {
                    "RFC 4733"
                } else {
                    "SIP INFO"
                },
                "the call's audio codec"
            );
        }
        // A re-offer (hold, resume) keeps the codec the call started with.
        self.negotiated = self.negotiated.or(negotiated);
    }

    /// The codec the call speaks, once agreed.
    pub fn codec(&self) -> Option<VoiceCodec> {
        self.negotiated.map(|n| n.voice)
    }

    /// Our offer, with every candidate in it.
    pub async fn offer(&mut self) -> Result<String, MediaError> {
        let offer = self.pc.create_offer(None).await.map_err(w)?;
        self.pc.set_local_description(offer).await.map_err(w)?;
        self.complete_local().await
    }

    /// Our answer to their offer (also a re-offer: hold, resume), with every candidate in it.
    pub async fn answer(&mut self, offer_sdp: &str) -> Result<String, MediaError> {
        let offer_sdp = one_telephone_event(offer_sdp);
        let offer = RTCSessionDescription::offer(offer_sdp.clone()).map_err(w)?;
        self.pc.set_remote_description(offer).await.map_err(w)?;
        let answer = self.pc.create_answer(None).await.map_err(w)?;
        self.pc.set_local_description(answer).await.map_err(w)?;
        let sdp = self.complete_local().await?;
        // Our answer lists the offer's codecs that we speak, in its order.
        self.agreed(&sdp);
        let offer_sdp = offer_sdp.as_str();
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
        // An answer can list telephone-events at both clocks too (browsers do).
        let answer_sdp = one_telephone_event(answer_sdp);
        let answer = RTCSessionDescription::answer(answer_sdp.clone()).map_err(w)?;
        self.pc.set_remote_description(answer).await.map_err(w)?;
        self.agreed(&answer_sdp);
        Ok(())
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

    /// Starts sending `source` with the agreed codec, a frame every 20 ms; keypad digits go
    /// in between as RFC 4733 events.
    pub async fn start_sending(
        &mut self,
        mut source: Box<dyn AudioSource>,
    ) -> Result<(), MediaError> {
        let agreed = self
            .negotiated
            .ok_or_else(|| w("no audio codec was agreed"))?;
        let mut encoder = VoiceEncoder::new(agreed.voice).map_err(MediaError::Codec)?;
        let mut keypad = self
            .keypad_rx
            .take()
            .ok_or_else(|| w("the call is already sending"))?;
        let track = self.track.clone();
        let ssrc = self.ssrc;
        let sent = self.sent_packets.clone();
        let sending = self.sending.clone();
        let impairment = self.impairment;
        let mut state = self.state.clone();
        self.pump = Some(tokio::spawn(async move {
            // Frames sent before DTLS is up are dropped (there is no SRTP key yet): the clock
            // starts when the media connects, so the first frame leaves at once rather than up
            // to 20 ms later.
            let _ = tokio::time::timeout(
                CONNECT_WAIT,
                state.wait_for(|s| {
                    !matches!(
                        s,
                        RTCPeerConnectionState::New
                            | RTCPeerConnectionState::Connecting
                            | RTCPeerConnectionState::Unspecified
                    )
                }),
            )
            .await;
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            let mut frame = [0i16; FRAME];
            let mut sequence: u16 = rand::random();
            let mut timestamp: u32 = rand::random();
            let mut talk_spurt = true;
            // The digit being sent (with the timestamp it began at), and the quiet after one.
            let mut digit: Option<(DigitSender, u32)> = None;
            let mut quiet_ticks = 0u32;
            let mut link = impairment.map(|i| {
                // The far end of the bad link: one task, so packets leave in order.
                let (wire, mut arriving) = mpsc::unbounded_channel::<(Instant, rtc::rtp::Packet)>();
                let (track, sent) = (track.clone(), sent.clone());
                tokio::spawn(async move {
                    while let Some((at, packet)) = arriving.recv().await {
                        tokio::time::sleep_until(at.into()).await;
                        if track.write_rtp(packet).await.is_ok() {
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
                let now_ts = timestamp;
                timestamp = timestamp.wrapping_add(agreed.voice.frame_ticks());
                if !sending.load(Ordering::Relaxed) {
                    talk_spurt = true;
                    continue;
                }
                if digit.is_none() && quiet_ticks == 0 {
                    digit = agreed.dtmf_pt.and_then(|_| {
                        keypad
                            .try_recv()
                            .ok()
                            .and_then(|d| DigitSender::new(d, agreed.voice.clock_rate()))
                            .map(|s| (s, now_ts))
                    });
                }
                quiet_ticks = quiet_ticks.saturating_sub(1);
                let event = match (&mut digit, agreed.dtmf_pt) {
                    (Some((sender, began)), Some(pt)) => Some((pt, *began, sender.next_packet())),
                    _ => None,
                };
                let (payload_type, marker, ts, payload) = match event {
                    Some((pt, began, Some(p))) => {
                        if p.last {
                            digit = None;
                            quiet_ticks = GAP_MS / 20;
                            talk_spurt = true;
                        }
                        (pt, p.first, began, p.payload.to_bytes().to_vec())
                    }
                    Some((_, _, None)) => {
                        digit = None;
                        continue;
                    }
                    None => {
                        let Some(payload) = encoder.encode(&frame) else {
                            continue;
                        };
                        (
                            agreed.voice_pt,
                            std::mem::take(&mut talk_spurt),
                            now_ts,
                            payload,
                        )
                    }
                };
                let packet = rtc::rtp::Packet {
                    header: rtc::rtp::Header {
                        version: 2,
                        marker,
                        payload_type,
                        sequence_number: sequence,
                        timestamp: ts,
                        ssrc,
                        ..Default::default()
                    },
                    payload: bytes::Bytes::from(payload),
                };
                sequence = sequence.wrapping_add(1);
                if let Some(link) = &mut link {
                    if let Some(late) = link.pass(packet) {
                        let _ = link.wire.send((link.departure, late));
                    }
                    continue;
                }
                if track.write_rtp(packet).await.is_ok() {
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
        Ok(())
    }

    /// Sends a keypad digit as an RFC 4733 event; `false` when the far end did not agree to
    /// events (send it by SIP INFO instead).
    pub fn send_dtmf(&self, digit: char) -> bool {
        self.negotiated.is_some_and(|n| n.dtmf_pt.is_some()) && self.keypad_tx.send(digit).is_ok()
    }

    /// Digits the far end sends as RFC 4733 events (taken once).
    pub fn take_received_digits(&mut self) -> Option<mpsc::UnboundedReceiver<char>> {
        self.digits_rx.take()
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
    fn a_browser_offer_keeps_the_telephone_event_at_its_voice_clock() {
        let offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0 110 126\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:110 telephone-event/48000\r\na=fmtp:110 0-16\r\na=rtpmap:126 telephone-event/8000\r\na=fmtp:126 0-16\r\n";
        let kept = one_telephone_event(offer);
        assert!(
            kept.contains("m=audio 9 UDP/TLS/RTP/SAVPF 0 126\r\n"),
            "{kept}"
        );
        assert!(!kept.contains("110"), "{kept}");
        let n = Negotiated::choose(&sdp_codecs(&kept)).unwrap();
        assert_eq!((n.voice, n.dtmf_pt), (VoiceCodec::Pcmu, Some(126)));
        // With Opus first, the 48 kHz one stays.
        let opus = offer.replace(" 0 110 126", " 111 0 110 126").replace(
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000",
        );
        assert!(!one_telephone_event(&opus).contains("126"));
    }

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
