//! The softphone as the app runs it: the seller's SIP account (password in the OS keyring),
//! the phone itself, and the phone call activities (R14) — each call logged when it is placed
//! and updated when it ends, in the same way as every other command (one transaction, with its
//! outbox row). The window sees one [`PhoneStatus`] snapshot after every change.

mod account;
mod outcome;
mod status;

pub use account::{AccountProblem, PhoneAccount};
pub use outcome::{outcome_of, outcome_text};
pub use status::{AudioNotice, CallInfo, CallPhase, PhoneStatus, Registration};

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use nextline_domain::dialplan::{ContactNumber, ContactWarning, DialTarget, NumberKind, normalise};
use nextline_domain::{
    ActivityId, CallDirection, CallOutcome, CallQualityScore, Command, RecordId,
};
use nextline_phone::sip::{Account, CallRef};
use nextline_phone::sound_card::{AudioDevice, DeviceChoice};
use nextline_phone::test_call::TestCall;
use nextline_phone::{
    AudioChoice, AudioFactory, CallStatus, CallView, IceServer, MediaOptions, Phone, PhoneEvent,
    PhoneSettings, SipServer,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};
use ts_rs::TS;

use crate::secrets::{SecretKey, SecretStore};
use crate::{App, CoreError, Result};

/// Store keys of the phone's settings (never the password).
const ACCOUNT_KEY: &str = "phone.account";
const DEVICES_KEY: &str = "phone.devices";
const RECENT_KEY: &str = "phone.recent";
/// How long the Test call waits before playing the seller's voice back.
const TEST_CALL_DELAY: Duration = Duration::from_secs(1);
/// How many dialled numbers the dial pad remembers.
const RECENT_MAX: usize = 10;
/// Which program's calls these are (the CLI's are "cli"): each closes its own calls left open
/// by a crash.
pub const PLACED_BY_APP: &str = "app";

/// The account as the Settings form shows it: the fields, and whether a password is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhoneAccountView {
    pub account: PhoneAccount,
    pub has_password: bool,
    /// A TURN password is kept for the account's TURN user.
    pub has_turn_password: bool,
}

/// The sound devices there are, and the ones chosen (None: the system's default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AudioDevices {
    pub microphones: Vec<AudioDeviceView>,
    pub speakers: Vec<AudioDeviceView>,
    pub microphone: Option<String>,
    pub speaker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AudioDeviceView {
    pub id: String,
    pub name: String,
}

/// The devices chosen in Settings or the call panel, remembered across starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DeviceSelection {
    pub microphone: Option<String>,
    pub speaker: Option<String>,
}

impl From<DeviceSelection> for DeviceChoice {
    fn from(d: DeviceSelection) -> DeviceChoice {
        DeviceChoice {
            microphone: d.microphone,
            speaker: d.speaker,
        }
    }
}

impl From<&AudioDevice> for AudioDeviceView {
    fn from(d: &AudioDevice) -> Self {
        AudioDeviceView {
            id: d.id.clone(),
            name: d.name.clone(),
        }
    }
}

/// Where calls' audio goes.
#[derive(Clone)]
pub enum AudioMode {
    /// The sound card, through the devices chosen in Settings.
    SoundCard,
    /// Something else (tests, the CLI's WAV files).
    Custom(AudioFactory),
}

/// What the softphone needs besides the app.
pub struct SoftphoneOptions {
    pub secrets: Arc<dyn SecretStore>,
    pub audio: AudioMode,
    /// Where the media binds (all interfaces in the app; loopback in tests).
    pub udp_addr: String,
}

/// The app's softphone. Cheap to clone.
#[derive(Clone)]
pub struct Softphone {
    inner: Arc<Inner>,
}

struct Inner {
    app: App,
    options: SoftphoneOptions,
    state: Mutex<State>,
    status: watch::Sender<PhoneStatus>,
    /// Text messages (SIP MESSAGE) that arrive: `(from, body)`.
    messages: tokio::sync::broadcast::Sender<(String, String)>,
}

#[derive(Default)]
struct State {
    phone: Option<Arc<Phone>>,
    /// Bumped whenever the phone is replaced, so a stopped phone's events are ignored.
    generation: u64,
    account: Option<PhoneAccount>,
    registration: Option<Registration>,
    calls: Vec<Tracked>,
    recent: Vec<String>,
    /// The Test call, while it runs, and the microphone's level it last read.
    test_call: Option<TestCall>,
    test_level: u32,
    /// The headset stopped working during a call (cleared by the next call).
    audio_notice: Option<AudioNotice>,
}

