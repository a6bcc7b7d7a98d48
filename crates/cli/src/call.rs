//! `nextline call`, `nextline phone register`, `nextline text send` and `nextline sip-password`:
//! the softphone from the command line, for support and for tests.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use nextline_core::App;
use nextline_core::secrets::{OsKeyring, SecretKey, SecretStore};
use nextline_core::softphone::{
    PhoneAccount, extra_roots_from_env, outcome_of, outcome_text, saved_account, score, sip_account,
};
use nextline_domain::dialplan::{ContactWarning, DialTarget};
use nextline_domain::{ActivityId, CallDirection, CallOutcome, Command};
use nextline_phone::audio::{AudioSink, AudioSource, Tone};
use nextline_phone::audio_files::{Silence, WavRecorder, WavSource};
use nextline_phone::{
    AudioChoice, CallEnd, CallStatus, MediaOptions, Phone, PhoneEvent, PhoneSettings, SipServer,
};
use serde_json::json;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::args::{CallArgs, SipArgs};
use crate::error::CliError;

/// How long to wait for the registration and for an answer.
const REGISTER_WAIT: Duration = Duration::from_secs(15);
const ANSWER_WAIT: Duration = Duration::from_secs(90);
/// How long after the answer `--dtmf` starts sending, and between two digits.
const DTMF_PAUSE: Duration = Duration::from_millis(800);
const DTMF_GAP: Duration = Duration::from_millis(150);
/// Calls the CLI places are logged as this program's (the app closes only its own).
const PLACED_BY: &str = "cli";

fn read_stdin_password() -> Result<String, CliError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| CliError::Phone("password_unreadable", e.to_string()))?;
    let p = s.trim_end_matches(['\r', '\n']).to_string();
    if p.is_empty() {
        return Err(CliError::InvalidValue(String::new(), "password"));
    }
    Ok(p)
}

pub fn sip_password(account: &str, delete: bool) -> Result<(), CliError> {
    let key = SecretKey::SipPassword {
        account: account.to_string(),
    };
    if delete {
        OsKeyring.delete(&key)?;
        println!("Removed the password of {account} from the keyring.");
    } else {
        OsKeyring.set(&key, &read_stdin_password()?)?;
        println!("Kept the password of {account} in the keyring.");
    }
    Ok(())
}

fn split_account(account: &str) -> Result<(&str, &str), CliError> {
    account
        .split_once('@')
        .filter(|(u, d)| !u.is_empty() && !d.is_empty())
        .ok_or_else(|| CliError::InvalidValue(account.to_string(), "SIP account (user@domain)"))
}

/// The SIP server and account: from the arguments (or their environment variables), else
/// from the app's Settings → Phone; the password from standard input or the OS keyring.
pub(crate) async fn sip_server(app: &App, sip: &SipArgs) -> Result<SipServer, CliError> {
    let account = match (&sip.server, &sip.account) {
        (Some(server), Some(address)) => {
            let (user, domain) = split_account(address)?;
            PhoneAccount {
                server_url: server.clone(),
                user: user.to_string(),
                domain: domain.to_string(),
                ..PhoneAccount::default()
            }
        }
        (None, None) => saved_account(app).await?.ok_or(CliError::NoPhoneAccount)?,
        _ => return Err(CliError::NoPhoneAccount),
    };
    let password = if sip.password_stdin {
        read_stdin_password()?
    } else {
        OsKeyring
            .get(&SecretKey::SipPassword {
                account: account.address(),
            })?
            .ok_or_else(|| CliError::NoPassword(account.address()))?
    };
    let extra_roots_pem = match &sip.ca {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| CliError::AudioFile(format!("{}: {e}", path.display())))?,
        ),
        None => extra_roots_from_env(),
    };
    Ok(SipServer {
        url: account.server_url.clone(),
        account: sip_account(&account, &password),
        extra_roots_pem,
    })
}

/// One line of progress: a JSON event with `--json`, else words.
pub(crate) fn say(json: bool, event: serde_json::Value, words: impl FnOnce() -> String) {
    if json {
        println!("{event}");
    } else {
        println!("{}", words());
    }
}

