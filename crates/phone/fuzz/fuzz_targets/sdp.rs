//! Any SDP a far end sends (offers, answers, re-offers): parsing never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtc::peer_connection::sdp::RTCSessionDescription;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(offer) = RTCSessionDescription::offer(text.clone()) {
        let _ = offer.unmarshal();
    }
    if let Ok(answer) = RTCSessionDescription::answer(text) {
        let _ = answer.unmarshal();
    }
});
