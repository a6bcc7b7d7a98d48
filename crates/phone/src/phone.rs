//! The softphone as the app and the CLI use it: one object that places and answers calls and
//! ties the pieces together — SIP signalling, the WebRTC media, the sound card, ringback while
//! the far end rings, hold and resume, mute, DTMF, and the call's quality as it goes. It runs
//! as one task; the owner sends commands and receives [`PhoneEvent`]s.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use nextline_sip::{CallRef, Cause, EndReason, MessageRef, SipError, UaEvent};
use tokio::sync::{mpsc, oneshot};

use crate::audio::{AudioSink, AudioSource, FRAME, Tone};
use crate::device_recovery::{MAX_REOPENS, Plugged, REOPENS_WITHIN, Recovery, recover};
use crate::media::{MediaError, MediaOptions, MediaSession};
use crate::quality::CallQuality;
use crate::signalling::{Signalling, SipServer};
use crate::sound_card::{self, AudioError, Controls, DeviceChoice, LostDevices, SoundCard};
use std::sync::atomic::{AtomicBool, Ordering};

/// How often the sound card of the calls going on is checked (a headset unplugged mid-call).
const DEVICE_CHECK_EVERY: Duration = Duration::from_millis(500);
/// How often a connected call's quality is measured and reported.
const QUALITY_EVERY: Duration = Duration::from_secs(2);

/// Makes a call's microphone and speaker when they are not the sound card's (the CLI's WAV
/// files, tests).
pub type AudioFactory = Arc<dyn Fn() -> (Box<dyn AudioSource>, Box<dyn AudioSink>) + Send + Sync>;

/// Where a call's audio comes from and goes to.
#[derive(Clone)]
pub enum AudioChoice {
    SoundCard(DeviceChoice),
    Custom(AudioFactory),
}

impl std::fmt::Debug for AudioChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AudioChoice::SoundCard(d) => f.debug_tuple("SoundCard").field(d).finish(),
            AudioChoice::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// Everything the phone needs to run.