/// Start the phone and wait until it is registered.
pub(crate) async fn registered_phone(
    server: SipServer,
    audio: AudioChoice,
) -> Result<(Phone, UnboundedReceiver<PhoneEvent>), CliError> {
    let (phone, mut events) = Phone::start(PhoneSettings {
        server,
        audio,
        media: MediaOptions::default(),
    });
    let registered = tokio::time::timeout(REGISTER_WAIT, async {
        loop {
            match events.recv().await {
                Some(PhoneEvent::Registered) => return Ok(()),
                Some(PhoneEvent::NotRegistered { reason }) => return Err(reason),
                Some(_) => {}
                None => return Err("the phone stopped".to_string()),
            }
        }
    })
    .await
    .unwrap_or_else(|_| Err("the SIP server did not answer".to_string()));
    registered.map_err(|reason| CliError::Phone("not_registered", reason))?;
    Ok((phone, events))
}

fn silent() -> AudioChoice {
    AudioChoice::Custom(Arc::new(|| {
        (
            Box::new(Silence) as Box<dyn AudioSource>,
            Box::new(Silence) as Box<dyn AudioSink>,
        )
    }))
}

/// `nextline phone register`.
pub async fn register(app: &App, sip: &SipArgs, json: bool) -> Result<(), CliError> {
    let server = sip_server(app, sip).await?;
    let address = format!("{}@{}", server.account.user, server.account.domain);
    let (phone, _events) = registered_phone(server, silent()).await?;
    say(
        json,
        json!({"event": "registered", "account": address}),
        || format!("Registered as {address}."),
    );
    drop(phone);
    // Let the phone unregister before the runtime goes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// `nextline text send`.
pub async fn send_text(
    app: &App,
    sip: &SipArgs,
    target: &str,
    message: &str,
    json: bool,
) -> Result<(), CliError> {
    if message.trim().is_empty() {
        return Err(CliError::InvalidValue(String::new(), "message"));
    }
    let server = sip_server(app, sip).await?;
    let (phone, _events) = registered_phone(server, silent()).await?;
    phone
        .send_message(target, message)
        .await
        .map_err(|e| CliError::Phone(e.code(), e.to_string()))?;
    say(json, json!({"event": "sent", "to": target}), || {
        format!("Sent to {target}.")
    });
    drop(phone);
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// What the call dials, and the record it is logged on.
struct Dial {
    number: String,
    label: String,
    record: Option<(nextline_domain::RecordId, String)>,
}

async fn what_to_dial(app: &App, args: &CallArgs) -> Result<Dial, CliError> {
    match (&args.record, &args.target) {
        (Some(record), _) => {
            let id = app.find_record(record).await?;
            let plan = app.dial_plan(id).await?;
            if plan.warnings.contains(&ContactWarning::DoNotPhone) && !args.despite_do_not_phone {
                return Err(CliError::DoNotPhone);
            }
            let contact = app.store().record_state(id).await?.record.contact.name;
            match plan.target {
                DialTarget::Number { number } => Ok(Dial {
                    number: number.e164.clone(),
                    label: format!("{} ({:?})", number.display, number.kind),
                    record: Some((id, contact)),
                }),
                DialTarget::DialPad => Err(CliError::NoNumber),
            }
        }
        (None, Some(t)) => Ok(Dial {
            number: t.clone(),
            label: t.clone(),
            record: None,
        }),
        (None, None) => Err(CliError::InvalidValue(String::new(), "number or --record")),
    }
}

/// `nextline call`.
pub async fn call(app: &App, args: CallArgs, json: bool) -> Result<(), CliError> {
    if let Some(d) = &args.dtmf
        && let Some(bad) = d
            .chars()
            .find(|c| !matches!(c, '0'..='9' | '*' | '#' | 'A'..='D'))
    {
        return Err(CliError::InvalidValue(bad.to_string(), "keypad digit"));
    }
    let dial = what_to_dial(app, &args).await?;
    let server = sip_server(app, &args.sip).await?;
    let play = match &args.play {
        Some(p) => Some(Arc::new(std::sync::Mutex::new(Some(
            WavSource::open(p).map_err(|e| CliError::AudioFile(e.to_string()))?,
        )))),
        None => None,
    };
    let recorder = match &args.record_to {
        Some(p) => Some(WavRecorder::create(p).map_err(|e| CliError::AudioFile(e.to_string()))?),
        None => None,
    };
    let (rec, src, tone) = (recorder.clone(), play.clone(), args.tone);
    let audio = AudioChoice::Custom(Arc::new(move || {
        let mic: Box<dyn AudioSource> =
            match (src.as_ref().and_then(|s| s.lock().ok()?.take()), tone) {
                (Some(wav), _) => Box::new(wav),
                (None, Some(hz)) => Box::new(Tone::new(hz)),
                (None, None) => Box::new(Silence),
            };
        let speaker: Box<dyn AudioSink> = match &rec {
            Some(r) => Box::new(r.clone()),
            None => Box::new(Silence),
        };
        (mic, speaker)
    }));
    let (phone, mut events) = registered_phone(server, audio).await?;
    say(json, json!({"event": "registered"}), || "Registered".into());

    // R14: a call to a record's contact is logged on the record before it is placed.
    let activity = ActivityId(uuid::Uuid::new_v4());
    if let Some((record, contact)) = &dial.record {
        app.close_calls_left_open(PLACED_BY).await?;
        app.run(
            None,
            Command::LogCall {
                call: activity,
                record: *record,
                number: dial.number.clone(),
                to: contact.clone(),
                direction: CallDirection::Outgoing,
                for_activity: None,
                placed_by: PLACED_BY.to_string(),
            },
        )
        .await?;
    }
    let logged = dial.record.is_some();

    say(
        json,
        json!({"event": "calling", "number": dial.number, "activity": logged.then(|| activity.to_string()), "atMs": epoch_ms()}),
        || format!("Calling {}…", dial.label),
    );
    let call = match phone.dial(&dial.number).await {
        Ok(call) => {
            if json {
                println!("{}", json!({"event": "invite-sent", "atMs": epoch_ms()}));
            }
            call
        }
        Err(e) => {
            if logged {
                end_logged(
                    app,
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
            return Err(CliError::Phone(e.code(), e.to_string()));
        }
    };
    let mut connected_at: Option<Instant> = None;
    let mut answered_at = None;
    let mut audio_seen = false;
    let mut hung_up = false;
    let mut hangup_deadline = Instant::now();
    let deadline = Instant::now() + ANSWER_WAIT;
    let ended = loop {
        let until = match (hung_up, connected_at) {
            // Hung up: the far end confirms within a few seconds.
            (true, _) => hangup_deadline,
            (false, Some(t)) => t + Duration::from_secs(args.hangup_after),
            (false, None) => deadline,
        };
        let wait = until.saturating_duration_since(Instant::now());
        match tokio::time::timeout(wait, events.recv()).await {
            Ok(Some(PhoneEvent::Call(v))) if v.call == call => {
                if v.audio_received && !audio_seen {
                    audio_seen = true;
                    say(
                        json,
                        json!({"event": "audio-received", "atMs": epoch_ms()}),
                        || "Hearing the other side".into(),
                    );
                }
                match v.status {
                    CallStatus::Ringing => say(
                        json,
                        json!({"event": "ringing", "atMs": epoch_ms()}),
                        || "Ringing".into(),
                    ),
                    CallStatus::EarlyMedia => say(json, json!({"event": "early-media"}), || {
                        "The other side plays a message".into()
                    }),
                    CallStatus::Connected if connected_at.is_none() => {
                        connected_at = Some(Instant::now());
                        answered_at = Some(app.now());
                        say(
                            json,
                            json!({"event": "answered", "atMs": epoch_ms()}),
                            || "Connected".into(),
                        );
                        if let Some(digits) = &args.dtmf {
                            // A moment for the far end (an IVR, a person) to be listening.
                            tokio::time::sleep(DTMF_PAUSE).await;
                            for d in digits.chars() {
                                phone
                                    .dtmf(&call, d)
                                    .await
                                    .map_err(|e| CliError::Phone(e.code(), e.to_string()))?;
                                tokio::time::sleep(DTMF_GAP).await;
                            }
                            say(
                                json,
                                json!({"event": "dtmf-sent", "digits": digits}),
                                || format!("Sent the keys {digits}"),
                            );
                        }
                    }
                    CallStatus::Ended => break v,
                    _ => {}
                }
            }
            Ok(Some(PhoneEvent::Dtmf { call: c, digit })) if c == call => say(
                json,
                json!({"event": "dtmf-received", "digit": digit.to_string()}),
                || format!("The other side pressed {digit}"),
            ),
            Ok(Some(_)) => {}
            Ok(None) => return Err(CliError::Phone("phone_stopped", "the phone stopped".into())),
            // Talked long enough (or nobody answered in time): hang up.
            Err(_) if !hung_up => {
                hung_up = true;
                hangup_deadline = Instant::now() + Duration::from_secs(5);
                phone
                    .hangup(&call)
                    .await
                    .map_err(|e| CliError::Phone(e.code(), e.to_string()))?;
            }
            Err(_) => {
                return Err(CliError::Phone(
                    "hangup_timeout",
                    "the call did not end".into(),
                ));
            }
        }
    };
    if let Some(r) = &recorder {
        r.finish();
    }
    let talked = connected_at
        .map(|t| t.elapsed().as_secs_f64())
        .unwrap_or(0.0);
    let quality = ended.quality;
    let end = ended
        .ended
        .clone()
        .unwrap_or(CallEnd::Hangup(nextline_phone::sip::EndReason::LocalHangup));
    let outcome = outcome_of(&end, connected_at.is_some(), true);
    if logged {
        let secs = nextline_core::softphone::talk_seconds(answered_at, app.now());
        end_logged(
            app,
            activity,
            outcome.clone(),
            secs,
            quality.as_ref().map(score),
        )
        .await;
    }
    let (code, cause) = match &end {
        CallEnd::Failed { code, cause } => (Some(*code), Some(cause.code())),
        _ => (None, None),
    };
    say(
        json,
        json!({
            "event": "ended",
            "outcome": outcome.as_str(),
            "cause": cause,
            "code": code,
            "seconds": (talked * 10.0).round() / 10.0,
        }),
        || {
            format!(
                "{} after {talked:.0} s",
                outcome_text(&outcome, &end, nextline_domain::Lang::En)
            )
        },
    );
    if let Some(q) = quality {
        say(
            json,
            json!({
                "event": "stats",
                "mos": (q.mos * 100.0).round() / 100.0,
                "lossPercent": q.loss_percent,
                "jitterMs": q.jitter_ms,
                "roundTripMs": q.round_trip_ms,
            }),
            || {
                format!(
                    "Quality: MOS {:.2}, {:.1}% lost, jitter {:.0} ms",
                    q.mos, q.loss_percent, q.jitter_ms
                )
            },
        );
    }
    match end {
        CallEnd::Failed { code, cause } => Err(CliError::CallFailed(cause, code)),
        CallEnd::Trouble(m) => Err(CliError::Phone("call_trouble", m)),
        CallEnd::Hangup(_) => Ok(()),
    }
}

/// Now, in milliseconds since the Unix epoch (for the benchmarks' timelines).
pub(crate) fn epoch_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

async fn end_logged(
    app: &App,
    activity: ActivityId,
    outcome: CallOutcome,
    secs: Option<u32>,
    quality: Option<nextline_domain::CallQualityScore>,
) {
    let done = app
        .run(
            None,
            Command::EndCall {
                activity,
                outcome,
                duration_secs: secs,
                quality,
            },
        )
        .await;
    if let Err(e) = done {
        eprintln!("warning: {}: the call's end was not logged", e.code());
    }
}
