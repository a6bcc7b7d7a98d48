//! `nextline phone answer`: a headless phone that answers every call at once — to check that a
//! PBX routes calls to this account, and to time a call's setup against a callee that adds as
//! little of its own as it can (the softphone benchmark).

use std::collections::HashSet;
use std::sync::Arc;

use nextline_core::App;
use nextline_core::softphone::outcome_of;
use nextline_phone::audio::{AudioSink, AudioSource, Tone};
use nextline_phone::audio_files::Silence;
use nextline_phone::{AudioChoice, CallEnd, CallStatus, PhoneEvent};
use serde_json::json;

use crate::args::SipArgs;
use crate::call::{epoch_ms, registered_phone, say, sip_server};
use crate::error::CliError;

/// Answers incoming calls until `calls` of them have ended (or forever). Prints `incoming`,
/// `answered`, `audio-received`, `answer-failed` and `ended` (with `--json`, one JSON line each,
/// `atMs` in Unix milliseconds). No activity is logged: the caller is not a record's contact.
pub async fn answer(
    app: &App,
    sip: &SipArgs,
    tone: Option<f32>,
    calls: Option<u32>,
    json: bool,
) -> Result<(), CliError> {
    let server = sip_server(app, sip).await?;
    let audio = AudioChoice::Custom(Arc::new(move || {
        let voice: Box<dyn AudioSource> = match tone {
            Some(hz) => Box::new(Tone::new(hz)),
            None => Box::new(Silence),
        };
        (voice, Box::new(Silence) as Box<dyn AudioSink>)
    }));
    let (phone, mut events) = registered_phone(server, audio).await?;
    say(json, json!({"event": "registered"}), || {
        "Registered; answering calls".into()
    });
    let mut ended = 0u32;
    // The calls that were answered, and those whose caller we hear.
    let mut connected = HashSet::new();
    let mut hearing = HashSet::new();
    while calls.is_none_or(|n| ended < n) {
        let Some(event) = events.recv().await else {
            return Err(CliError::Phone("phone_stopped", "the phone stopped".into()));
        };
        let PhoneEvent::Call(view) = event else {
            continue;
        };
        if view.audio_received && hearing.insert(view.call.clone()) {
            say(
                json,
                json!({"event": "audio-received", "atMs": epoch_ms()}),
                || "Hearing the other side".into(),
            );
        }
        match view.status {
            CallStatus::Incoming => {
                say(
                    json,
                    json!({"event": "incoming", "from": view.remote, "atMs": epoch_ms()}),
                    || format!("Call from {}", view.remote),
                );
                // The caller may have given up meanwhile, or offered nothing we speak: say so
                // and wait for the next call.
                if let Err(e) = phone.answer(&view.call).await {
                    say(
                        json,
                        json!({"event": "answer-failed", "code": e.code(), "reason": e.to_string()}),
                        || format!("Could not answer: {e}"),
                    );
                }
            }
            CallStatus::Connected if !view.outgoing && connected.insert(view.call.clone()) => {
                say(
                    json,
                    json!({"event": "answered", "atMs": epoch_ms()}),
                    || "Connected".into(),
                );
            }
            CallStatus::Ended => {
                ended += 1;
                let end = view.ended.clone().unwrap_or(CallEnd::Hangup(
                    nextline_phone::sip::EndReason::RemoteHangup,
                ));
                let outcome = outcome_of(&end, connected.contains(&view.call), false);
                say(
                    json,
                    json!({"event": "ended", "outcome": outcome.as_str()}),
                    || format!("The call ended ({})", outcome.as_str()),
                );
            }
            _ => {}
        }
    }
    drop(phone);
    // Let the phone unregister before the runtime goes.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    Ok(())
}
