//! Whatever arrives on the socket, the user agent does not panic: random text, and real
//! messages cut short or with bytes changed.

use nextline_sip::message::Message;
use nextline_sip::{Account, Entropy, Input, UserAgent};
use proptest::prelude::*;

struct Counting(u32);
impl Entropy for Counting {
    fn token(&mut self) -> String {
        self.0 += 1;
        format!("tok{:05}", self.0)
    }
}

const SAMPLES: [&str; 3] = [
    "INVITE sip:alice@x.invalid;transport=ws SIP/2.0\r\nRecord-Route: <sip:127.0.0.1:5080;transport=ws;lr>\r\nVia: SIP/2.0/WS 127.0.0.1:5080;branch=z9hG4bK1\r\nFrom: \"Bob\" <sip:bob@127.0.0.1>;tag=bt\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 7 INVITE\r\nContact: <sip:bob@127.0.0.1:40000;transport=ws;alias=127.0.0.1~40000~5>\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\nv=0\r\ns=-\r\n",
    "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/WS tok00001.invalid;branch=z9hG4bKtok00003;rport=5;received=127.0.0.1\r\nFrom: <sip:alice@127.0.0.1>;tag=r\r\nTo: <sip:alice@127.0.0.1>;tag=s\r\nCall-ID: tok00002\r\nCSeq: 1 REGISTER\r\nWWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"abc\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n",
    "MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/WS x.invalid;branch=z9hG4bKm\r\nf: <sip:bob@127.0.0.1>;tag=1\r\nt: <sip:alice@127.0.0.1>\r\ni: m1\r\nCSeq: 1 MESSAGE\r\nc: text/plain\r\nl: 5\r\n\r\nHello",
];

fn feed(text: String) {
    let _ = Message::parse(&text);
    let mut ua = UserAgent::new(Account::new("alice", "127.0.0.1", "pw"), Counting(0));
    ua.handle(Input::Connected);
    ua.handle(Input::Received(text));
    while ua.poll().is_some() {}
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_text_is_refused_quietly(text in ".{0,400}") {
        feed(text);
    }

    #[test]
    fn damaged_messages_are_refused_quietly(which in 0usize..3, cut in 0usize..600, at in 0usize..600, byte in any::<char>()) {
        let mut text: Vec<char> = SAMPLES[which].chars().collect();
        if at < text.len() {
            text[at] = byte;
        }
        text.truncate(cut.max(1));
        feed(text.into_iter().collect());
    }
}

#[test]
fn compact_headers_are_understood() {
    let m = Message::parse(SAMPLES[2]).unwrap();
    assert_eq!(m.call_id(), "m1");
    assert_eq!(m.from().unwrap().uri, "sip:bob@127.0.0.1");
    assert_eq!(m.branch().as_deref(), Some("z9hG4bKm"));
    assert_eq!(m.body(), "Hello");
}