/// A call and what the app knows about it beyond the phone.
struct Tracked {
    call: CallRef,
    info: CallInfo,
    /// The dial plan's next number (the mobile after the business number).
    fallback: Option<ContactNumber>,
    /// The Up Next activity it was made for.
    for_activity: Option<ActivityId>,
    logged: bool,
    ended_logged: bool,
}

/// What to call: a record (its dial plan, or a number the seller chose for it), or a number.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallRequest {
    pub record: Option<RecordId>,
    /// The number typed on the dial pad or picked in the panel; else the dial plan's.
    pub number: Option<String>,
    /// The Up Next activity the call is for (its name becomes the call's subject, R14).
    pub for_activity: Option<ActivityId>,
    /// R13: the seller confirmed calling a contact who asked not to be phoned.
    #[serde(default)]
    pub do_not_phone_confirmed: bool,
}

impl Softphone {
    /// A softphone for `app`; nothing starts until [`Softphone::start`].
    pub fn new(app: App, options: SoftphoneOptions) -> Softphone {
        let (status, _) = watch::channel(PhoneStatus::default());
        let (messages, _) = tokio::sync::broadcast::channel(64);
        Softphone {
            inner: Arc::new(Inner {
                app,
                options,
                state: Mutex::new(State::default()),
                status,
                messages,
            }),
        }
    }

    /// Close the calls a crash left open (R14: recorded exactly once), then start the phone when
    /// an account is set up.
    pub async fn start(&self) -> Result<()> {
        self.close_interrupted_calls().await?;
        let account: Option<PhoneAccount> = self.inner.app.store().get(ACCOUNT_KEY).await?;
        let recent: Vec<String> = self
            .inner
            .app
            .store()
            .get(RECENT_KEY)
            .await?
            .unwrap_or_default();
        {
            let mut s = self.lock();
            s.account = account.clone();
            s.recent = recent;
        }
        if let Some(account) = account.filter(PhoneAccount::is_set_up) {
            self.start_phone(&account).await?;
        }
        self.publish();
        Ok(())
    }

    async fn close_interrupted_calls(&self) -> Result<()> {
        self.inner.app.close_calls_left_open(PLACED_BY_APP).await?;
        Ok(())
    }

    pub fn status(&self) -> PhoneStatus {
        self.inner.status.borrow().clone()
    }

    /// A new snapshot after every change.
    pub fn subscribe(&self) -> watch::Receiver<PhoneStatus> {
        self.inner.status.subscribe()
    }

    pub async fn account(&self) -> Result<PhoneAccountView> {
        let account: PhoneAccount = self
            .inner
            .app
            .store()
            .get(ACCOUNT_KEY)
            .await?
            .unwrap_or_default();
        let has_password = account.is_set_up()
            && self
                .inner
                .options
                .secrets
                .get(&sip_key(&account))?
                .is_some();
        let has_turn_password = match account.turn_user.as_deref() {
            Some(user) if !user.trim().is_empty() => self
                .inner
                .options
                .secrets
                .get(&SecretKey::TurnPassword {
                    account: user.trim().to_string(),
                })?
                .is_some(),
            _ => false,
        };
        Ok(PhoneAccountView {
            account,
            has_password,
            has_turn_password,
        })
    }

    /// Save the account (and a new password, into the keyring only), then reconnect with it.
    /// An empty password keeps the one in the keyring.
    pub async fn save_account(
        &self,
        account: PhoneAccount,
        password: Option<String>,
        turn_password: Option<String>,
    ) -> Result<()> {
        let problems = account.problems();
        if !problems.is_empty() {
            return Err(CoreError::PhoneAccountInvalid(problems));
        }
        let account = PhoneAccount {
            server_url: account.server_url.trim().to_string(),
            user: account.user.trim().to_string(),
            domain: account.domain.trim().to_string(),
            ..account
        };
        let secrets = &self.inner.options.secrets;
        match password.filter(|p| !p.is_empty()) {
            Some(p) => secrets.set(&sip_key(&account), &p)?,
            None if secrets.get(&sip_key(&account))?.is_none() => {
                return Err(CoreError::PhonePasswordMissing);
            }
            None => {}
        }
        if let (Some(user), Some(p)) = (
            account
                .turn_user
                .as_deref()
                .filter(|u| !u.trim().is_empty()),
            turn_password.filter(|p| !p.is_empty()),
        ) {
            secrets.set(
                &SecretKey::TurnPassword {
                    account: user.trim().to_string(),
                },
                &p,
            )?;
        }
        self.inner.app.store().set(ACCOUNT_KEY, &account).await?;
        self.lock().account = Some(account.clone());
        self.start_phone(&account).await?;
        tracing::info!("phone account saved");
        Ok(())
    }