#[derive(Debug, Clone)]
pub struct PhoneSettings {
    pub server: SipServer,
    pub audio: AudioChoice,
    pub media: MediaOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStatus {
    /// Our INVITE is out.
    Dialing,
    /// The far end rings; we play ringback.
    Ringing,
    /// The far end plays its own tones or announcement.
    EarlyMedia,
    /// Someone calls us.
    Incoming,
    Connected,
    /// We put the call on hold.
    OnHold,
    Ended,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallEnd {
    Hangup(EndReason),
    /// It never connected: busy, no answer, not found…
    Failed {
        code: u16,
        cause: Cause,
    },
    /// Media or audio trouble ended it.
    Trouble(String),
}

/// A call as the window shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    pub call: CallRef,
    pub outgoing: bool,
    /// The other party's SIP address.
    pub remote: String,
    pub status: CallStatus,
    pub muted: bool,
    pub quality: Option<CallQuality>,
    pub ended: Option<CallEnd>,
    /// The far end's audio has started to arrive (its first RTP packet).
    pub audio_received: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PhoneEvent {
    Registered,
    /// Not registered (yet or any more), and why.
    NotRegistered {
        reason: String,
    },
    Call(CallView),
    Message {
        from: String,
        body: String,
    },
    /// The chosen microphone or speaker stopped working (unplugged) or is not there: the calls
    /// moved to the system's default devices (`moved`), or could not.
    AudioDevicesGone {
        moved: bool,
    },
    /// The far end pressed a key (an RFC 4733 event or SIP INFO).
    Dtmf {
        call: CallRef,
        digit: char,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    #[error(transparent)]
    Sip(#[from] SipError),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error("there is no such call")]
    NoSuchCall,
    #[error("the call is not connected")]
    NotConnected,
    #[error("the phone has stopped")]
    Stopped,
    #[error("the message was not delivered: {} (SIP {code})", cause.describe())]
    MessageRefused { code: u16, cause: Cause },
}

impl PhoneError {
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Sip(e) => e.code(),
            PhoneError::Media(e) => e.code(),
            PhoneError::Audio(e) => e.code(),
            PhoneError::NoSuchCall => "phone_no_such_call",
            PhoneError::NotConnected => "phone_call_not_connected",
            PhoneError::Stopped => "phone_stopped",
            PhoneError::MessageRefused { .. } => "message_refused",
        }
    }
}

/// The speaker, shared by the ringback and the call's audio (and swappable mid-call).
#[derive(Clone)]
struct SharedSpeaker(Arc<Mutex<Box<dyn AudioSink>>>);

impl AudioSink for SharedSpeaker {
    fn write_frame(&mut self, frame: &[i16]) {
        if let Ok(mut s) = self.0.lock() {
            s.write_frame(frame);
        }
    }
}

/// The phone ringing for an incoming call: two tones together (440 + 480 Hz), two seconds on,
/// four off.
async fn ringtone(mut speaker: Box<dyn AudioSink>) {
    let (mut low, mut high) = (Tone::new(440.0), Tone::new(480.0));
    let (mut a, mut b) = ([0i16; FRAME], [0i16; FRAME]);
    let mut frame = [0i16; FRAME];
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    for n in 0u32.. {
        tick.tick().await;
        if n % 300 < 100 {
            low.read_frame(&mut a);
            high.read_frame(&mut b);
            for i in 0..FRAME {
                frame[i] = a[i] / 2 + b[i] / 2;
            }
        } else {
            frame.fill(0);
        }
        speaker.write_frame(&frame);
    }
}

/// Ringback as European networks play it: 425 Hz, one second on, four off.
async fn ringback(mut speaker: SharedSpeaker) {
    let mut tone = Tone::new(425.0);
    let mut frame = [0i16; FRAME];
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    for n in 0u32.. {
        tick.tick().await;
        if n % 250 < 50 {
            tone.read_frame(&mut frame);
        } else {
            frame.fill(0);
        }
        speaker.write_frame(&frame);
    }
}

/// The microphone, swappable while the call goes on (another headset chosen mid-call); mute
/// silences it whatever it is.
#[derive(Clone)]
struct SharedMic(Arc<Mutex<Box<dyn AudioSource>>>, Arc<AtomicBool>);

impl AudioSource for SharedMic {
    fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
        match self.0.lock() {
            Ok(mut m) => m.read_frame(frame),
            Err(_) => frame.fill(0),
        }
        if self.1.load(Ordering::Relaxed) {
            frame.fill(0);
        }
    }
}

struct Audio {
    card: Option<SoundCard>,
    mic: SharedMic,
    speaker: SharedSpeaker,
    controls: Controls,
    /// The microphone already feeds the call.
    talking: bool,
}

struct Entry {
    view: CallView,
    media: Option<MediaSession>,
    audio: Option<Audio>,
    ringback: Option<tokio::task::JoinHandle<()>>,
    /// The sound card the ringtone of an incoming call plays on, until answered or gone.
    ringer: Option<SoundCard>,
    /// Their SDP offer (incoming calls, until answered).
    offer: Option<String>,
    /// An early answer (183) was applied already.
    answered_early: bool,
    /// Our re-INVITE (hold or resume) awaits its answer; the next one waits for it.
    reinvite_in_flight: bool,
    queued_hold: Option<bool>,
}

enum Command {
    Dial(String, oneshot::Sender<Result<CallRef, PhoneError>>),
    Answer(CallRef, oneshot::Sender<Result<(), PhoneError>>),
    Decline(CallRef, oneshot::Sender<Result<(), PhoneError>>),
    Hangup(CallRef, oneshot::Sender<Result<(), PhoneError>>),
    Mute(CallRef, bool, oneshot::Sender<Result<(), PhoneError>>),
    Hold(CallRef, bool, oneshot::Sender<Result<(), PhoneError>>),
    Dtmf(CallRef, char, oneshot::Sender<Result<(), PhoneError>>),
    /// Send the queued hold/resume again (after a 491).
    Retry(CallRef, oneshot::Sender<Result<(), PhoneError>>),
    Devices(DeviceChoice, oneshot::Sender<Result<(), PhoneError>>),
    /// A text message (SIP MESSAGE): answered once the server has taken it or refused it.
    Message(String, String, oneshot::Sender<Result<(), PhoneError>>),
    /// The call's first RTP packet arrived.
    AudioArrived(CallRef),
    DtmfReceived(CallRef, char),
    /// The call's media connection failed for good.
    MediaFailed(CallRef),
    /// Hang up everything, unregister, stop.
    Shutdown,
}

/// A running phone; dropping it stops it.
pub struct Phone {
    commands: mpsc::UnboundedSender<Command>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Phone {
    /// Hangs up every call and unregisters (the task finishes on its own), unless the runtime
    /// is going away too.
    fn drop(&mut self) {
        if self.commands.send(Command::Shutdown).is_err() {
            self.task.abort();
        }
    }
}

macro_rules! ask {
    ($self:ident, $variant:ident $(, $arg:expr)*) => {{
        let (tx, rx) = oneshot::channel();
        $self.commands.send(Command::$variant($($arg,)* tx)).map_err(|_| PhoneError::Stopped)?;
        rx.await.map_err(|_| PhoneError::Stopped)?
    }};
}

impl Phone {
    pub fn start(settings: PhoneSettings) -> (Phone, mpsc::UnboundedReceiver<PhoneEvent>) {
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (events, event_rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(settings, commands.downgrade(), command_rx, events));
        (Phone { commands, task }, event_rx)
    }

