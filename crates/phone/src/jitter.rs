//! A jitter buffer for the far end's audio: packets are played in sequence order however they
//! arrive, duplicates and late packets are dropped, and a lost packet is rebuilt from the
//! in-band FEC carried by the one after it (Opus), or concealed when that one is missing too.
//! Sans-IO: packets in, what to decode out; it holds `depth` packets (20 ms each).

use std::collections::BTreeMap;

/// What the decoder gets next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Playout {
    /// Decode this packet.
    Packet(Vec<u8>),
    /// The packet was lost: decode the FEC in this one (the next packet).
    Fec(Vec<u8>),
    /// Lost with nothing to rebuild it from: conceal.
    Lost,
}

/// Gaps longer than this (in packets) are a restart of the stream, not loss.
const RESYNC_GAP: u64 = 50;

pub struct JitterBuffer {
    depth: usize,
    /// Extended (64-bit, wrap-free) sequence numbers → payloads (`None`: a packet of the same
    /// stream that is not voice — a telephone-event — which plays nothing and is not a loss).
    held: BTreeMap<u64, Option<Vec<u8>>>,
    next: Option<u64>,
    last_extended: Option<u64>,
    pub late: u64,
    pub duplicates: u64,
}

impl JitterBuffer {
    pub fn new(depth: usize) -> JitterBuffer {
        JitterBuffer {
            depth: depth.max(1),
            held: BTreeMap::new(),
            next: None,
            last_extended: None,
            late: 0,
            duplicates: 0,
        }
    }

    /// The 16-bit sequence number placed on a 64-bit line near the last one seen.
    fn extend(&mut self, seq: u16) -> u64 {
        let ext = match self.last_extended {
            None => u64::from(seq) + (1 << 16),
            Some(last) => {
                let base = last & !0xffff;
                let candidates = [base.wrapping_sub(1 << 16), base, base + (1 << 16)];
                candidates
                    .into_iter()
                    .map(|b| b | u64::from(seq))
                    .min_by_key(|c| c.abs_diff(last))
                    .unwrap_or(base | u64::from(seq))
            }
        };
        if self.last_extended.is_none_or(|l| ext > l) {
            self.last_extended = Some(ext);
        }
        ext
    }

    pub fn push(&mut self, seq: u16, payload: Vec<u8>) {
        self.hold(seq, Some(payload));
    }

    /// A packet of the stream that carries no voice (an RFC 4733 event): its number is not a
    /// gap.
    pub fn skip(&mut self, seq: u16) {
        self.hold(seq, None);
    }

    fn hold(&mut self, seq: u16, payload: Option<Vec<u8>>) {
        let ext = self.extend(seq);
        if let Some(next) = self.next {
            if ext + RESYNC_GAP < next || ext > next + RESYNC_GAP {
                // The sender started again (its numbers jumped either way): play on from here.
                self.held.clear();
                self.next = Some(ext);
            } else if ext < next {
                self.late += 1;
                return;
            }
        } else {
            self.next = Some(ext);
        }
        if self.held.insert(ext, payload).is_some() {
            self.duplicates += 1;
        }
    }

    /// The next thing to decode, once more than `depth` packets are waiting.
    pub fn pop(&mut self) -> Option<Playout> {
        loop {
            if self.held.len() <= self.depth {
                return None;
            }
            let next = self.next?;
            self.next = Some(next + 1);
            match self.held.remove(&next) {
                Some(Some(p)) => return Some(Playout::Packet(p)),
                Some(None) => continue,
                None => {}
            }
            return Some(match self.held.get(&(next + 1)) {
                Some(Some(after)) => Playout::Fec(after.clone()),
                _ => Playout::Lost,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn play(jb: &mut JitterBuffer, seqs: &[u16]) -> Vec<Playout> {
        let mut out = Vec::new();
        for &s in seqs {
            jb.push(s, vec![s as u8]);
            while let Some(p) = jb.pop() {
                out.push(p);
            }
        }
        out
    }

    fn p(n: u8) -> Playout {
        Playout::Packet(vec![n])
    }

    #[test]
    fn telephone_events_between_voice_packets_are_not_losses() {
        let mut jb = JitterBuffer::new(2);
        let mut out = Vec::new();
        for s in 1..=3u16 {
            jb.push(s, vec![s as u8]);
        }
        for s in 4..=13u16 {
            jb.skip(s);
        }
        for s in 14..=17u16 {
            jb.push(s, vec![s as u8]);
        }
        while let Some(p) = jb.pop() {
            out.push(p);
        }
        assert_eq!(out, vec![p(1), p(2), p(3), p(14), p(15)]);
    }

    #[test]
    fn in_order_packets_play_in_order_after_the_buffer_fills() {
        let mut jb = JitterBuffer::new(2);
        assert_eq!(play(&mut jb, &[1, 2, 3, 4, 5]), vec![p(1), p(2), p(3)]);
    }

    #[test]
    fn reordered_packets_play_in_sequence() {
        let mut jb = JitterBuffer::new(2);
        assert_eq!(
            play(&mut jb, &[1, 3, 2, 5, 4, 6, 7]),
            vec![p(1), p(2), p(3), p(4), p(5)]
        );
    }

    #[test]
    fn a_lost_packet_is_rebuilt_from_the_next_ones_fec_or_concealed() {
        let mut jb = JitterBuffer::new(2);
        // 3 lost (4 is there: FEC); 6 and 7 lost (7's successor 8 only helps 7).
        let out = play(&mut jb, &[1, 2, 4, 5, 8, 9, 10, 11]);
        assert_eq!(
            out,
            vec![
                p(1),
                p(2),
                Playout::Fec(vec![4]),
                p(4),
                p(5),
                Playout::Lost,
                Playout::Fec(vec![8]),
                p(8),
                p(9)
            ]
        );
    }

    #[test]
    fn late_and_duplicate_packets_are_dropped() {
        let mut jb = JitterBuffer::new(1);
        let out = play(&mut jb, &[1, 2, 3, 1, 3, 4]);
        assert_eq!(out, vec![p(1), p(2), p(3)]);
        assert_eq!(jb.late, 1);
        assert_eq!(jb.duplicates, 1);
    }

    #[test]
    fn the_sequence_number_wraps() {
        let mut jb = JitterBuffer::new(1);
        let out = play(&mut jb, &[65534, 0, 65535, 1, 2]);
        assert_eq!(out, vec![p(254), p(255), p(0), p(1)]);
    }

    #[test]
    fn a_stream_restarted_lower_plays_on() {
        let mut jb = JitterBuffer::new(1);
        let out = play(&mut jb, &[5000, 5001, 5002, 10, 11, 12]);
        assert_eq!(
            out,
            vec![p((5000 % 256) as u8), p((5001 % 256) as u8), p(10), p(11)]
        );
    }

    #[test]
    fn a_restarted_stream_plays_on() {
        let mut jb = JitterBuffer::new(1);
        let out = play(&mut jb, &[1, 2, 3, 1000, 1001, 1002]);
        assert_eq!(
            out,
            vec![p(1), p(2), p((1000 % 256) as u8), p((1001 % 256) as u8)]
        );
    }
}