    /// Forget the account and its password; the phone stops.
    pub async fn remove_account(&self) -> Result<()> {
        let old: Option<PhoneAccount> = self.inner.app.store().get(ACCOUNT_KEY).await?;
        if let Some(old) = old.filter(PhoneAccount::is_set_up) {
            self.inner.options.secrets.delete(&sip_key(&old))?;
        }
        self.inner
            .app
            .store()
            .set(ACCOUNT_KEY, &PhoneAccount::default())
            .await?;
        {
            let mut s = self.lock();
            s.phone = None;
            s.generation += 1;
            s.account = None;
            s.registration = None;
        }
        self.publish();
        Ok(())
    }

    async fn start_phone(&self, account: &PhoneAccount) -> Result<()> {
        let password = self
            .inner
            .options
            .secrets
            .get(&sip_key(account))?
            .ok_or(CoreError::PhonePasswordMissing)?;
        let turn_password = match (&account.turn_server, &account.turn_user) {
            (Some(_), Some(user)) => self.inner.options.secrets.get(&SecretKey::TurnPassword {
                account: user.clone(),
            })?,
            _ => None,
        };
        let devices: DeviceSelection = self.chosen_devices().await?;
        let settings = phone_settings(
            account,
            &password,
            turn_password,
            &self.inner.options,
            devices,
        );
        let (phone, events) = Phone::start(settings);
        let generation = {
            let mut s = self.lock();
            s.phone = Some(Arc::new(phone));
            s.generation += 1;
            s.registration = Some(Registration::Connecting);
            s.generation
        };
        self.publish();
        tokio::spawn(self.clone().pump(generation, events));
        Ok(())
    }

    /// Turn the phone's events into the window's snapshot and the calls' activities.
    async fn pump(self, generation: u64, mut events: mpsc::UnboundedReceiver<PhoneEvent>) {
        while let Some(event) = events.recv().await {
            if self.lock().generation != generation {
                return;
            }
            match event {
                PhoneEvent::Registered => {
                    self.lock().registration = Some(Registration::Registered);
                    tracing::info!("phone registered");
                }
                PhoneEvent::NotRegistered { reason } => {
                    self.lock().registration = Some(Registration::Failed { reason });
                }
                PhoneEvent::Call(view) => self.on_call(view).await,
                PhoneEvent::Message { from, body } => {
                    let _ = self.inner.messages.send((from, body));
                    continue;
                }
                PhoneEvent::Dtmf { .. } => {
                    // Keys the far end presses mean nothing to a seller's window; the CLI
                    // reports them.
                    continue;
                }
                PhoneEvent::AudioDevicesGone { moved } => {
                    self.lock().audio_notice = Some(if moved {
                        AudioNotice::MovedToDefault
                    } else {
                        AudioNotice::DevicesGone
                    });
                }
            }
            self.publish();
        }
    }

    async fn on_call(&self, view: CallView) {
        let lang = self.inner.app.lang();
        let now = self.inner.app.now();
        let known = self.lock().calls.iter().any(|t| t.call == view.call);
        if !known {
            if view.outgoing {
                // Ours, but gone from the list (dismissed): nothing to show.
                return;
            }
            self.on_incoming(&view).await;
        }
        let mut to_end = None;
        let mut auto_next = None;
        {
            let mut s = self.lock();
            let auto_dial = s.account.as_ref().is_some_and(|a| a.auto_dial_mobile);
            let Some(t) = s.calls.iter_mut().find(|t| t.call == view.call) else {
                return;
            };
            t.info.phase = phase(view.status);
            t.info.muted = view.muted;
            if let Some(q) = &view.quality {
                t.info.quality = Some(score(q));
            }
            if matches!(view.status, CallStatus::Connected) && t.info.connected_at.is_none() {
                t.info.connected_at = Some(now);
            }
            if let Some(end) = &view.ended {
                let outcome = outcome_of(end, t.info.connected_at.is_some(), view.outgoing);
                t.info.outcome_text = Some(outcome_text(&outcome, end, lang));
                if outcome.try_next_number() && t.fallback.is_some() {
                    t.info.next_number = t.fallback.clone();
                    if auto_dial {
                        auto_next = Some(t.info.id.clone());
                    }
                }
                t.info.outcome = Some(outcome.clone());
                t.info.phase = CallPhase::Ended;
                if t.logged && !t.ended_logged {
                    t.ended_logged = true;
                    let talked = talk_seconds(t.info.connected_at, now);
                    to_end = t
                        .info
                        .activity
                        .map(|a| (a, outcome, talked, t.info.quality));
                }
            }
        }
        if let Some((activity, outcome, talked, quality)) = to_end {
            self.log_end(activity, outcome, talked, quality).await;
        }
        if let Some(id) = auto_next {
            self.publish();
            if let Err(e) = self.call_next_number(&id).await {
                tracing::warn!(code = e.code(), "could not dial the next number");
            }
        }
    }