    /// Calls a number or `sip:` address.
    pub async fn dial(&self, target: &str) -> Result<CallRef, PhoneError> {
        ask!(self, Dial, target.to_string())
    }

    pub async fn answer(&self, call: &CallRef) -> Result<(), PhoneError> {
        ask!(self, Answer, call.clone())
    }

    pub async fn decline(&self, call: &CallRef) -> Result<(), PhoneError> {
        ask!(self, Decline, call.clone())
    }

    pub async fn hangup(&self, call: &CallRef) -> Result<(), PhoneError> {
        ask!(self, Hangup, call.clone())
    }

    pub async fn mute(&self, call: &CallRef, muted: bool) -> Result<(), PhoneError> {
        ask!(self, Mute, call.clone(), muted)
    }

    pub async fn hold(&self, call: &CallRef, on_hold: bool) -> Result<(), PhoneError> {
        ask!(self, Hold, call.clone(), on_hold)
    }

    pub async fn dtmf(&self, call: &CallRef, digit: char) -> Result<(), PhoneError> {
        ask!(self, Dtmf, call.clone(), digit)
    }

    /// Uses other devices from now on — also for the calls going on, which carry on through
    /// the new headset (mute state kept).
    pub async fn set_devices(&self, devices: DeviceChoice) -> Result<(), PhoneError> {
        ask!(self, Devices, devices)
    }

    /// Sends a text message (SIP MESSAGE) to a number or `sip:` address; returns once the
    /// server has accepted it (2xx).
    pub async fn send_message(&self, target: &str, body: &str) -> Result<(), PhoneError> {
        ask!(self, Message, target.to_string(), body.to_string())
    }
}

struct Actor {
    settings: PhoneSettings,
    /// Commands the actor sends itself (a retry after a 491); weak, so that the phone's owner
    /// letting go still ends it.
    myself: mpsc::WeakUnboundedSender<Command>,
    signalling: Signalling,
    calls: HashMap<CallRef, Entry>,
    events: mpsc::UnboundedSender<PhoneEvent>,
    /// Text messages waiting for the server's answer.
    messages: HashMap<MessageRef, oneshot::Sender<Result<(), PhoneError>>>,
    /// The default devices stopped too, and the seller was told.
    gone_reported: bool,
    /// When failed devices were opened again (the last [`REOPENS_WITHIN`]).
    reopened: Vec<std::time::Instant>,
}

async fn run(
    settings: PhoneSettings,
    myself: mpsc::WeakUnboundedSender<Command>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<PhoneEvent>,
) {
    let (signalling, mut sip) = Signalling::start(settings.server.clone());
    let mut actor = Actor {
        settings,
        myself,
        signalling,
        calls: HashMap::new(),
        events,
        messages: HashMap::new(),
        gone_reported: false,
        reopened: Vec::new(),
    };
    let mut quality = tokio::time::interval(QUALITY_EVERY);
    let mut devices = tokio::time::interval(DEVICE_CHECK_EVERY);
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                Some(Command::Shutdown) | None => break,
                Some(c) => actor.command(c).await,
            },
            Some(event) = sip.recv() => actor.sip_event(event).await,
            _ = quality.tick() => actor.measure().await,
            _ = devices.tick() => actor.check_devices(),
        }
    }
    for call in actor.calls.keys().cloned().collect::<Vec<_>>() {
        let _ = actor.signalling.with(move |ua| ua.hangup(&call)).await;
    }
    actor.signalling.shutdown().await;
}

impl Actor {
    /// Tell the actor when the call's first RTP packet arrives.
    fn watch_audio(&self, call: &CallRef, media: &mut MediaSession) {
        if let Some(mut digits) = media.take_received_digits() {
            let (me, c) = (self.myself.clone(), call.clone());
            tokio::spawn(async move {
                while let Some(d) = digits.recv().await {
                    let Some(tx) = me.upgrade() else { break };
                    let _ = tx.send(Command::DtmfReceived(c.clone(), d));
                }
            });
        }
        let mut receiving = media.receiving();
        let (me, c) = (self.myself.clone(), call.clone());
        tokio::spawn(async move {
            if receiving.wait_for(|r| *r).await.is_ok()
                && let Some(tx) = me.upgrade()
            {
                let _ = tx.send(Command::AudioArrived(c));
            }
        });
        // The media connection failing for good (the far end vanished without a BYE) ends the
        // call as dropped.
        let failed = media.failed();
        let (me, c) = (self.myself.clone(), call.clone());
        tokio::spawn(async move {
            failed.await;
            if let Some(tx) = me.upgrade() {
                let _ = tx.send(Command::MediaFailed(c));
            }
        });
    }

