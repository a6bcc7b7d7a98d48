//! `nextline call` and `nextline sip-password`: the softphone from the command line.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use nextline_core::App;
use nextline_core::secrets::{OsKeyring, SecretKey, SecretStore};
use nextline_domain::dialplan::{ContactWarning, DialTarget};
use nextline_phone::audio::AudioSource;
use nextline_phone::audio_files::{Silence, WavRecorder, WavSource};
use nextline_phone::sip::Account;
use nextline_phone::{
    AudioChoice, CallEnd, CallStatus, MediaOptions, Phone, PhoneEvent, PhoneSettings, SipServer,
};

use crate::args::CallArgs;
use crate::error::CliError;

/// How long to wait for the registration and for an answer.
const REGISTER_WAIT: Duration = Duration::from_secs(15);
const ANSWER_WAIT: Duration = Duration::from_secs(90);

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

pub async fn call(app: &App, args: CallArgs, json: bool) -> Result<(), CliError> {
    // What to dial: the record's dial plan (as the Call button), or what was given.
    let (number, label) = match (&args.record, &args.target) {
        (Some(record), _) => {
            let id = app.find_record(record).await?;
            let plan = app.dial_plan(id).await?;
            if plan.warnings.contains(&ContactWarning::DoNotPhone) && !args.despite_do_not_phone {
                return Err(CliError::DoNotPhone);
            }
            match plan.target {
                DialTarget::Number { number } => (
                    number.e164.clone(),
                    format!("{} ({:?})", number.display, number.kind),
                ),
                DialTarget::DialPad => return Err(CliError::NoNumber),
            }
        }
        (None, Some(t)) => (t.clone(), t.clone()),
        (None, None) => return Err(CliError::InvalidValue(String::new(), "number or --record")),
    };
    let (user, domain) = split_account(&args.account)?;
    let password = if args.password_stdin {
        read_stdin_password()?
    } else {
        OsKeyring
            .get(&SecretKey::SipPassword {
                account: args.account.clone(),
            })?
            .ok_or_else(|| CliError::NoPassword(args.account.clone()))?
    };
    let extra_roots_pem = match &args.ca {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| CliError::AudioFile(format!("{}: {e}", path.display())))?,
        ),
        None => None,
    };
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
    let (rec, src) = (recorder.clone(), play.clone());
    let audio = AudioChoice::Custom(Arc::new(move || {
        let mic: Box<dyn AudioSource> = match src.as_ref().and_then(|s| s.lock().ok()?.take()) {
            Some(wav) => Box::new(wav),
            None => Box::new(Silence),
        };
        let speaker: Box<dyn nextline_phone::audio::AudioSink> = match &rec {
            Some(r) => Box::new(r.clone()),
            None => Box::new(Silence),
        };
        (mic, speaker)
    }));
    let account = Account::new(user, domain, &password);
    let (phone, mut events) = Phone::start(PhoneSettings {
        server: SipServer {
            url: args.server.clone(),
            account,
            extra_roots_pem,
        },
        audio,
        media: MediaOptions::default(),
    });

    let say = |line: String| {
        if !json {
            println!("{line}");
        }
    };
    // Registered first.
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

    say(format!("Calling {label}…"));
    let call = phone
        .dial(&number)
        .await
        .map_err(|e| CliError::Phone(e.code(), e.to_string()))?;
    let mut connected_at: Option<Instant> = None;
    let mut hung_up = false;
    let mut hangup_deadline = Instant::now();
    let deadline = Instant::now() + ANSWER_WAIT;
    let ended = loop {
        let until = match (hung_up, connected_at) {
            // Hung up: the far end confirms within a few seconds.
            (true, _) => hangup_deadline,
            (false, Some(t)) => t + Duration::from_secs(args.seconds),
            (false, None) => deadline,
        };
        let wait = until.saturating_duration_since(Instant::now());
        match tokio::time::timeout(wait, events.recv()).await {
            Ok(Some(PhoneEvent::Call(v))) if v.call == call => match v.status {
                CallStatus::Ringing => say("Ringing".into()),
                CallStatus::EarlyMedia => say("The other side plays a message".into()),
                CallStatus::Connected if connected_at.is_none() => {
                    connected_at = Some(Instant::now());
                    say("Connected".into());
                }
                CallStatus::Ended => break v,
                _ => {}
            },
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
    match ended.ended {
        Some(CallEnd::Failed { code, cause }) => return Err(CliError::CallFailed(cause, code)),
        Some(CallEnd::Trouble(m)) => return Err(CliError::Phone("call_trouble", m)),
        _ => {}
    }
    if json {
        println!(
            "{}",
            serde_json::json!({
                "number": number,
                "connected": connected_at.is_some(),
                "seconds": (talked * 10.0).round() / 10.0,
                "mos": quality.map(|q| (q.mos * 100.0).round() / 100.0),
                "lossPercent": quality.map(|q| q.loss_percent),
            })
        );
    } else {
        if let Some(q) = quality {
            say(format!(
                "Quality: MOS {:.2}, {:.1}% lost, jitter {:.0} ms",
                q.mos, q.loss_percent, q.jitter_ms
            ));
        }
        say(format!("Hung up after {talked:.0} s"));
    }
    Ok(())
}