    /// Someone calls: find the contact by the caller's number, show it, and log the call on
    /// the record when there is one.
    async fn on_incoming(&self, view: &CallView) {
        let number = caller_number(&view.remote);
        let app = &self.inner.app;
        let settings = app.settings().await.ok();
        let record = app.record_of_caller(&number).await.ok().flatten();
        let mut record_name = None;
        let mut who = number.clone();
        if let Some(r) = record
            && let Ok(state) = app.store().record_state(r).await
        {
            record_name = Some(state.record.name.clone());
            if !state.record.contact.name.is_empty() {
                who = state.record.contact.name.clone();
            }
        }
        let activity = ActivityId(uuid::Uuid::new_v4());
        let info = CallInfo {
            id: view.call.0.clone(),
            activity: None,
            record,
            record_name,
            subject: record.map(|_| who.clone()),
            who: who.clone(),
            number_display: display_number(&number, settings.as_ref()),
            number: number.clone(),
            direction: CallDirection::Incoming,
            phase: CallPhase::Incoming,
            muted: false,
            connected_at: None,
            quality: None,
            outcome: None,
            outcome_text: None,
            next_number: None,
            keys_sent: String::new(),
        };
        self.lock()
            .calls
            .retain(|t| t.info.phase != CallPhase::Ended);
        self.lock().calls.push(Tracked {
            call: view.call.clone(),
            info,
            fallback: None,
            for_activity: None,
            logged: false,
            ended_logged: false,
        });
        tracing::info!("incoming call");
        if let Some(record) = record {
            let logged = app
                .run(
                    None,
                    Command::LogCall {
                        call: activity,
                        record,
                        number,
                        to: who,
                        direction: CallDirection::Incoming,
                        for_activity: None,
                        placed_by: PLACED_BY_APP.to_string(),
                    },
                )
                .await;
            let mut s = self.lock();
            if let Some(t) = s.calls.iter_mut().find(|t| t.call == view.call) {
                match logged {
                    Ok(_) => {
                        t.logged = true;
                        t.info.activity = Some(activity);
                    }
                    Err(e) => tracing::warn!(code = e.code(), "incoming call not logged"),
                }
            }
        }
    }

    async fn log_end(
        &self,
        activity: ActivityId,
        outcome: CallOutcome,
        talked: Option<u32>,
        quality: Option<CallQualityScore>,
    ) {
        let done = self
            .inner
            .app
            .run(
                None,
                Command::EndCall {
                    activity,
                    outcome,
                    duration_secs: talked,
                    quality,
                },
            )
            .await;
        if let Err(e) = done {
            // The activity stays "going on"; the next start closes it as interrupted.
            tracing::warn!(code = e.code(), "call end not logged");
        }
    }