    fn emit(&self, call: &CallRef) {
        if let Some(e) = self.calls.get(call) {
            let _ = self.events.send(PhoneEvent::Call(e.view.clone()));
        }
    }

    fn open_audio(&self) -> Result<Audio, PhoneError> {
        let (card, mic, speaker, controls): (_, Box<dyn AudioSource>, Box<dyn AudioSink>, _) =
            match &self.settings.audio {
                AudioChoice::SoundCard(devices) => {
                    let (card, mic, speaker, controls) = match SoundCard::open(devices) {
                        // The chosen headset is not plugged in: the system's devices, and say so.
                        Err(AudioError::DeviceNotFound(_))
                            if *devices != DeviceChoice::default() =>
                        {
                            let opened = SoundCard::open(&DeviceChoice::default())?;
                            let _ = self
                                .events
                                .send(PhoneEvent::AudioDevicesGone { moved: true });
                            opened
                        }
                        other => other?,
                    };
                    let (mic, speaker) = with_echo_cancellation(mic, speaker);
                    (Some(card), mic, speaker, controls)
                }
                AudioChoice::Custom(make) => {
                    let (mic, speaker) = make();
                    (None, mic, speaker, Controls::default())
                }
            };
        Ok(Audio {
            card,
            mic: SharedMic(Arc::new(Mutex::new(mic)), Arc::new(AtomicBool::new(false))),
            speaker: SharedSpeaker(Arc::new(Mutex::new(speaker))),
            controls,
            talking: false,
        })
    }

    async fn command(&mut self, command: Command) {
        match command {
            Command::Dial(target, reply) => {
                let _ = reply.send(self.dial(&target).await);
            }
            Command::Answer(call, reply) => {
                let _ = reply.send(self.answer(&call).await);
            }
            Command::Decline(call, reply) => {
                let c = call.clone();
                let r = self.signalling.with(move |ua| ua.decline(&c, false)).await;
                let _ = reply.send(flatten(r));
            }
            Command::Hangup(call, reply) => {
                let c = call.clone();
                let r = self.signalling.with(move |ua| ua.hangup(&c)).await;
                let _ = reply.send(flatten(r));
            }
            Command::Mute(call, muted, reply) => {
                let r = match self.calls.get_mut(&call) {
                    Some(e) => {
                        if let Some(a) = &e.audio {
                            a.controls.set_muted(muted);
                            a.mic.1.store(muted, Ordering::Relaxed);
                        }
                        e.view.muted = muted;
                        Ok(())
                    }
                    None => Err(PhoneError::NoSuchCall),
                };
                self.emit(&call);
                let _ = reply.send(r);
            }
            Command::Hold(call, on_hold, reply) => {
                let _ = reply.send(self.hold(&call, on_hold).await);
            }
            Command::Shutdown => {}
            Command::Devices(devices, reply) => {
                let _ = reply.send(self.switch_devices(devices));
            }
            Command::Retry(call, reply) => {
                let hold = self.calls.get_mut(&call).and_then(|e| e.queued_hold.take());
                let r = match hold {
                    Some(h) => self.hold(&call, h).await,
                    None => Ok(()),
                };
                let _ = reply.send(r);
            }
            Command::MediaFailed(call) => {
                if self.calls.contains_key(&call) {
                    tracing::warn!("the call's media connection failed; ending it");
                    let c = call.clone();
                    let _ = self.signalling.with(move |ua| ua.hangup(&c)).await;
                    self.finish(&call, CallEnd::Trouble("the connection was lost".into()))
                        .await;
                }
            }
            Command::DtmfReceived(call, digit) => {
                if self.calls.contains_key(&call) {
                    let _ = self.events.send(PhoneEvent::Dtmf { call, digit });
                }
            }
            Command::AudioArrived(call) => {
                if let Some(e) = self.calls.get_mut(&call) {
                    e.view.audio_received = true;
                }
                self.emit(&call);
            }
            Command::Message(target, body, reply) => {
                let sent = self
                    .signalling
                    .with(move |ua| ua.send_message(&target, "text/plain;charset=UTF-8", &body))
                    .await;
                match flatten(sent) {
                    Ok(id) => {
                        self.messages.insert(id, reply);
                    }
                    Err(e) => {
                        let _ = reply.send(Err(e));
                    }
                }
            }
            Command::Dtmf(call, digit, reply) => {
                // RFC 4733 events in the media when the far end agreed to them, else SIP INFO.
                let in_media = self
                    .calls
                    .get(&call)
                    .and_then(|e| e.media.as_ref())
                    .is_some_and(|m| m.send_dtmf(digit));
                if in_media {
                    let _ = reply.send(Ok(()));
                    return;
                }
                let c = call.clone();
                let r = self
                    .signalling
                    .with(move |ua| ua.send_dtmf_info(&c, digit))
                    .await;
                let _ = reply.send(flatten(r));
            }
        }
    }

