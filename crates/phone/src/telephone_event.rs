//! RFC 4733 telephone-events: DTMF digits sent as RTP packets beside the voice (what PBXs, IVRs
//! and browsers expect; SIP INFO is the fallback when the far end did not offer them). Pure:
//! the media's pump asks for the next packet every 20 ms, and the receiver turns packets back
//! into digits, each once.

/// One event's payload (RFC 4733 §2.3): event code, end bit, volume, duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventPayload {
    pub event: u8,
    pub end: bool,
    /// Power level in -dBm0 (0–63).
    pub volume: u8,
    /// In RTP timestamp units since the event began.
    pub duration: u16,
}

impl EventPayload {
    pub fn to_bytes(self) -> [u8; 4] {
        let d = self.duration.to_be_bytes();
        [
            self.event,
            (u8::from(self.end) << 7) | (self.volume & 0x3f),
            d[0],
            d[1],
        ]
    }

    pub fn parse(b: &[u8]) -> Option<EventPayload> {
        (b.len() >= 4).then(|| EventPayload {
            event: b[0],
            end: b[1] & 0x80 != 0,
            volume: b[1] & 0x3f,
            duration: u16::from_be_bytes([b[2], b[3]]),
        })
    }
}

/// The event code of a keypad key (RFC 4733 §3.2: 0–9, * = 10, # = 11, A–D = 12–15).
pub fn event_of(digit: char) -> Option<u8> {
    match digit.to_ascii_uppercase() {
        d @ '0'..='9' => Some(d as u8 - b'0'),
        '*' => Some(10),
        '#' => Some(11),
        d @ 'A'..='D' => Some(d as u8 - b'A' + 12),
        _ => None,
    }
}

pub fn digit_of(event: u8) -> Option<char> {
    match event {
        0..=9 => Some((b'0' + event) as char),
        10 => Some('*'),
        11 => Some('#'),
        12..=15 => Some((b'A' + event - 12) as char),
        _ => None,
    }
}

/// How long a key sounds, and the quiet after it before the next.
pub const TONE_MS: u32 = 160;
pub const GAP_MS: u32 = 60;
/// One packet per voice frame.
const PACKET_MS: u32 = 20;
/// The end packet is sent three times (RFC 4733 §2.5.1.4), for loss.
const END_REPEATS: u32 = 3;
/// A typical level for DTMF (-10 dBm0).
const VOLUME: u8 = 10;

/// One packet of an event for the pump to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventPacket {
    pub payload: EventPayload,
    /// The first packet of the event (the RTP marker bit).
    pub first: bool,
    /// The digit's last packet: voice may follow. Every packet of one event carries the same
    /// RTP timestamp, the voice timestamp where it began.
    pub last: bool,
}

/// Sends one digit: a packet every 20 ms with a growing duration, then the end three times.
#[derive(Debug, Clone)]
pub struct DigitSender {
    event: u8,
    /// Clock units per millisecond (8 for 8 kHz, 48 for 48 kHz).
    per_ms: u32,
    sent: u32,
}

impl DigitSender {
    pub fn new(digit: char, clock_rate: u32) -> Option<DigitSender> {
        Some(DigitSender {
            event: event_of(digit)?,
            per_ms: clock_rate / 1000,
            sent: 0,
        })
    }

    /// Packets of the tone, then the end's repeats: `None` when the digit is done.
    pub fn next_packet(&mut self) -> Option<EventPacket> {
        let tone_packets = TONE_MS / PACKET_MS;
        if self.sent >= tone_packets + END_REPEATS - 1 {
            return None;
        }
        self.sent += 1;
        let end = self.sent >= tone_packets;
        let elapsed_ms = (self.sent * PACKET_MS).min(TONE_MS);
        Some(EventPacket {
            payload: EventPayload {
                event: self.event,
                end,
                volume: VOLUME,
                duration: u16::try_from(elapsed_ms * self.per_ms).unwrap_or(u16::MAX),
            },
            first: self.sent == 1,
            last: self.sent == tone_packets + END_REPEATS - 1,
        })
    }

    /// How long the digit takes, in clock units (the voice timestamp moves on by this).
    pub fn length(&self) -> u32 {
        TONE_MS * self.per_ms
    }
}

/// Digits out of received event packets: each event (one RTP timestamp) counts once, when its
/// first packet arrives, however many of its packets come or repeat.
#[derive(Debug, Default)]
pub struct DigitReceiver {
    last_timestamp: Option<u32>,
}

impl DigitReceiver {
    pub fn on_packet(&mut self, timestamp: u32, payload: &[u8]) -> Option<char> {
        let p = EventPayload::parse(payload)?;
        if self.last_timestamp == Some(timestamp) {
            return None;
        }
        self.last_timestamp = Some(timestamp);
        digit_of(p.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_is_laid_out_as_rfc_4733_says() {
        let p = EventPayload {
            event: 11,
            end: true,
            volume: 10,
            duration: 1280,
        };
        assert_eq!(p.to_bytes(), [11, 0x8a, 0x05, 0x00]);
        assert_eq!(EventPayload::parse(&p.to_bytes()), Some(p));
        assert_eq!(EventPayload::parse(&[1, 2, 3]), None);
    }

    #[test]
    fn every_keypad_key_has_its_event() {
        for (i, d) in "0123456789*#ABCD".chars().enumerate() {
            assert_eq!(event_of(d), Some(i as u8));
            assert_eq!(digit_of(i as u8), Some(d));
        }
        assert_eq!(event_of('a'), Some(12));
        assert_eq!(event_of('x'), None);
        assert_eq!(digit_of(16), None);
    }

    #[test]
    fn a_digit_grows_then_ends_three_times() {
        let mut s = DigitSender::new('5', 8000).unwrap();
        let packets: Vec<_> = std::iter::from_fn(|| s.next_packet()).collect();
        assert_eq!(packets.len(), 8 + 2);
        assert!(packets[0].first && !packets[1].first);
        let durations: Vec<u16> = packets.iter().map(|p| p.payload.duration).collect();
        assert_eq!(
            durations,
            [160, 320, 480, 640, 800, 960, 1120, 1280, 1280, 1280]
        );
        let ends: Vec<bool> = packets.iter().map(|p| p.payload.end).collect();
        assert_eq!(ends.iter().filter(|e| **e).count(), 3);
        assert!(ends[7..].iter().all(|e| *e));
        assert!(packets[9].last && !packets[8].last);
        assert!(packets.iter().all(|p| p.payload.event == 5));
        assert_eq!(s.length(), 1280);
        // At Opus's 48 kHz clock the durations are six times longer.
        let mut s = DigitSender::new('#', 48_000).unwrap();
        assert_eq!(s.next_packet().unwrap().payload.duration, 960);
        assert!(DigitSender::new('?', 8000).is_none());
    }

    #[test]
    fn a_received_digit_counts_once_however_many_packets_carry_it() {
        let mut r = DigitReceiver::default();
        let mut s = DigitSender::new('7', 8000).unwrap();
        let mut heard = Vec::new();
        while let Some(p) = s.next_packet() {
            heard.extend(r.on_packet(1000, &p.payload.to_bytes()));
        }
        // The same digit again is a new event: a new timestamp.
        let mut s = DigitSender::new('7', 8000).unwrap();
        while let Some(p) = s.next_packet() {
            heard.extend(r.on_packet(3000, &p.payload.to_bytes()));
        }
        assert_eq!(heard, ['7', '7']);
    }
}