    /// Place a call (R11–R14): the number given, else the record's dial plan (business, then
    /// mobile); the phone call activity is logged before the first SIP message goes out.
    pub async fn call(&self, request: CallRequest) -> Result<CallInfo> {
        let phone = self.phone()?;
        let app = &self.inner.app;
        let settings = app.settings().await?;
        let (mut who, mut record_name, mut fallback) = (String::new(), None, None);
        let number = match request.record {
            Some(record) => {
                let state = app.store().record_state(record).await?;
                let plan = nextline_domain::dialplan::dial_plan(&state.record.contact, &settings)?;
                if plan.warnings.contains(&ContactWarning::DoNotPhone)
                    && !request.do_not_phone_confirmed
                {
                    return Err(CoreError::DoNotPhone);
                }
                who = state.record.contact.name.clone();
                record_name = Some(state.record.name.clone());
                let region =
                    nextline_domain::dialplan::contact_region(&state.record.contact, &settings)
                        .to_string();
                match (&request.number, plan.target) {
                    (Some(n), _) if is_sip_address(n) => n.clone(),
                    (Some(n), _) => {
                        let chosen = e164(n, &region)?;
                        // Calling the business number by hand still offers the mobile next.
                        if plan.fallback.as_ref().is_some_and(|f| f.e164 != chosen) {
                            fallback = plan.fallback;
                        }
                        chosen
                    }
                    (None, DialTarget::Number { number }) => {
                        if number.kind == NumberKind::Business {
                            fallback = plan.fallback;
                        }
                        number.e164
                    }
                    (None, DialTarget::DialPad) => return Err(CoreError::NumberNeeded),
                }
            }
            None => {
                let typed = request.number.as_deref().unwrap_or("");
                if is_sip_address(typed) {
                    typed.to_string()
                } else {
                    e164(typed, &settings.default_region)?
                }
            }
        };
        if who.is_empty() {
            who = number.clone();
        }
        let activity = ActivityId(uuid::Uuid::new_v4());
        let mut subject = None;
        if let Some(record) = request.record {
            let done = app
                .run(
                    None,
                    Command::LogCall {
                        call: activity,
                        record,
                        number: number.clone(),
                        to: who.clone(),
                        direction: CallDirection::Outgoing,
                        for_activity: request.for_activity,
                        placed_by: PLACED_BY_APP.to_string(),
                    },
                )
                .await?;
            subject = done
                .activities
                .iter()
                .find(|a| a.id == activity)
                .map(|a| a.subject.clone());
        }
        self.remember_number(&number).await;
        let call = match phone.dial(&number).await {
            Ok(call) => call,
            Err(e) => {
                if request.record.is_some() {
                    self.log_end(
                        activity,
                        CallOutcome::Failed {
                            code: 0,
                            reason: e.to_string(),
                        },
                        None,
                        None,
                    )
                    .await;
                }
                return Err(CoreError::Phone {
                    code: e.code(),
                    detail: e.to_string(),
                });
            }
        };
        let info = CallInfo {
            id: call.0.clone(),
            activity: request.record.map(|_| activity),
            record: request.record,
            record_name,
            subject,
            who,
            number_display: display_number(&number, Some(&settings)),
            number,
            direction: CallDirection::Outgoing,
            phase: CallPhase::Dialing,
            muted: false,
            connected_at: None,
            quality: None,
            outcome: None,
            outcome_text: None,
            next_number: None,
            keys_sent: String::new(),
        };
        {
            let mut s = self.lock();
            s.calls.retain(|t| t.info.phase != CallPhase::Ended);
            s.audio_notice = None;
            s.calls.push(Tracked {
                call,
                info: info.clone(),
                fallback,
                for_activity: request.for_activity,
                logged: request.record.is_some(),
                ended_logged: false,
            });
        }
        tracing::info!("call placed");
        self.publish();
        Ok(info)
    }

    /// R12: the business number was busy or unanswered — call the mobile now.
    pub async fn call_next_number(&self, id: &str) -> Result<CallInfo> {
        let (record, number, for_activity) = {
            let s = self.lock();
            let t = s
                .calls
                .iter()
                .find(|t| t.info.id == id)
                .ok_or(CoreError::NoSuchCall)?;
            let next = t.info.next_number.clone().ok_or(CoreError::NoSuchCall)?;
            (t.info.record, next.e164, t.for_activity)
        };
        self.call(CallRequest {
            record,
            number: Some(number),
            for_activity,
            // The seller confirmed the first call of this contact already.
            do_not_phone_confirmed: true,
        })
        .await
    }

    pub async fn hang_up(&self, id: &str) -> Result<()> {
        let (phone, call) = self.call_of(id)?;
        phone.hangup(&call).await.map_err(phone_error)
    }

    pub async fn answer(&self, id: &str) -> Result<()> {
        let (phone, call) = self.call_of(id)?;
        phone.answer(&call).await.map_err(phone_error)
    }

    pub async fn decline(&self, id: &str) -> Result<()> {
        let (phone, call) = self.call_of(id)?;
        phone.decline(&call).await.map_err(phone_error)
    }

    pub async fn mute(&self, id: &str, muted: bool) -> Result<()> {
        let (phone, call) = self.call_of(id)?;
        phone.mute(&call, muted).await.map_err(phone_error)
    }