    async fn dial(&mut self, target: &str) -> Result<CallRef, PhoneError> {
        let audio = self.open_audio()?;
        let mut media =
            MediaSession::new(self.settings.media.clone(), Box::new(audio.speaker.clone())).await?;
        let offer = match media.offer().await {
            Ok(offer) => offer,
            Err(e) => {
                media.close().await;
                return Err(e.into());
            }
        };
        let t = target.to_string();
        let call = match flatten(self.signalling.with(move |ua| ua.call(&t, &offer)).await) {
            Ok(call) => call,
            Err(e) => {
                // Refused before it went out (offline, a bad number): free the media.
                media.close().await;
                return Err(e);
            }
        };
        let remote = target.to_string();
        self.watch_audio(&call, &mut media);
        self.calls.insert(
            call.clone(),
            Entry {
                view: CallView {
                    call: call.clone(),
                    outgoing: true,
                    remote,
                    status: CallStatus::Dialing,
                    muted: false,
                    quality: None,
                    ended: None,
                    audio_received: false,
                },
                media: Some(media),
                audio: Some(audio),
                ringback: None,
                ringer: None,
                offer: None,
                answered_early: false,
                reinvite_in_flight: false,
                queued_hold: None,
            },
        );
        self.emit(&call);
        Ok(call)
    }

    async fn answer(&mut self, call: &CallRef) -> Result<(), PhoneError> {
        let offer = self
            .calls
            .get(call)
            .and_then(|e| e.offer.clone())
            .ok_or(PhoneError::NoSuchCall)?;
        // The ringing stops (and frees the speaker) before the call opens the devices.
        if let Some(e) = self.calls.get_mut(call) {
            if let Some(r) = e.ringback.take() {
                r.abort();
            }
            e.ringer = None;
        }
        let audio = self.open_audio()?;
        // A mute pressed while it rang holds from the first word.
        let muted = self.calls.get(call).is_some_and(|e| e.view.muted);
        audio.controls.set_muted(muted);
        audio.mic.1.store(muted, Ordering::Relaxed);
        let mut media =
            MediaSession::new(self.settings.media.clone(), Box::new(audio.speaker.clone())).await?;
        let answered = match media.answer(&offer).await {
            Ok(answer) => {
                let c = call.clone();
                flatten(self.signalling.with(move |ua| ua.answer(&c, &answer)).await)
            }
            Err(e) => Err(e.into()),
        };
        if let Err(e) = answered {
            // The caller may have given up meanwhile: free the media.
            media.close().await;
            return Err(e);
        }
        self.watch_audio(call, &mut media);
        let Some(entry) = self.calls.get_mut(call) else {
            media.close().await;
            return Err(PhoneError::NoSuchCall);
        };
        entry.offer = None;
        entry.view.status = CallStatus::Connected;
        entry.audio = Some(audio);
        entry.media = Some(media);
        self.start_talking(call).await;
        self.emit(call);
        Ok(())
    }

