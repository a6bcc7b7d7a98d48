//! Any bytes on the WebSocket: parsing and the user agent's handling never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nextline_sip::message::Message;
use nextline_sip::{Account, Entropy, Input, UserAgent};

struct Counting(u32);
impl Entropy for Counting {
    fn token(&mut self) -> String {
        self.0 += 1;
        format!("tok{:05}", self.0)
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = Message::parse(&text);
    let mut ua = UserAgent::new(Account::new("alice", "127.0.0.1", "pw"), Counting(0));
    ua.handle(Input::Connected);
    ua.handle(Input::Received(text));
    while ua.poll().is_some() {}
});