    pub async fn hold(&self, id: &str, on_hold: bool) -> Result<()> {
        let (phone, call) = self.call_of(id)?;
        phone.hold(&call, on_hold).await.map_err(phone_error)
    }

    /// Keypad digits during a call (DTMF): 0–9, *, #, A–D.
    pub async fn send_keys(&self, id: &str, keys: &str) -> Result<()> {
        let (phone, call) = self.call_of(id)?;
        for key in keys.chars() {
            if !matches!(key, '0'..='9' | '*' | '#' | 'A'..='D') {
                return Err(CoreError::NotAKey(key));
            }
            phone.dtmf(&call, key).await.map_err(phone_error)?;
            let mut s = self.lock();
            if let Some(t) = s.calls.iter_mut().find(|t| t.info.id == id) {
                t.info.keys_sent.push(key);
            }
        }
        self.publish();
        Ok(())
    }

    /// The Test call: the seller hears their own voice a second later through the chosen
    /// devices, with no server at all. Runs until [`Softphone::stop_test_call`]; the status
    /// carries the microphone's level meanwhile.
    pub async fn start_test_call(&self) -> Result<()> {
        let devices: DeviceSelection = self.chosen_devices().await?;
        let choice = DeviceChoice::from(devices);
        let call = tokio::task::block_in_place(|| TestCall::start(&choice, TEST_CALL_DELAY))
            .map_err(|e| CoreError::Phone {
                code: e.code(),
                detail: e.to_string(),
            })?;
        let controls = call.controls.clone();
        {
            let mut s = self.lock();
            s.test_call = Some(call);
            s.test_level = 0;
        }
        self.publish();
        // The level meter, ten times a second, while the test call runs.
        let me = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tick.tick().await;
                {
                    let mut s = me.lock();
                    if s.test_call.is_none() {
                        break;
                    }
                    s.test_level = controls.level();
                }
                me.publish();
            }
        });
        tracing::info!("test call started");
        Ok(())
    }

    pub fn stop_test_call(&self) {
        let call = self.lock().test_call.take();
        drop(call);
        self.publish();
    }

    /// Take an ended call off the panel.
    pub fn dismiss(&self, id: &str) {
        self.lock()
            .calls
            .retain(|t| !(t.info.id == id && t.info.phase == CallPhase::Ended));
        self.publish();
    }

    pub async fn audio_devices(&self) -> Result<AudioDevices> {
        let chosen: DeviceSelection = self.chosen_devices().await?;
        let (mics, speakers) = tokio::task::spawn_blocking(nextline_phone::sound_card::devices)
            .await
            .unwrap_or_default();
        Ok(AudioDevices {
            microphones: mics.iter().map(AudioDeviceView::from).collect(),
            speakers: speakers.iter().map(AudioDeviceView::from).collect(),
            microphone: chosen.microphone,
            speaker: chosen.speaker,
        })
    }

    /// Use these devices from now on — also for a call going on — and remember them.
    pub async fn set_audio_devices(&self, choice: DeviceSelection) -> Result<()> {
        self.inner.app.store().set(DEVICES_KEY, &choice).await?;
        if let Ok(phone) = self.phone() {
            phone
                .set_devices(choice.into())
                .await
                .map_err(phone_error)?;
        }
        Ok(())
    }

    /// The microphone and speaker the seller chose (none: the system's).
    async fn chosen_devices(&self) -> Result<DeviceSelection> {
        Ok(self
            .inner
            .app
            .store()
            .get(DEVICES_KEY)
            .await?
            .unwrap_or_default())
    }

    /// Text messages that arrive over the phone account (SIP MESSAGE): `(from, body)`.
    pub fn subscribe_messages(&self) -> tokio::sync::broadcast::Receiver<(String, String)> {
        self.inner.messages.subscribe()
    }

    /// Sends a text message (SIP MESSAGE) to a number or `sip:` address; done once the server
    /// took it.
    pub async fn send_message(&self, to: &str, body: &str) -> Result<()> {
        let phone = self.phone()?;
        phone
            .send_message(to, body)
            .await
            .map_err(|e| CoreError::TextProvider {
                code: "text_provider_refused",
                detail: e.to_string(),
            })
    }

    /// The account's address (`sip:alice@example.com`), once one is set up.
    pub fn address(&self) -> Option<String> {
        let s = self.lock();
        s.account
            .as_ref()
            .filter(|a| a.is_set_up())
            .map(|a| format!("sip:{}@{}", a.user, a.domain))
    }

    fn phone(&self) -> Result<Arc<Phone>> {
        let s = self.lock();
        if !matches!(s.registration, Some(Registration::Registered)) {
            return Err(match (&s.phone, &s.registration) {
                (None, _) => CoreError::PhoneNotSetUp,
                (Some(_), Some(Registration::Failed { reason })) => {
                    CoreError::PhoneNotRegistered(reason.clone())
                }
                (Some(_), _) => CoreError::PhoneNotRegistered(String::new()),
            });
        }
        s.phone.clone().ok_or(CoreError::PhoneNotSetUp)
    }

    fn call_of(&self, id: &str) -> Result<(Arc<Phone>, CallRef)> {
        let s = self.lock();
        let phone = s.phone.clone().ok_or(CoreError::PhoneNotSetUp)?;
        let call = s
            .calls
            .iter()
            .find(|t| t.info.id == id)
            .map(|t| t.call.clone())
            .ok_or(CoreError::NoSuchCall)?;
        Ok((phone, call))
    }

    async fn remember_number(&self, number: &str) {
        let recent = {
            let mut s = self.lock();
            s.recent.retain(|n| n != number);
            s.recent.insert(0, number.to_string());
            s.recent.truncate(RECENT_MAX);
            s.recent.clone()
        };
        if let Err(e) = self.inner.app.store().set(RECENT_KEY, &recent).await {
            tracing::warn!(code = e.code(), "recent numbers not saved");
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn publish(&self) {
        let status = {
            let s = self.lock();
            PhoneStatus {
                registration: match (&s.account, &s.registration) {
                    (Some(a), Some(r)) if a.is_set_up() => r.clone(),
                    _ => Registration::NotSetUp,
                },
                account: s
                    .account
                    .as_ref()
                    .filter(|a| a.is_set_up())
                    .map(PhoneAccount::address),
                calls: s.calls.iter().map(|t| t.info.clone()).collect(),
                recent_numbers: s.recent.clone(),
                test_call_level: s.test_call.as_ref().map(|_| s.test_level),
                audio_notice: s.audio_notice,
            }
        };
        self.inner.status.send_replace(status);
    }

    /// Stop the phone (hang up, unregister); used when the app quits.
    pub async fn shut_down(&self) {
        let phone = {
            let mut s = self.lock();
            s.generation += 1;
            s.phone.take()
        };
        drop(phone);
        // Give the phone a moment to say goodbye (BYE, unREGISTER).
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

fn sip_key(account: &PhoneAccount) -> SecretKey {
    SecretKey::SipPassword {
        account: account.address(),
    }
}

/// The account saved in Settings, if any (the CLI uses it too).
pub async fn saved_account(app: &App) -> Result<Option<PhoneAccount>> {
    let account: Option<PhoneAccount> = app.store().get(ACCOUNT_KEY).await?;
    Ok(account.filter(PhoneAccount::is_set_up))
}

/// The SIP user agent's account for `account` with its password.
pub fn sip_account(account: &PhoneAccount, password: &str) -> Account {
    let mut sip = Account::new(account.user.trim(), account.domain.trim(), password);
    sip.auth_user = account.auth_user.clone().filter(|u| !u.trim().is_empty());
    sip.display_name = account
        .display_name
        .clone()
        .filter(|n| !n.trim().is_empty());
    sip.secure = account.secure();
    sip
}

/// Extra certificate authorities from [`EXTRA_CA_ENV`], when set.
pub fn extra_roots_from_env() -> Option<String> {
    std::env::var(EXTRA_CA_ENV)
        .ok()
        .and_then(|p| std::fs::read_to_string(p).ok())
}

fn phone_settings(
    account: &PhoneAccount,
    password: &str,
    turn_password: Option<String>,
    options: &SoftphoneOptions,
    devices: DeviceSelection,
) -> PhoneSettings {
    let sip = sip_account(account, password);
    let mut ice_servers: Vec<IceServer> = account
        .stun_servers
        .iter()
        .map(|s| IceServer {
            urls: vec![s.clone()],
            username: String::new(),
            credential: String::new(),
        })
        .collect();
    if let Some(turn) = &account.turn_server {
        ice_servers.push(IceServer {
            urls: vec![turn.clone()],
            username: account.turn_user.clone().unwrap_or_default(),
            credential: turn_password.unwrap_or_default(),
        });
    }
    PhoneSettings {
        server: SipServer {
            url: account.server_url.clone(),
            account: sip,
            extra_roots_pem: extra_roots_from_env(),
        },
        audio: match &options.audio {
            AudioMode::SoundCard => AudioChoice::SoundCard(devices.into()),
            AudioMode::Custom(f) => AudioChoice::Custom(f.clone()),
        },
        media: MediaOptions {
            udp_addr: options.udp_addr.clone(),
            ice_servers,
            ..MediaOptions::default()
        },
    }
}

/// A PEM file of extra certificate authorities to trust for `wss://` (a company's own CA; the
/// tests' self-signed server).
pub const EXTRA_CA_ENV: &str = "NEXTLINE_SIP_CA_FILE";

/// A number as people write it ("+30 21 0123 4567"); a SIP name as it is.
fn display_number(number: &str, settings: Option<&nextline_domain::Settings>) -> String {
    let region = settings.map_or("GR", |s| s.default_region.as_str());
    match normalise(number, region) {
        Ok(n) if number.starts_with('+') || number.chars().all(|c| c.is_ascii_digit()) => n
            .format()
            .mode(phonenumber::Mode::International)
            .to_string(),
        _ => number.to_string(),
    }
}

/// A SIP address to call as it is (`sip:maria@pbx.example.com`, from a sip: link).
fn is_sip_address(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    (lower.starts_with("sip:") || lower.starts_with("sips:")) && lower.len() > 5
}

fn e164(raw: &str, region: &str) -> Result<String> {
    let n = normalise(raw, region)?;
    Ok(n.format().mode(phonenumber::Mode::E164).to_string())
}

/// The user part of the caller's SIP address: their number, or their SIP name.
fn caller_number(remote: &str) -> String {
    let uri = remote
        .rsplit_once('<')
        .map_or(remote, |(_, r)| r.trim_end_matches('>'));
    let uri = uri
        .trim_start_matches("sips:")
        .trim_start_matches("sip:")
        .trim_start_matches("tel:");
    uri.split(['@', ';', '>']).next().unwrap_or(uri).to_string()
}

fn phase(s: CallStatus) -> CallPhase {
    match s {
        CallStatus::Dialing => CallPhase::Dialing,
        CallStatus::Ringing => CallPhase::Ringing,
        CallStatus::EarlyMedia => CallPhase::EarlyMedia,
        CallStatus::Incoming => CallPhase::Incoming,
        CallStatus::Connected => CallPhase::Connected,
        CallStatus::OnHold => CallPhase::OnHold,
        CallStatus::Ended => CallPhase::Ended,
    }
}

/// A call's measured quality as the activity stores it.
pub fn score(q: &nextline_phone::quality::CallQuality) -> CallQualityScore {
    let clamp = |v: f64| v.round().clamp(0.0, f64::from(u16::MAX)) as u16;
    CallQualityScore {
        mos_x100: clamp(q.mos * 100.0),
        loss_permille: clamp(q.loss_percent * 10.0),
        jitter_ms: clamp(q.jitter_ms),
        round_trip_ms: clamp(q.round_trip_ms),
    }
}

fn phone_error(e: nextline_phone::PhoneError) -> CoreError {
    CoreError::Phone {
        code: e.code(),
        detail: e.to_string(),
    }
}

/// Seconds talked: from the answer to `now`.
pub fn talk_seconds(connected_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<u32> {
    connected_at.map(|c| u32::try_from((now - c).num_seconds().max(0)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callers_number_is_the_user_part_of_their_address() {
        assert_eq!(
            caller_number("sip:+302101234567@pbx.example.com"),
            "+302101234567"
        );
        assert_eq!(
            caller_number("\"Bob\" <sip:bob@127.0.0.1;transport=ws>"),
            "bob"
        );
        assert_eq!(caller_number("tel:+15551234567"), "+15551234567");
    }

    #[test]
    fn numbers_are_dialled_in_e164() {
        assert_eq!(e164("210 123 4567", "GR").unwrap(), "+302101234567");
        assert!(e164("12", "GR").is_err());
    }

    #[test]
    fn a_sip_address_from_a_link_is_called_as_it_is() {
        assert!(is_sip_address("sip:maria@pbx.example.com"));
        assert!(is_sip_address("SIPS:bob@pbx"));
        assert!(!is_sip_address("sip:"));
        assert!(!is_sip_address("+302101234567"));
    }
}