    async fn hold(&mut self, call: &CallRef, on_hold: bool) -> Result<(), PhoneError> {
        let entry = self.calls.get_mut(call).ok_or(PhoneError::NoSuchCall)?;
        if !matches!(
            entry.view.status,
            CallStatus::Connected | CallStatus::OnHold
        ) {
            return Err(PhoneError::NotConnected);
        }
        let wanted = if on_hold {
            CallStatus::OnHold
        } else {
            CallStatus::Connected
        };
        if entry.reinvite_in_flight {
            // One offer at a time (RFC 3261 §14.1): this one goes when the last is answered.
            entry.queued_hold = Some(on_hold);
            entry.view.status = wanted;
            self.emit(call);
            return Ok(());
        }
        let before = entry.view.status;
        let media = entry.media.as_mut().ok_or(PhoneError::NoSuchCall)?;
        let offer = media
            .reoffer(if on_hold { "sendonly" } else { "sendrecv" })
            .await?;
        let c = call.clone();
        let sent = flatten(
            self.signalling
                .with(move |ua| ua.reinvite(&c, &offer))
                .await,
        );
        let entry = self.calls.get_mut(call).ok_or(PhoneError::NoSuchCall)?;
        if let Err(e) = sent {
            // Nothing went out: the call stays as it was.
            if let Some(media) = entry.media.as_ref() {
                media.set_sending(before == CallStatus::Connected);
            }
            return Err(e);
        }
        entry.reinvite_in_flight = true;
        entry.view.status = wanted;
        self.emit(call);
        Ok(())
    }

    /// The microphone starts feeding the call.
    async fn start_talking(&mut self, call: &CallRef) {
        let Some(entry) = self.calls.get_mut(call) else {
            return;
        };
        if let Some(r) = entry.ringback.take() {
            r.abort();
        }
        let mic = match entry.audio.as_mut() {
            Some(a) if !a.talking => {
                a.talking = true;
                Some(a.mic.clone())
            }
            _ => None,
        };
        if let (Some(media), Some(mic)) = (entry.media.as_mut(), mic)
            && let Err(e) = media
                .start_sending(Box::new(mic) as Box<dyn AudioSource>)
                .await
        {
            tracing::warn!(error = %e, "the microphone could not feed the call");
        }
    }

    async fn finish(&mut self, call: &CallRef, end: CallEnd) {
        let Some(mut entry) = self.calls.remove(call) else {
            return;
        };
        if let Some(r) = entry.ringback.take() {
            r.abort();
        }
        if let Some(media) = entry.media.take() {
            entry.view.quality = Some(media.quality().await);
            media.close().await;
        }
        entry.view.status = CallStatus::Ended;
        entry.view.ended = Some(end);
        let _ = self.events.send(PhoneEvent::Call(entry.view));
    }

    async fn sip_event(&mut self, event: UaEvent) {
        match event {
            UaEvent::Registered { .. } => {
                let _ = self.events.send(PhoneEvent::Registered);
            }
            UaEvent::RegistrationFailed { cause, .. } => {
                let _ = self.events.send(PhoneEvent::NotRegistered {
                    reason: cause.describe().to_string(),
                });
            }
            UaEvent::Unregistered => {
                let _ = self.events.send(PhoneEvent::NotRegistered {
                    reason: "unregistered".to_string(),
                });
            }
            UaEvent::ConnectionFailed { reason } => {
                let _ = self.events.send(PhoneEvent::NotRegistered { reason });
            }
            UaEvent::Incoming {
                call, from, sdp, ..
            } => {
                self.calls.insert(
                    call.clone(),
                    Entry {
                        view: CallView {
                            call: call.clone(),
                            outgoing: false,
                            remote: from,
                            status: CallStatus::Incoming,
                            muted: false,
                            quality: None,
                            ended: None,
                            audio_received: false,
                        },
                        media: None,
                        audio: None,
                        ringback: None,
                        ringer: None,
                        offer: Some(sdp),
                        answered_early: false,
                        reinvite_in_flight: false,
                        queued_hold: None,
                    },
                );
                self.ring(&call);
                self.emit(&call);
            }
            UaEvent::Ringing { call } => {
                if let Some(e) = self.calls.get_mut(&call)
                    && e.view.status == CallStatus::Dialing
                {
                    e.view.status = CallStatus::Ringing;
                    if let Some(a) = &e.audio {
                        e.ringback = Some(tokio::spawn(ringback(a.speaker.clone())));
                    }
                    self.emit(&call);
                }
            }
            UaEvent::EarlyMedia { call, sdp } => {
                if let Some(e) = self.calls.get_mut(&call) {
                    if let Some(r) = e.ringback.take() {
                        r.abort();
                    }
                    if !e.answered_early
                        && let Some(media) = e.media.as_mut()
                        && media.accept_answer(&sdp).await.is_ok()
                    {
                        e.answered_early = true;
                    }
                    e.view.status = CallStatus::EarlyMedia;
                    self.emit(&call);
                }
            }
            UaEvent::Answered { call, sdp } => {
                let Some(e) = self.calls.get_mut(&call) else {
                    return;
                };
                let applied = match (e.answered_early, e.media.as_mut()) {
                    (true, _) => Ok(()),
                    (false, Some(media)) => media.accept_answer(&sdp).await,
                    (false, None) => Ok(()),
                };
                if let Err(err) = applied {
                    let c = call.clone();
                    let _ = self.signalling.with(move |ua| ua.hangup(&c)).await;
                    self.finish(&call, CallEnd::Trouble(err.to_string())).await;
                    return;
                }
                e.view.status = CallStatus::Connected;
                self.start_talking(&call).await;
                self.emit(&call);
            }
            UaEvent::Offer { call, sdp } => {
                let Some(e) = self.calls.get_mut(&call) else {
                    return;
                };
                let Some(media) = e.media.as_mut() else {
                    return;
                };
                match media.answer(&sdp).await {
                    Ok(answer) => {
                        let c = call.clone();
                        let _ = self
                            .signalling
                            .with(move |ua| ua.accept_offer(&c, &answer))
                            .await;
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "could not answer the new offer");
                        let c = call.clone();
                        let _ = self
                            .signalling
                            .with(move |ua| ua.reject_offer(&c, 488))
                            .await;
                    }
                }
            }
            UaEvent::Updated { call, sdp } => {
                if let Some(media) = self.calls.get_mut(&call).and_then(|e| e.media.as_mut())
                    && let Err(err) = media.accept_answer(&sdp).await
                {
                    tracing::warn!(error = %err, "could not apply the answer to our new offer");
                }
                self.reinvite_done(&call).await;
            }
            UaEvent::ReinviteRefused { call, code } => {
                let wanted_hold = self
                    .calls
                    .get(&call)
                    .map(|e| e.view.status == CallStatus::OnHold);
                if code == 491
                    && let Some(hold) = wanted_hold
                {
                    // Both sides offered at once: try again after 2.1–4 s (RFC 3261 §14.1).
                    let e = self.calls.get_mut(&call).expect("present");
                    if e.queued_hold.is_none() {
                        e.queued_hold = Some(hold);
                    }
                    e.reinvite_in_flight = false;
                    let wait =
                        Duration::from_millis(2100 + u64::from(rand::random::<u16>() % 1900));
                    let commands = self.myself.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(wait).await;
                        let (tx, _rx) = oneshot::channel();
                        if let Some(commands) = commands.upgrade() {
                            let _ = commands.send(Command::Retry(call, tx));
                        }
                    });
                    return;
                }
                // Refused: back to how the call was before we asked.
                if let Some(e) = self.calls.get_mut(&call) {
                    e.view.status = match e.view.status {
                        CallStatus::OnHold => CallStatus::Connected,
                        _ => CallStatus::OnHold,
                    };
                    if let Some(media) = e.media.as_ref() {
                        media.set_sending(e.view.status == CallStatus::Connected);
                    }
                }
                self.emit(&call);
                self.reinvite_done(&call).await;
            }
            UaEvent::Failed {
                call, code, cause, ..
            } => {
                self.finish(&call, CallEnd::Failed { code, cause }).await;
            }
            UaEvent::Ended { call, why } => self.finish(&call, CallEnd::Hangup(why)).await,
            UaEvent::MessageReceived { from, body, .. } => {
                let _ = self.events.send(PhoneEvent::Message { from, body });
            }
            UaEvent::MessageSent { id } => {
                if let Some(reply) = self.messages.remove(&id) {
                    let _ = reply.send(Ok(()));
                }
            }
            UaEvent::MessageFailed {
                id, code, cause, ..
            } => {
                if let Some(reply) = self.messages.remove(&id) {
                    let _ = reply.send(Err(PhoneError::MessageRefused { code, cause }));
                }
            }
            UaEvent::Dtmf { call, digit } => {
                let _ = self.events.send(PhoneEvent::Dtmf { call, digit });
            }
        }
    }

    /// Opens the new devices first (so a failure changes nothing), then moves every call with
    /// audio over to them; the old devices close.
    fn switch_devices(&mut self, devices: DeviceChoice) -> Result<(), PhoneError> {
        let previous = std::mem::replace(
            &mut self.settings.audio,
            AudioChoice::SoundCard(devices.clone()),
        );
        for entry in self.calls.values_mut() {
            let Some(audio) = entry.audio.as_mut() else {
                continue;
            };
            let (card, mic, speaker, controls) = match SoundCard::open(&devices) {
                Ok(opened) => opened,
                Err(e) => {
                    self.settings.audio = previous;
                    return Err(e.into());
                }
            };
            controls.set_muted(audio.controls.is_muted());
            let (mic, speaker) = with_echo_cancellation(mic, speaker);
            if let Ok(mut m) = audio.mic.0.lock() {
                *m = mic;
            }
            if let Ok(mut s) = audio.speaker.0.lock() {
                *s = speaker;
            }
            audio.controls = controls;
            audio.card = Some(card);
        }
        Ok(())
    }

    /// Ring the sound card's speaker for an incoming call (not for other audio: the CLI's files,
    /// tests).
    fn ring(&mut self, call: &CallRef) {
        let AudioChoice::SoundCard(devices) = &self.settings.audio else {
            return;
        };
        let opened =
            SoundCard::open(devices).or_else(|_| SoundCard::open(&DeviceChoice::default()));
        let Ok((card, _mic, speaker, _)) = opened else {
            tracing::warn!("no speaker to ring on");
            return;
        };
        if let Some(e) = self.calls.get_mut(call) {
            e.ringback = Some(tokio::spawn(ringtone(Box::new(speaker))));
            e.ringer = Some(card);
        }
    }

    /// A microphone or speaker that stopped working mid-call: opened again if it is still
    /// plugged in, else (or if it fails again at once) replaced by the system's default; the
    /// owner is told when the call moved or nothing works.
    fn check_devices(&mut self) {
        let lost = self
            .calls
            .values()
            .filter_map(|e| e.audio.as_ref())
            .filter(|a| a.card.is_some())
            .map(|a| a.controls.lost())
            .fold(LostDevices::default(), |all, l| LostDevices {
                microphone: all.microphone || l.microphone,
                speaker: all.speaker || l.speaker,
            });
        if !lost.any() {
            return;
        }
        let AudioChoice::SoundCard(chosen) = &self.settings.audio else {
            return;
        };
        let (microphones, speakers) = sound_card::devices();
        let plugged = Plugged {
            microphones: &microphones,
            speakers: &speakers,
        };
        self.reopened.retain(|t| t.elapsed() < REOPENS_WITHIN);
        let keeps_failing = self.reopened.len() >= MAX_REOPENS;
        let (moved, worked) = match recover(chosen, lost, plugged, keeps_failing) {
            Recovery::Reopen(devices) => {
                self.reopened.push(std::time::Instant::now());
                let worked = self.switch_devices(devices).is_ok();
                tracing::info!(worked, "audio device failed mid-call: opened again");
                (false, worked)
            }
            Recovery::Move(devices) => {
                let worked = self.switch_devices(devices).is_ok();
                (worked, worked)
            }
            Recovery::GiveUp => (false, false),
        };
        if moved {
            self.gone_reported = false;
        }
        if moved || (!worked && !self.gone_reported) {
            self.gone_reported = !moved;
            tracing::warn!(moved, "an audio device stopped working during a call");
            let _ = self.events.send(PhoneEvent::AudioDevicesGone { moved });
        }
    }

    /// Our re-INVITE was answered (or refused): send the one that waited, if any.
    async fn reinvite_done(&mut self, call: &CallRef) {
        let Some(e) = self.calls.get_mut(call) else {
            return;
        };
        e.reinvite_in_flight = false;
        if let Some(hold) = e.queued_hold.take()
            && let Err(err) = self.hold(call, hold).await
        {
            tracing::warn!(error = %err, "could not send the waiting hold/resume");
        }
    }

    async fn measure(&mut self) {
        let connected: Vec<CallRef> = self
            .calls
            .iter()
            .filter(|(_, e)| e.view.status == CallStatus::Connected)
            .map(|(c, _)| c.clone())
            .collect();
        for call in connected {
            if let Some(e) = self.calls.get_mut(&call)
                && let Some(media) = &e.media
            {
                e.view.quality = Some(media.quality().await);
            }
            self.emit(&call);
        }
    }
}

/// The sound card's microphone and speaker with the speaker's echo and steady noise taken out
/// of the microphone (SpeexDSP); without it if it cannot start.
fn with_echo_cancellation(
    mic: crate::sound_card::Microphone,
    speaker: crate::sound_card::Speaker,
) -> (Box<dyn AudioSource>, Box<dyn AudioSink>) {
    match crate::echo::cancel_echo(mic, speaker) {
        Ok((mic, speaker)) => (Box::new(mic), Box::new(speaker)),
        Err((mic, speaker)) => {
            tracing::warn!("echo cancellation could not start; the call goes on without it");
            (Box::new(mic), Box::new(speaker))
        }
    }
}

fn flatten<T>(
    r: Result<Result<T, SipError>, crate::signalling::SignallingError>,
) -> Result<T, PhoneError> {
    match r {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(PhoneError::Sip(e)),
        Err(_) => Err(PhoneError::Stopped),
    }
}
